// Each chart shows its static image, drawn at build time in the chart's default view (figure.md.j2), from the first
// paint. Vega (served by the site itself) is loaded and draws a chart in its place only when the reader's view asks
// for another (a selector, the URL, a remembered choice), or when the reader points at the chart for its tooltips
// or saves its view as PNG. It draws from the spec file named in the chart's data-spec attribute, compiled from
// Vega-Lite at build time in the light palette (<chart>.json) and the dark one (<chart>.dark.json), without the
// selectors: those are HTML under the chart, and set its signals. mkdocs-material's instant navigation swaps pages
// without re-running scripts, so this hangs on its document$ observable; a palette switch redraws every drawn chart
// in the matching palette (a static one shows the image of that palette).
//
// The page keeps each chart's room before its image loads, so it does not jump; once every chart on a page shows,
// the performance mark "charts-shown" says when (benchmarks/page_load.py reads it).
//
// The view (?scenario=&year=&partnership=&measure=) lives in the URL and drives every chart, table and
// sentence on the page: a chart's selector changes it in place (the current history entry is replaced, so one
// Back press leaves the page, as Our World in Data's grapher does), a link restores it, and the page's views
// file (named by its .view-state element) gives the text of each part marked data-v for every view.
// Values from the URL are checked against the page's own lists and only ever written as text.
(function () {
  "use strict";

  var PARAMS = ["scenario", "year", "partnership", "measure"];
  var loaded = {};  // script file name → promise

  // A script of the site's, loaded once and only when needed: Vega by a chart the reader asks to draw, build.js by
  // the build page and by a figure's working.
  function loadScript(name) {
    if (!loaded[name]) {
      var self = document.querySelector("script[src$='javascripts/charts.js']");
      var script = document.querySelector("script[src$='" + name + "']");
      loaded[name] = new Promise(function (resolve, reject) {
        if (!script) {
          script = document.createElement("script");
          script.src = self.src.replace(/javascripts\/charts\.js$/, name);
          document.head.appendChild(script);
        }
        script.addEventListener("load", resolve);
        script.addEventListener("error", function () {
          delete loaded[name];
          reject(new Error("could not load " + script.src));
        });
      });
    }
    return loaded[name];
  }

  function loadVega() {
    return typeof vega !== "undefined" ? Promise.resolve() : loadScript("vendor/vega.min.js");
  }

  // The theme's colour scheme: "default" (light) or "slate" (dark).
  function palette() {
    return document.body.getAttribute("data-md-color-scheme") || "default";
  }

  var specs = {};  // spec URL → promise of the spec, fetched once a visit

  // The spec for the page's palette, fetched while Vega loads: a chart is only drawn by Vega when asked to be.
  function fetchSpec(url) {
    url = palette() === "slate" ? url.replace(/\.json$/, ".dark.json") : url;
    if (!specs[url]) {
      specs[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      });
      specs[url].catch(function () { delete specs[url]; });
    }
    return Promise.all([specs[url], loadVega()]).then(function (done) { return done[0]; });
  }

  // A Vega view drawn as SVG into `target`, replacing what is there (the static image, or the chart drawn before).
  // `width` is the target's, read with every other chart's in one layout of the page (`showCharts`): given it, the
  // view is built before it is put in the page and reads no layout itself, so charts drawn one after another do
  // not each make the browser lay out the whole page again. `prepare(view)` sets its signals before it first
  // runs: one run, not a run and a second one to apply them.
  function drawView(target, spec, prepare, width) {
    if (target.chart) { target.chart.finalize(); }
    target.replaceChildren();
    var chart = new vega.View(vega.parse(spec), { renderer: "svg" });
    if (width > 0) {
      try { chart.signal("width", width); } catch (error) { /* a chart of fixed width */ }
    }
    target.chart = chart.initialize(target);
    if (prepare) { prepare(chart); }
    return chart.runAsync();
  }

  // A drawn chart is an image with the description the static image carries.
  function name(chartView, target) {
    var svg = target.querySelector("svg");
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", chartView.dataset.alt || "Chart");
    }
  }

  window.friendshoringCharts = { palette: palette, fetchSpec: fetchSpec, drawView: drawView, name: name };
  var view = null;  // { settings: element, names: partnership → name, state: {…}, views: promise of the views file }

  function chartTarget(chartView) {
    return chartView.querySelector(".chart-target");  // figure.md.j2: it holds the static image until Vega draws
  }

  // The chart drawn by Vega in the reader's view, in place of its static image (once: a drawn chart follows the view
  // by its signals). `width`: the target's, where read already.
  function draw(chartView, width) {
    if (chartView.drawing) { return chartView.drawing; }
    chartView.dataset.rendered = "pending";
    var target = chartTarget(chartView);
    chartView.drawing = fetchSpec(chartView.dataset.spec)
      .then(function (spec) {
        return drawView(target, spec, function (chart) { setSignals(chart, chartView); },
          width === undefined ? target.clientWidth : width);
      })
      .then(function (chart) {
        chartView.chart = chart;
        name(chartView, target);
        chartView.dataset.rendered = "true";
        chartView.classList.add("chart-drawn");
        markShown();
      })
      .catch(function (error) {
        chartView.dataset.rendered = "failed";
        delete chartView.drawing;
        console.error("chart " + chartView.dataset.chart + ": " + error);
      });
    return chartView.drawing;
  }

  // A chart left in its default view shows its static image: "static" once the image of the page's palette loads.
  // Both palettes' images are lazy, so that the other is never fetched; the page's own loads at once, off screen too.
  function showStatic(chartView) {
    var img = chartView.querySelector(palette() === "slate" ? ".chart-dark img" : ".chart-light img");
    if (!img || chartView.drawing || img.loading === "eager") { return; }  // watched already: apply() calls this again
    img.loading = "eager";
    var shown = function () {
      if (!chartView.drawing) { chartView.dataset.rendered = "static"; }
      markShown();
    };
    if (img.complete && img.naturalWidth > 0) { shown(); } else { img.addEventListener("load", shown, { once: true }); }
  }

  // The first time every chart of the page shows: a performance mark, for the page-load benchmark.
  function markShown() {
    var views = document.querySelectorAll(".chart-view");
    var all = Array.prototype.every.call(views, function (v) { return /^(true|static)$/.test(v.dataset.rendered); });
    if (all && !document.body.dataset.chartsShown) {
      document.body.dataset.chartsShown = "true";
      performance.mark("charts-shown");
    }
  }

  // This view of a chart as a PNG, on the page's background so the dark palette's light text stays legible, with
  // what it shows above it (its heading, and the view its selectors show) and its sources, the data's date and the
  // page's address under it, as the downloadable SVG has them (render.py export_svg).
  function savePNG(chartView) {
    var chart = chartView.chart, page = getComputedStyle(document.body);
    if (!chart) { return; }
    var own = chart.background(), fill = /^rgba\(.*, 0\)$/.test(page.backgroundColor) ? "#ffffff" : page.backgroundColor;
    chart.background(fill);
    chart.toCanvas(PNG_SCALE).then(function (drawn) {
      var link = document.createElement("a");
      link.href = withContext(drawn, chartView, fill, page.color).toDataURL("image/png");
      link.download = chartView.dataset.chart + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    }).finally(function () { chart.background(own).runAsync(); });
  }

  var PNG_SCALE = 2, FONT = "Helvetica, Arial, sans-serif";

  // The drawn chart's canvas on a new one with the chart's context: lines of [text, font size (px), bold] above and
  // below it, each wrapped to the chart's width.
  function withContext(drawn, chartView, fill, colour) {
    var view = Array.prototype.map.call(chartView.querySelectorAll(".vega-bind"), function (bind) {
      var select = bind.querySelector("select");
      return bind.querySelector(".vega-bind-name").textContent.trim() + ": " + select.options[select.selectedIndex].text;
    }).join(" · ");
    var above = [[chartView.dataset.exportHeading, 15, true], [view, 12, false]];
    var below = [[chartView.dataset.exportSource, 11, false]];
    var pad = 12 * PNG_SCALE, canvas = document.createElement("canvas"), context = canvas.getContext("2d");
    function font(line) { return (line[2] ? "bold " : "") + line[1] * PNG_SCALE + "px " + FONT; }
    function wrapped(lines) {
      return lines.filter(function (line) { return line[0]; }).flatMap(function (line) {
        context.font = font(line);
        var out = [""];
        line[0].split(" ").forEach(function (word) {
          var next = out[out.length - 1] ? out[out.length - 1] + " " + word : word;
          if (context.measureText(next).width > drawn.width - 2 * pad && out[out.length - 1]) { out.push(word); }
          else { out[out.length - 1] = next; }
        });
        return out.map(function (text) { return [text, line[1], line[2]]; });
      });
    }
    above = wrapped(above);
    below = wrapped(below);
    function height(lines) { return lines.reduce(function (sum, line) { return sum + line[1] * 1.3 * PNG_SCALE; }, 0); }
    var top = pad + height(above) + pad;
    canvas.width = drawn.width;
    canvas.height = top + drawn.height + pad + height(below) + pad;
    context.fillStyle = fill;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(drawn, 0, top);
    context.fillStyle = colour;
    var y = pad;
    function write(line) {
      y += line[1] * 1.3 * PNG_SCALE;
      context.font = font(line);
      context.fillText(line[0], pad, y - line[1] * 0.3 * PNG_SCALE);
    }
    above.forEach(write);
    y = top + drawn.height + pad;
    below.forEach(write);
    return canvas;
  }

  // Regions that scroll sideways (wide tables, rows of tabs) take the keyboard focus, with a name.
  function focusableScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap, .tabbed-labels, .chart-scrolls").forEach(function (el) {
      if (!el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.classList.contains("tabbed-labels") ? "Tabs" :
          el.classList.contains("chart-scrolls") ? "Chart (scrolls sideways)" : "Table (scrolls sideways)");
      }
    });
    // Every width is read before any hint is added: one layout, not one per table.
    var wraps = Array.prototype.filter.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      var hint = wrap.previousElementSibling;
      return wrap.scrollWidth > wrap.clientWidth + 1 && !(hint && hint.classList.contains("scroll-hint"));
    });
    // A chart wider than the page says so above it, in the room its figure keeps for the hint (charts.css).
    var overflows = Array.prototype.map.call(document.querySelectorAll(".chart-scrolls"), function (chart) {
      return [chart.closest("figure"), chart.scrollWidth > chart.clientWidth + 1];
    });
    overflows.forEach(function (pair) { pair[0].classList.toggle("chart-overflows", pair[1]); });
    wraps.forEach(function (wrap) {
      var hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.textContent = "More columns to the right: scroll the table sideways →";
      wrap.parentNode.insertBefore(hint, wrap);
    });
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Search");
    });
  }

  // Each chart in the reader's view: drawn by Vega where the view is not its static image's (every drawn one, again,
  // after a palette switch: `redraw`), its static image otherwise.
  function showCharts(redraw) {
    var views = Array.prototype.slice.call(document.querySelectorAll(".chart-view"));
    var todo = views.filter(function (chartView) {
      if (redraw) { return !!chartView.chart; }
      return !chartView.drawing && !inStaticView(chartView);
    });
    if (redraw) { todo.forEach(function (chartView) { delete chartView.drawing; }); }
    var targets = todo.map(chartTarget);  // every target first, then every width in one layout
    var widths = targets.map(function (target) { return target.clientWidth; });
    todo.forEach(function (chartView, i) { draw(chartView, widths[i]); });
    views.forEach(showStatic);
  }

  // --- a chart's selectors (HTML, under it) ------------------------------------------------------------------

  // The value of each of a chart's parameters in the reader's view: its selectors, set by the page's view where it
  // has one, and the partnership it boxes.
  function wanted(chartView) {
    var values = {};
    chartView.querySelectorAll(".vega-bind select").forEach(function (select) { values[select.name] = select.value; });
    if (view) {
      PARAMS.forEach(function (name) { if (name in values) { values[name] = view.state[name]; } });
      values.chosen = view.names[view.state.partnership];
    }
    return values;
  }

  // Whether the reader's view of a chart is the one its static image shows (data-defaults, set at build time).
  function inStaticView(chartView) {
    var defaults = JSON.parse(chartView.dataset.defaults || "{}"), values = wanted(chartView);
    return Object.keys(defaults).every(function (name) {
      return !(name in values) || String(values[name]) === String(defaults[name]);
    });
  }

  // The chart's selectors show the page's view; they appear once this script can act on them.
  function syncSelects(chartView) {
    var bindings = chartView.querySelector(".vega-bindings");
    if (bindings) { bindings.hidden = false; }
    if (!view) { return; }
    chartView.querySelectorAll(".vega-bind select").forEach(function (select) {
      if (PARAMS.indexOf(select.name) >= 0) { select.value = view.state[select.name]; }
    });
  }

  // A chart's selector moved: the page's view follows (in the URL, and everywhere else on the page); a selector the
  // page's view does not hold moves its chart alone.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches(".chart-view .vega-bind select")) { return; }
    if (view && PARAMS.indexOf(select.name) >= 0) {
      view.state[select.name] = select.value;
      writeState(view.state);
      apply();
    } else {
      update(select.closest(".chart-view"));
    }
  });

  // A chart the reader points at (or tabs to) is drawn by Vega, for its tooltips.
  function drawPointedAt(event) {
    var chartView = event.target.closest && event.target.closest(".chart-view");
    if (chartView && !chartView.drawing) { draw(chartView); }
  }
  document.addEventListener("pointerover", drawPointedAt);
  document.addEventListener("focusin", drawPointedAt);

  // One chart in the reader's view: a drawn one runs with its signals set to it; one in its static image's view stays.
  function update(chartView) {
    syncSelects(chartView);
    if (chartView.chart) { return applySignals(chartView.chart, chartView); }
    if (!chartView.drawing && !inStaticView(chartView)) { draw(chartView); }
  }

  // "This view (PNG)": the chart drawn first where it is still its static image.
  function offerPNG(chartView) {
    var save = chartView.closest("figure").querySelector(".chart-save");
    if (save) {
      save.classList.add("chart-save-offered");
      save.querySelector("button").onclick = function () {
        draw(chartView).then(function () { savePNG(chartView); });
      };
    }
  }

  // --- the view in the URL -------------------------------------------------------------------------

  function choices(settings) {
    return {
      scenario: settings.dataset.scenarios.split(" "),
      year: settings.dataset.years.split(" "),
      partnership: Object.keys(JSON.parse(settings.dataset.partnerships)),
      measure: settings.dataset.measures.split(" ")
    };
  }

  // The reader's last choice of partnership, scenario and year, kept in the browser so that the next page opens
  // on it. Storage may be refused (private modes, a full quota): the page then opens on its default view.
  var REMEMBERED = ["scenario", "year", "partnership"], STORE = "friendshoring-minerals.view";

  function remembered() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (error) { return {}; }
  }

  function remember(state) {
    var kept = {};
    REMEMBERED.forEach(function (name) { kept[name] = state[name]; });
    try { window.localStorage.setItem(STORE, JSON.stringify(kept)); } catch (error) { /* not kept */ }
  }

  function forget() {
    try { window.localStorage.removeItem(STORE); } catch (error) { /* nothing kept */ }
  }

  // The view the URL asks for; a value the page does not know falls back to the default, and says so. Where the
  // URL says nothing, the reader's remembered choice, if this page offers it; then the page's default.
  function readState(settings) {
    var params = new URLSearchParams(window.location.search), saved = remembered();
    var allowed = choices(settings), state = {}, unknown = [];
    PARAMS.forEach(function (name) {
      var value = params.get(name);
      if (value !== null && allowed[name].indexOf(value) < 0) {
        unknown.push("Unknown " + name + " “" + value.slice(0, 40) + "”: showing " + settings.dataset[name] + ".");
        value = null;
      }
      if (value === null && REMEMBERED.indexOf(name) >= 0 && allowed[name].indexOf(saved[name]) >= 0) {
        value = saved[name];
      }
      state[name] = value === null ? settings.dataset[name] : value;
    });
    var notice = document.querySelector(".view-notice");
    if (notice) {
      notice.textContent = unknown.join(" ");
      notice.hidden = unknown.length === 0;
    }
    return state;
  }

  function isDefault(settings, state) {
    return PARAMS.every(function (name) { return state[name] === settings.dataset[name]; });
  }

  // The view into the URL (in place: one Back press still leaves the page) and into the reader's memory.
  function writeState(state) {
    replaceView(function (params, name) { params.set(name, state[name]); });
    remember(state);
  }

  // Back to the site's default view: the URL without a view, nothing remembered.
  function resetView() {
    replaceView(function (params, name) { params.delete(name); view.state[name] = view.settings.dataset[name]; });
    forget();
    apply();
  }

  // The URL with each view parameter changed by `change(params, name)`, in place of the current history entry.
  function replaceView(change) {
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) { change(params, name); });
    var search = params.toString();
    window.history.replaceState({ view: true }, "", window.location.pathname + (search ? "?" + search : "") +
      window.location.hash);
  }

  function showReset() {
    var reset = document.querySelector(".view-reset");
    if (reset) { reset.hidden = isDefault(view.settings, view.state); }
  }

  // Set a drawn chart's signals to the reader's view of it (`wanted`), without running it. A chart that boxes the
  // reader's partnership knows it by the name it prints (charts.py CHOSEN).
  function setSignals(chart, chartView) {
    var values = wanted(chartView);
    Object.keys(values).forEach(function (name) {
      try {
        chart.signal(name, name === "year" ? Number(values[name]) : values[name]);
      } catch (error) { /* this chart has no such signal */ }
    });
  }

  // ... and run it.
  function applySignals(chart, chartView) {
    setSignals(chart, chartView);
    return chart.runAsync();
  }

  function viewsFile(settings) {
    if (!view.views) {
      view.views = fetch(settings.dataset.views).then(function (response) { return response.json(); });
    }
    return view.views;
  }

  // One segment of a part of the page: words as text, a figure as an element naming its published cell
  // (data-cell), with the reason behind an n/c or a dash one focus or tap away.
  function segment(part) {
    if (!part[1] && !part[2]) { return document.createTextNode(part[0]); }
    var el = document.createElement("span");
    el.className = "fig";
    el.textContent = part[0];
    if (part[1]) { el.setAttribute("data-cell", part[1]); }
    if (part[2]) { el.setAttribute("title", part[2]); }
    if (part[2] || part[1].indexOf(WORKING) === 0) { el.setAttribute("tabindex", "0"); }
    return el;
  }

  // --- the working behind a coverage figure: focus or click it --------------------------------------------

  var WORKING = "downloads/sufficiency.csv";
  var buildData = null;  // promise of downloads/build.json, fetched the first time a reader asks

  function siteRoot() {
    return document.querySelector("script[src$='javascripts/charts.js']").src
      .replace(/assets\/javascripts\/charts\.js$/, "");
  }

  function node(tag, text, attributes) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    Object.keys(attributes || {}).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    return el;
  }

  function showWorking(figure) {
    var url = new URL(figure.dataset.cell, siteRoot());
    var key = Object.fromEntries(url.searchParams.entries()), measure = url.hash.slice(1);
    if (!buildData) {
      buildData = loadScript("javascripts/build.js").then(function () {
        return fetch(siteRoot() + "downloads/build.json");
      }).then(function (response) { return response.json(); });
      buildData.catch(function () { buildData = null; });
    }
    buildData.then(function (data) {
      var partnership = data.partnerships[key.partnership];
      if (!partnership || document.activeElement !== figure && !figure.matches(":hover")) { return; }
      var w = window.friendshoringEngine.working(data, key.mineral, partnership.members, key.scenario,
        Number(key.year), measure);
      renderWorking(figure, data, w, partnership.name);
    }).catch(function (error) { console.error("working: " + error); });
  }

  function amount(data, value, unit) {
    var fmt = data.declarations.formats[unit === "kt" ? "kt" : "tonnes"];
    return window.friendshoringEngine.label(data.declarations, fmt, value, "", true, false);
  }

  function renderWorking(figure, data, w, partnershipName) {
    var box = document.getElementById("working") || node("div", "", { id: "working", "class": "working",
      role: "dialog", "aria-label": "How this figure was made" });
    var root = siteRoot();
    box.replaceChildren();
    box.append(node("p", w.label + ": " + w.measure.label.toLowerCase() + ", " + w.mineral.name.toLowerCase() +
      ", " + partnershipName + ", " + w.scenario + " " + w.year));
    // Words first: what the figure measures; the formula, in symbols, after the amounts it is made of.
    box.append(node("p", w.measure.description));
    if (figure.title) { box.append(node("p", "Why: " + figure.title + ".")); }
    [["Numerator", w.numerator], ["Denominator", w.denominator]].forEach(function (pair) {
      var part = pair[1];
      var value = part.value === null ? data.declarations.marks.missing : amount(data, part.value, part.unit);
      box.append(node("p", pair[0] + " = " + value + ". " + part.description));
      if (part.parts && part.parts.length) {
        var list = node("ul");
        part.parts.forEach(function (p) {
          var item = node("li", data.countries[p.country] + ": " + amount(data, p.value, p.unit) + " (");
          item.append(node("a", p.table + ".csv", { href: root + "downloads/" + p.table + ".csv" }), ")");
          list.append(item);
        });
        box.append(list);
      }
      if (/demand/.test(part.name)) {
        box.append(node("p", "IEA demand, " + w.scenario + " " + w.year + ": " + amount(data, w.demand_kt, "kt") +
          " (" + (w.mineral.scope === "total" ? "total demand" : "clean-technology demand only") +
          "; IEA Critical Minerals Data Explorer, demand.csv)."));
      }
      part.left_out.forEach(function (l) {
        box.append(node("p", "Left out: " + data.countries[l.country] + ", " + l.reason + "."));
      });
    });
    box.append(node("p", "Basis: " + (/supply_t/.test(w.measure.numerator + w.measure.denominator) ?
      w.supply_basis : "as the formula says") + (w.note ? ". " + w.note : "") + "."));
    box.append(node("p", "Formula: " + w.measure.formula + "."));
    var source = node("p", "The figure: ");
    source.append(node("a", "sufficiency.csv", { href: root + WORKING }), " (" + figure.dataset.cell.split("?")[1] + ").");
    box.append(source);
    figure.setAttribute("aria-describedby", "working");
    var rect = figure.getBoundingClientRect();
    box.style.top = (window.scrollY + rect.bottom + 4) + "px";
    box.hidden = false;
    document.body.appendChild(box);
    // Beside the figure, but never past the screen's right edge (a phone's 390 px): placed once its width is known.
    var room = document.documentElement.clientWidth - box.offsetWidth - 8;
    box.style.left = (window.scrollX + Math.max(8, Math.min(rect.left, room))) + "px";
  }

  function hideWorking() {
    var box = document.getElementById("working");
    if (box) { box.hidden = true; }
  }

  document.addEventListener("focusin", function (event) {
    var figure = event.target.closest && event.target.closest(".fig[data-cell^='" + WORKING + "']");
    if (figure) { showWorking(figure); } else if (!event.target.closest("#working")) { hideWorking(); }
  });
  document.addEventListener("click", function (event) {
    var figure = event.target.closest(".fig[data-cell^='" + WORKING + "']");
    if (figure) { figure.focus(); showWorking(figure); } else if (!event.target.closest("#working")) { hideWorking(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hideWorking(); }
  });

  function apply() {
    var settings = view.settings, state = view.state;
    showReset();
    document.querySelectorAll("select[data-view-param]").forEach(function (select) {
      select.value = state[select.dataset.viewParam];
    });
    document.querySelectorAll(".chart-view").forEach(function (chartView) {
      syncSelects(chartView);
      if (chartView.chart) { applySignals(chartView.chart, chartView); }
    });
    showCharts(false);
    var names = view.names;
    document.querySelectorAll("[data-member-header]").forEach(function (el) {
      el.textContent = names[state.partnership];
    });
    document.querySelectorAll("[data-members]").forEach(function (el) {
      el.textContent = el.dataset.members.split(" ").indexOf(state.partnership) >= 0 ? "yes" : "";
    });
    document.querySelectorAll("[data-row-partnership]").forEach(function (el) {
      var row = el.closest("tr");
      if (row) { row.classList.toggle("view-selected", el.dataset.rowPartnership === state.partnership); }
    });
    document.querySelectorAll("[data-col-partnership]").forEach(function (el) {  // a grid's column: a phone shows it alone
      el.classList.toggle("view-chosen", el.dataset.colPartnership === state.partnership);
    });
    var key = state.scenario + "|" + state.year;
    var parts = document.querySelectorAll("[data-v]");
    if (parts.length === 0) { return Promise.resolve(); }
    return viewsFile(settings).then(function (views) {
      parts.forEach(function (el) {
        // A part that follows the partnership too (the answer a page opens with) is kept under its key + partnership.
        var name = el.dataset.v.split("{measure}").join(state.measure);  // a part of the measure chosen
        var entry = (views[key + "|" + state.partnership] || {})[name] || (views[key] || {})[name];
        if (entry) { el.replaceChildren.apply(el, entry.map(segment)); }
      });
      document.body.dataset.view = key + "|" + state.partnership + "|" + state.measure;
    });
  }

  function copyLink() {
    var canonical = document.querySelector("link[rel=canonical]");
    var url = new URL(canonical ? canonical.href : window.location.href);
    url.search = window.location.search;
    var done = document.querySelector(".view-copied");
    var text = url.toString();
    (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject())
      .then(function () { done.textContent = "Link copied: " + text; })
      .catch(function () { done.textContent = text; });
  }

  // The URL's fragment as an element id: "" where it is not well-formed percent-encoding ("#%zz").
  function fragment() {
    try { return decodeURIComponent(window.location.hash.slice(1)); } catch (error) { return ""; }
  }

  function initView() {
    delete document.body.dataset.view;  // set again once this page shows its view
    var settings = document.querySelector(".view-state");
    view = settings ? { settings: settings, names: JSON.parse(settings.dataset.partnerships), state: readState(settings),
      views: null } : null;
    if (!view) { return; }
    // An anchor a measure's own table had (the compare page) opens the grid on that measure, unless the URL names one;
    // the measure then goes into the URL, so that a copied link or a Back press keeps it.
    var anchor = document.getElementById(fragment());
    if (anchor && anchor.dataset.measureAnchor && !new URLSearchParams(window.location.search).has("measure")) {
      view.state.measure = anchor.dataset.measureAnchor;
      writeState(view.state);
    }
    var copy = document.querySelector(".view-copy"), reset = document.querySelector(".view-reset");
    if (copy) { copy.addEventListener("click", copyLink); }
    if (reset) { reset.addEventListener("click", resetView); }
    showReset();
    document.querySelectorAll("select[data-view-param]").forEach(function (select) {
      select.addEventListener("change", function () {
        view.state[select.dataset.viewParam] = select.value;
        writeState(view.state);
        apply();
      });
    });
    if (isDefault(settings, view.state)) {
      document.body.dataset.view = [view.state.scenario, view.state.year, view.state.partnership,
        view.state.measure].join("|");
    } else {
      var asked = new URLSearchParams(window.location.search);
      if (REMEMBERED.some(function (name) { return !asked.has(name) && view.state[name] !== settings.dataset[name]; })) {
        writeState(view.state);  // a remembered choice goes into the URL: a copied link or a reload gives this view
      }
      apply();
    }
  }

  window.addEventListener("popstate", function () {
    if (!view) { return; }
    view.state = readState(view.settings);
    apply();
  });

  document$.subscribe(function () {
    if (document.getElementById("build-app")) { loadScript("javascripts/build.js"); }
    initView();
    document.querySelectorAll(".chart-view").forEach(function (chartView) {
      syncSelects(chartView);
      offerPNG(chartView);
    });
    showCharts(false);
    focusableScrollers();
  });
  new MutationObserver(function () { showCharts(true); }).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"],
  });
})();
