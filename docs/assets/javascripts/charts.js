// Draws every chart on the page with Vega-Embed (served by the site itself) from
// the spec inlined beside it. mkdocs-material's instant navigation swaps pages
// without re-running scripts, so drawing hangs on its document$ observable; a
// palette switch redraws every chart in the matching theme.
(function () {
  "use strict";

  function theme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : undefined;
  }

  function draw(view) {
    var spec = JSON.parse(view.querySelector("script.chart-spec").textContent);
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
    view.dataset.rendered = "pending";
    return vegaEmbed(target, spec, options).then(function (result) {
      view.chart = result;
      view.dataset.rendered = "true";
      view.classList.add("chart-drawn");
    }).catch(function (error) {
      view.dataset.rendered = "failed";
      console.error("chart " + view.dataset.chart + ": " + error);
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
