// Build your own partnership: the engine's definitions (generator/metrics.py, generator/bounds.py) applied
// in the browser to the members the reader picks, from the one JSON the generator publishes
// (downloads/build.json). The state lives in the URL: ?members=USA,AUS&name=…&scenario=NZE&year=2030.
// Data values and the URL are only ever written as text (textContent), never as HTML.
(function () {
  "use strict";

  var MEASURES = ["world_share", "world_reserves_share", "production_sufficiency", "projected_sufficiency",
    "refining_sufficiency", "reserves_sufficiency", "reserve_life_years", "buildout_multiple", "historical_cagr"];
  var RATIOS = ["production_sufficiency", "projected_sufficiency", "refining_sufficiency", "reserves_sufficiency"];

  // --- the engine ----------------------------------------------------------------------------------

  function ratio(a, b) {
    return a === null || b === null || b === 0 || !isFinite(b) ? null : a / b;
  }

  function growthRate(multiple, years) {
    return multiple !== null && multiple > 0 && years > 0 ? Math.pow(multiple, 1 / years) - 1 : null;
  }

  // Members' total of one table for one mineral: 0 when no member is listed, null when every listed
  // member's figure is withheld or not available (metrics.member_totals).
  function totals(table, members) {
    table = table || {};
    var listed = members.filter(function (c) { return c in table; });
    var values = listed.map(function (c) { return table[c][0]; }).filter(function (v) { return v !== null; });
    return {
      total: listed.length === 0 ? 0 : (values.length ? values.reduce(function (a, b) { return a + b; }, 0) : null),
      left: listed.filter(function (c) { return table[c][0] === null; })
    };
  }

  // Sums of two figures over the members that have both (metrics._members_with_both).
  function bothSums(first, second, members) {
    first = first || {}; second = second || {};
    var a = 0, b = 0, any = false;
    members.forEach(function (c) {
      if (c in first && c in second && first[c][0] !== null && second[c][0] !== null) {
        a += first[c][0]; b += second[c][0]; any = true;
      }
    });
    return any ? [a, b] : null;
  }

  // Cumulative demand (t) from the base year to 2050, linear between milestone years.
  function cumulative(series, start) {
    var years = Object.keys(series).map(Number).sort(function (x, y) { return x - y; });
    var total = 0;
    for (var y = start; y <= 2050; y++) {
      var i = 0;
      while (i < years.length - 1 && years[i + 1] < y) { i++; }
      var y0 = years[i], y1 = years[Math.min(i + 1, years.length - 1)];
      var v0 = series[y0], v1 = series[y1];
      total += y1 === y0 ? v0 : v0 + (v1 - v0) * (y - y0) / (y1 - y0);
    }
    return total * 1000;
  }

  // The IEA's supply of the members it names (kt), the share it leaves in rest of world, and the members
  // it does not name (metrics.iea_supply).
  function iea(data, stage, mineral, year, members) {
    var entry = ((data.iea[stage] || {})[mineral] || {})[String(year)];
    if (!entry) { return { supply: null, rest: null, unnamed: [] }; }
    var world = Object.keys(entry).reduce(function (s, k) { return s + entry[k]; }, 0);
    var named = members.filter(function (c) { return c in entry; });
    return {
      supply: named.length ? named.reduce(function (s, c) { return s + entry[c]; }, 0) : null,
      rest: ratio(entry._rest === undefined ? null : entry._rest, world),
      unnamed: members.filter(function (c) { return !(c in entry); })
    };
  }

  function compute(data, members, scenario, year) {
    return data.minerals.map(function (m) {
      var slug = m.slug;
      var production = totals(data.production[slug], members);
      var reserves = totals(data.reserves[slug], members);
      var world = data.world[slug] || {};
      var series = data.demand[slug][scenario];
      var demandKt = series[String(year)];
      var mining = iea(data, "mining", slug, year, members);
      var refining = iea(data, "refining", slug, year, members);
      var supply = production.total, supplyYear = data.base_year, supplyLeft = production.left;
      if (m.iea_basis) {
        var years = Object.keys((data.iea.mining || {})[slug] || {}).map(Number).sort();
        var base = iea(data, "mining", slug, years[0], members);
        supply = base.supply === null ? (production.total === 0 ? 0 : null) : base.supply * 1000;
        supplyYear = years[0];
        supplyLeft = base.unnamed.filter(function (c) { return producing(data, slug, c); });
      }
      var multiple = ratio(data.target_share * demandKt * 1000, supply);
      var history = bothSums(data.production_start[slug], data.production[slug], members);
      var life = bothSums(data.production[slug], data.reserves[slug], members);
      var row = {
        mineral: slug, name: m.name, scope: m.scope, not_comparable: m.not_comparable,
        world_share: ratio(production.total, world.production === undefined ? null : world.production),
        world_reserves_share: ratio(reserves.total, world.reserves === undefined ? null : world.reserves),
        production_sufficiency: ratio(supply, demandKt * 1000),
        projected_sufficiency: ratio(mining.supply, demandKt),
        refining_sufficiency: ratio(refining.supply, demandKt),
        reserves_sufficiency: ratio(reserves.total, cumulative(series, data.base_year)),
        reserve_life_years: life ? ratio(life[1], life[0]) : null,
        buildout_multiple: multiple,
        buildout_cagr: growthRate(multiple, year - supplyYear),
        historical_cagr: history ? growthRate(ratio(history[1], history[0]), data.base_year - data.history_start) : null
      };
      var producers = mining.unnamed.filter(function (c) { return producing(data, slug, c); });
      row.bounds = {
        world_share: production.left.length > 0,
        production_sufficiency: supplyLeft.length > 0,
        buildout_multiple: supplyLeft.length > 0,
        world_reserves_share: reserves.left.length > 0,
        reserves_sufficiency: reserves.left.length > 0,
        projected_sufficiency: row.projected_sufficiency !== null && producers.length > 0 && mining.rest > 0,
        refining_sufficiency: row.refining_sufficiency !== null && refining.unnamed.length > 0 && refining.rest > 0
      };
      row.left_out = production.left.concat(reserves.left).filter(function (c, i, all) {
        return all.indexOf(c) === i;
      });
      return row;
    });
  }

  // A country the USGS lists with output (a figure above 0, or withheld / not available): metrics.producers.
  function producing(data, mineral, country) {
    var row = (data.production[mineral] || {})[country];
    return row !== undefined && row[0] !== 0;
  }

  // --- how numbers read (generator/formatting.py) ----------------------------------------------------

  function significant(x, digits) {
    if (x === 0) { return "0"; }
    var decimals = digits - 1 - Math.floor(Math.log10(Math.abs(x)));
    var rounded = Math.round(x * Math.pow(10, decimals)) / Math.pow(10, decimals);
    return rounded.toLocaleString("en-US", { minimumFractionDigits: Math.max(decimals, 0),
      maximumFractionDigits: Math.max(decimals, 0) });
  }

  function percent(x) {
    if (x === null) { return "—"; }
    if (x !== 0 && Math.abs(x) < 0.001) { return "< 0.1%"; }
    var v = x * 100;
    if (v === 0) { return "0%"; }
    return significant(v, Math.abs(v) >= 100 ? 3 : 2) + "%";
  }

  function format(row, measure) {
    var value = row[measure];
    if (row.not_comparable.indexOf(measure) >= 0 ||
        (measure === "buildout_multiple" && row.not_comparable.indexOf("production_sufficiency") >= 0)) {
      return "n/c";
    }
    if (value === null) { return "—"; }
    var sign = row.bounds[measure] ? (measure === "buildout_multiple" ? "≤ " : "≥ ") : "";
    var mark = row.scope === "cleantech" && (RATIOS.indexOf(measure) >= 0 || measure === "buildout_multiple") ? "†" : "";
    if (measure === "reserve_life_years") { return significant(value, 2) + " years"; }
    if (measure === "historical_cagr") { return percent(value) + "/yr"; }
    if (measure === "buildout_multiple") {
      return value <= 1 ? "none: covered today" + mark : sign + significant(value, 2) + "×, " + sign +
        percent(row.buildout_cagr) + "/yr" + mark;
    }
    if (RATIOS.indexOf(measure) >= 0 && value > 10) { return "more than 10×" + mark; }
    return sign + percent(value) + mark;
  }

  // --- the page ------------------------------------------------------------------------------------

  function readState(data) {
    var params = new URLSearchParams(window.location.search);
    var raw = (params.get("members") || "").split(",").map(function (c) { return c.trim().toUpperCase(); })
      .filter(Boolean);
    var known = raw.filter(function (c, i) { return c in data.countries && raw.indexOf(c) === i; });
    var scenario = params.get("scenario"), year = Number(params.get("year"));
    return {
      members: known,
      ignored: raw.filter(function (c) { return !(c in data.countries); }),
      name: (params.get("name") || "").slice(0, 80),
      scenario: data.scenarios.indexOf(scenario) >= 0 ? scenario : "NZE",
      year: data.years.indexOf(year) >= 0 ? year : 2030
    };
  }

  function writeState(state, push) {
    var params = new URLSearchParams();
    params.set("members", state.members.join(","));
    if (state.name) { params.set("name", state.name); }
    params.set("scenario", state.scenario);
    params.set("year", String(state.year));
    var url = window.location.pathname + "?" + params.toString().replace(/%2C/g, ",");
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }

  function render(app, data, state) {
    var rows = compute(data, state.members, state.scenario, state.year);
    var title = state.name || "Your partnership";
    app.querySelector("#build-heading").textContent = title + ": members";
    var list = app.querySelector("#build-members");
    list.replaceChildren.apply(list, state.members.map(function (code) {
      var item = element("li", data.countries[code] + " (" + code + ")" +
        (data.concern.indexOf(code) >= 0 ? ": a country of concern" : ""));
      var remove = element("button", "Remove", { type: "button", "data-remove": code, "class": "md-button",
        "aria-label": "Remove " + data.countries[code] });
      item.append(" ", remove);
      return item;
    }));
    var ignored = app.querySelector("#build-ignored");
    ignored.hidden = state.ignored.length === 0;
    ignored.textContent = state.ignored.length ? "Ignored, not ISO 3166 codes of countries on this site: " +
      state.ignored.join(", ") : "";
    app.querySelector("#build-summary").textContent = title + ", " + state.members.length + " member" +
      (state.members.length === 1 ? "" : "s") + ": " + state.scenario + " " + state.year + " demand.";
    var body = app.querySelector("#build-table tbody");
    body.replaceChildren.apply(body, rows.map(function (row) {
      var tr = element("tr");
      tr.append(element("th", row.name + (row.scope === "cleantech" ? " †" : ""), { scope: "row" }));
      MEASURES.forEach(function (measure) {
        tr.append(element("td", format(row, measure), { "data-mineral": row.mineral, "data-measure": measure,
          "data-value": row[measure] === null ? "" : String(row[measure]) }));
      });
      tr.append(element("td", row.left_out.join(" ")));
      return tr;
    }));
    var csv = [["mineral", "scenario", "year"].concat(MEASURES).join(",")].concat(rows.map(function (row) {
      return [row.mineral, state.scenario, state.year].concat(MEASURES.map(function (m) {
        return row[m] === null ? "" : String(row[m]);
      })).join(",");
    })).join("\n") + "\n";
    var link = app.querySelector("#build-csv");
    if (link.href.indexOf("blob:") === 0) { URL.revokeObjectURL(link.href); }
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    var url = new URL(app.dataset.siteUrl);
    url.search = window.location.search;
    app.querySelector("#build-citation").textContent = "Friendshoring Critical Minerals, “" + title +
      "”, built in the browser from USGS Mineral Commodity Summaries and the IEA Critical Minerals Data Explorer. " +
      url.toString() + " (accessed " + new Date().toISOString().slice(0, 10) + ").";
    drawChart(app, rows, state);
  }

  // The chart is compiled at build time (charts.py build_bars): only its rows and heading come from here.
  function drawChart(app, rows, state) {
    var charts = window.friendshoringCharts;
    var values = rows.filter(function (r) { return r.not_comparable.indexOf("production_sufficiency") < 0; })
      .map(function (r) {
        return { mineral: r.name + (r.scope === "cleantech" ? " †" : ""), value: r.production_sufficiency,
          label: format(r, "production_sufficiency") };
      });
    var heading = "Share of " + state.scenario + " " + state.year + " demand today's supply covers";
    var target = app.querySelector("#build-chart");
    var palette = charts.palette();
    var draw = target.chart && target.dataset.palette === palette ? Promise.resolve(target.chart) :
      charts.fetchSpec(app.dataset.spec).then(function (spec) {
        target.dataset.palette = palette;
        return charts.drawView(target, spec);
      });
    draw.then(function (chart) {
      return chart.signal("heading", heading).data("rows", values).runAsync();
    }).then(function () {
      app.dataset.alt = heading + ", by mineral, for " + (state.name || "your partnership") +
        "; the table below gives every value.";
      charts.name(app, target);
    }).catch(function (error) { console.error("build chart: " + error); });
  }

  function start(app) {
    fetch(app.dataset.build).then(function (response) { return response.json(); }).then(function (data) {
      var options = app.querySelector("#build-countries");
      options.replaceChildren.apply(options, data.producers.concat(Object.keys(data.countries).filter(function (c) {
        return data.producers.indexOf(c) < 0;
      })).map(function (code) { return element("option", "", { value: data.countries[code] + " (" + code + ")" }); }));
      var state = readState(data);

      function update(push) {
        writeState(state, push);
        render(app, data, state);
      }

      function sync() {
        app.querySelector("#build-name").value = state.name;
        app.querySelector("#build-scenario").value = state.scenario;
        app.querySelector("#build-year").value = String(state.year);
      }

      sync();
      update(false);
      app.querySelector("#build-name").addEventListener("change", function (e) {
        state.name = e.target.value.slice(0, 80); update(true);
      });
      app.querySelector("#build-scenario").addEventListener("change", function (e) {
        state.scenario = e.target.value; update(true);
      });
      app.querySelector("#build-year").addEventListener("change", function (e) {
        state.year = Number(e.target.value); update(true);
      });
      app.querySelector("#build-preset").addEventListener("change", function (e) {
        var preset = data.partnerships[e.target.value];
        if (preset) {
          state.members = preset.members.slice();
          state.name = preset.name; state.ignored = [];
          sync(); update(true);
        }
      });
      function add() {
        var input = app.querySelector("#build-country");
        var match = /\(([A-Z]{3})\)\s*$/.exec(input.value) || /^\s*([A-Za-z]{3})\s*$/.exec(input.value);
        var code = match ? match[1].toUpperCase() : Object.keys(data.countries).filter(function (c) {
          return data.countries[c].toLowerCase() === input.value.trim().toLowerCase();
        })[0];
        if (code && code in data.countries && state.members.indexOf(code) < 0) {
          state.members.push(code); input.value = ""; update(true);
        }
      }
      app.querySelector("#build-add").addEventListener("click", add);
      app.querySelector("#build-country").addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); add(); }
      });
      app.querySelector("#build-members").addEventListener("click", function (e) {
        var code = e.target.getAttribute("data-remove");
        if (code) { state.members = state.members.filter(function (c) { return c !== code; }); update(true); }
      });
      app.querySelector("#build-copy").addEventListener("click", function () {
        var url = new URL(app.dataset.siteUrl);
        url.search = window.location.search;
        var done = app.querySelector("#build-copied");
        (navigator.clipboard ? navigator.clipboard.writeText(url.toString()) : Promise.reject())
          .then(function () { done.textContent = "Link copied."; })
          .catch(function () { done.textContent = url.toString(); });
      });
      window.addEventListener("popstate", function () {
        if (document.getElementById("build-app") === app) { state = readState(data); sync(); render(app, data, state); }
      });
      var palette = new MutationObserver(function () {  // a palette switch redraws the chart in the other palette
        if (document.getElementById("build-app") !== app) { palette.disconnect(); return; }  // the reader left
        render(app, data, state);
      });
      palette.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    }).catch(function (error) { console.error("build page: " + error); });
  }

  function init() {
    var app = document.getElementById("build-app");
    if (app && !app.dataset.started) { app.dataset.started = "true"; start(app); }
  }

  if (typeof document$ !== "undefined") { document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
