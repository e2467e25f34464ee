// Draws every chart on the page with Vega-Embed (served by the site itself) from
// the spec file named in its data-spec attribute; the static SVG stays if that
// fails. mkdocs-material's instant navigation swaps pages without re-running
// scripts, so drawing hangs on its document$ observable; a palette switch
// redraws every chart in the matching theme.
(function () {
  "use strict";

  function theme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : undefined;
  }

  function draw(view) {
    view.dataset.rendered = "pending";
    return fetch(view.dataset.spec)
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status + " " + view.dataset.spec);
        }
        return response.json();
      })
      .then(function (spec) { return embed(view, spec); })
      .catch(function (error) {
        view.dataset.rendered = "failed";
        console.error("chart " + view.dataset.chart + ": " + error);
      });
  }

  function embed(view, spec) {
    var target = view.querySelector(".chart-target");
    if (!target) {
      target = document.createElement("div");
      target.className = "chart-target";
      view.appendChild(target);
    }
    if (view.chart) {
      view.chart.finalize();
    }
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    };
    if (theme()) {
      options.theme = theme();
    }
    return vegaEmbed(target, spec, options).then(function (result) {
      view.chart = result;
      view.dataset.rendered = "true";
      view.classList.add("chart-drawn");
    });
  }

  function drawAll(redraw) {
    document.querySelectorAll(".chart-view").forEach(function (view) {
      if (redraw || !view.dataset.rendered) {
        draw(view);
      }
    });
  }

  document$.subscribe(function () { drawAll(false); });
  new MutationObserver(function () { drawAll(true); }).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"],
  });
})();
