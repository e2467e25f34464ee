// Build your own partnership: the engine's definitions (generator/metrics.py, generator/bounds.py) applied
// in the browser to the members the reader picks, from the one JSON the generator publishes
// (downloads/build.json). The state lives in the URL: ?members=USA,AUS&name=…&scenario=NZE&year=2030.
// Data values and the URL are only ever written as text (textContent), never as HTML.
(function () {
  "use strict";

  // --- the engine: the quantities each measure divides (metrics.py), then the declared measures ----------

  function ratio(a, b) {
    return a === null || b === null || b === 0 || !isFinite(b) ? null : a / b;
  }

  function growthRate(multiple, years) {
    return multiple !== null && multiple > 0 && years > 0 ? Math.pow(multiple, 1 / years) - 1 : null;
  }

  function sortedCodes(codes) { return codes.slice().sort(); }

  // Members' total of one USGS table-year for one mineral, and who is left out of it (metrics.member_totals):
  // withheld (W), unreported (listed, no figure), unlisted (not listed while "other countries" may hold them).
  // No table at all for the mineral (a refinery's or smelter's has no reserves): missing, never 0.
  function memberTotals(table, other, members, unassigned, excludes) {
    if (table === undefined) {
      return { total: null, withheld: [], unreported: [], unlisted: [], unlistedShare: null, high: null };
    }
    var listed = members.filter(function (c) { return c in table; });
    var values = listed.map(function (c) { return table[c][0]; }).filter(function (v) { return v !== null; });
    var open = other !== undefined && other[0] !== 0;
    var unlisted = open ? sortedCodes(members.filter(function (c) { return !(c in table); })) : [];
    var total = listed.length === 0 ? (unlisted.length ? null : 0) :
      (values.length ? values.reduce(function (a, b) { return a + b; }, 0) : null);
    var out = {
      total: total,
      withheld: sortedCodes(listed.filter(function (c) { return table[c][1] === "W"; })),
      unreported: sortedCodes(listed.filter(function (c) { return table[c][0] === null && table[c][1] !== "W"; })),
      unlisted: unlisted,
      unlistedShare: other === undefined ? null : other[1]
    };
    out.high = upperSide(out, other === undefined ? null : other[0], unassigned, excludes);
    return out;
  }

  // The most the members can hold (metrics.upper_side): their figures, plus "other countries" where a member is
  // not listed, plus what the listed countries without a figure hold together where one is withheld or not
  // available; null where nobody is left out, a part is missing, or the world total leaves out such a member.
  function upperSide(totals, otherValue, unassigned, excludes) {
    var without = totals.withheld.concat(totals.unreported);
    if ((!without.length && !totals.unlisted.length) ||
        without.some(function (c) { return excludes.indexOf(c) >= 0; })) { return null; }
    var high = totals.total === null ? 0 : totals.total;
    if (totals.unlisted.length) {
      if (otherValue === null) { return null; }
      high += otherValue;
    }
    if (without.length) {
      if (unassigned === null || unassigned === undefined) { return null; }
      high += unassigned;
    }
    return high;
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
    return any ? [a, b] : [null, null];
  }

  // Cumulative demand (t) from the base year to 2050, linear between milestone years (metrics.cumulative_demand_t).
  function cumulative(series, start) {
    var years = Object.keys(series).map(Number).sort(function (x, y) { return x - y; });
    var total = 0;
    for (var y = start; y <= 2050; y++) {
      var i = 0;
      while (i < years.length - 1 && years[i + 1] < y) { i++; }
      var y0 = years[i], y1 = years[Math.min(i + 1, years.length - 1)];
      var v0 = series[y0], v1 = series[y1];
      total += y1 === y0 || y <= y0 ? v0 : y >= y1 ? v1 : v0 + (v1 - v0) * (y - y0) / (y1 - y0);
    }
    return total * 1000;
  }

  // Every country the IEA names at a stage for a mineral, in any year.
  function namedBy(data, stage, mineral) {
    var named = {}, byYear = (data.iea[stage] || {})[mineral] || {};
    Object.keys(byYear).forEach(function (y) { Object.keys(byYear[y]).forEach(function (c) { named[c] = true; }); });
    return named;
  }

  // The IEA's supply of the members it names (kt) in one year, and the share it leaves in rest of world.
  function iea(data, stage, mineral, year, members) {
    var entry = ((data.iea[stage] || {})[mineral] || {})[String(year)];
    if (!entry) { return { supply: null, rest: null }; }
    var world = Object.keys(entry).reduce(function (s, k) { return s + entry[k]; }, 0);
    var named = members.filter(function (c) { return c in entry && c !== "_rest"; });
    return {
      supply: named.length ? named.reduce(function (s, c) { return s + entry[c]; }, 0) : null,
      rest: ratio(entry._rest === undefined ? null : entry._rest, world)
    };
  }

  // Members the IEA does not name at a stage (metrics.unnamed_members); only producing ones for mining.
  function unnamed(data, stage, mineral, members, producersOnly) {
    if (!(mineral in (data.iea[stage] || {}))) { return []; }
    var named = namedBy(data, stage, mineral);
    return sortedCodes(members.filter(function (c) {
      return !(c in named) && (!producersOnly || producing(data, mineral, c));
    }));
  }

  // A country the USGS lists with output (a figure above 0, or withheld / not available): metrics.producers.
  function producing(data, mineral, country) {
    var row = (data.production[mineral] || {})[country];
    return row !== undefined && row[0] !== 0;
  }

  // One mineral's quantities (measures.QUANTITIES) and left-out lists for the members at (scenario, year).
  function quantities(data, m, members, scenario, year) {
    var slug = m.slug, q = {};
    var world = data.world[slug] || {};
    var production = memberTotals(data.production[slug], data.other.production[slug], members,
                                  world.production_unassigned, data.world_excludes[slug] || []);
    var reserves = memberTotals(data.reserves[slug], data.other.reserves[slug], members,
                                world.reserves_unassigned, []);
    var series = data.demand[slug][scenario];
    q.members_production_t = production.total;
    q.withheld_production = production.withheld;
    q.unreported_production = production.unreported;
    q.unlisted_production = production.unlisted;
    q.unlisted_production_share = production.unlistedShare;
    q.members_production_high_t = production.high;
    q.members_reserves_t = reserves.total;
    q.members_reserves_high_t = reserves.high;
    q.world_reserves_low_t = world.reserves_low === undefined ? null : world.reserves_low;
    q.withheld_reserves = reserves.withheld;
    q.unreported_reserves = reserves.unreported;
    q.unlisted_reserves = reserves.unlisted;
    q.world_production_t = world.production === undefined ? null : world.production;
    q.world_reserves_t = world.reserves === undefined ? null : world.reserves;
    q.demand_kt = series[String(year)];
    q.demand_t = q.demand_kt * 1000;
    q.target_demand_t = data.target_share * q.demand_t;
    q.cumulative_demand_t = cumulative(series, data.base_year);
    var history = bothSums(data.production_start[slug], data.production[slug], members);
    q.history_start_t = history[0]; q.history_end_t = history[1];
    var life = bothSums(data.production[slug], data.reserves[slug], members);
    q.life_production_t = life[0]; q.life_reserves_t = life[1];
    q.history_years = data.base_year - data.history_start;
    var unnamedProducers = unnamed(data, "mining", slug, members, true);
    q.supply_t = production.total; q.supply_year = data.base_year; q.supply_high_t = production.high;
    q.supply_left_out = sortedCodes(production.withheld.concat(production.unreported, production.unlisted)
      .filter(function (c, i, all) { return all.indexOf(c) === i; }));
    if (m.iea_basis) {
      var years = Object.keys((data.iea.mining || {})[slug] || {}).map(Number).sort();
      var base = iea(data, "mining", slug, years[0], members);
      q.supply_t = base.supply === null ? (production.total === 0 ? 0 : null) : base.supply * 1000;
      q.supply_year = base.supply === null ? data.base_year : years[0];
      q.supply_left_out = unnamedProducers;
      q.supply_high_t = null;  // the IEA's rest of world is not split by country: nothing caps the unnamed
    }
    q.buildout_years = year - q.supply_year;
    var mining = iea(data, "mining", slug, year, members);
    var refining = iea(data, "refining", slug, year, members);
    q.projected_supply_kt = mining.supply; q.rest_of_world_share = mining.rest;
    q.refining_supply_kt = refining.supply; q.refining_rest_of_world_share = refining.rest;
    q.projected_unnamed = mining.supply !== null && mining.rest > 0 ? unnamedProducers : [];
    q.refining_unnamed = refining.supply !== null && refining.rest > 0 ?
      unnamed(data, "refining", slug, members, false) : [];
    return q;
  }

  // Every declared measure over one mineral's quantities: value, bound, comparability (metrics.evaluate).
  function evaluate(declared, m, q) {
    var row = { mineral: m.slug, name: m.name, demand_scope: m.scope, quantities: q };
    var quantity = {};
    declared.quantities.forEach(function (x) { quantity[x.name] = x; });
    function any(columns) { return columns.some(function (c) { return q[c].length > 0; }); }
    declared.measures.forEach(function (measure) {
      var multiple = ratio(q[measure.numerator], q[measure.denominator]);
      var value = measure.years ? growthRate(multiple, q[measure.years]) : multiple;
      var numerator = quantity[measure.numerator], denominator = quantity[measure.denominator];
      var low = any(numerator.left_out), high = any(denominator.left_out);
      row[measure.name] = value;
      row[measure.name + "_bound"] = value === null ? "" : low && !high ? "lower" : high && !low ? "upper" : "";
      row[measure.name + "_comparable"] = m.comparable[measure.name];
      if (numerator.high || denominator.low) {
        row[measure.name + "_high"] = upperEnd(measure, q, numerator, denominator, low, high);
      }
    });
    return row;
  }

  // The members' share of US imports of each declared form of a mineral, as fractions (imports.group_share): the
  // low end sums the low ends of the members the USGS names; the high end their high ends and "other countries",
  // which may hold members, never above what the named non-members leave. The importer alone has no share.
  function importShares(data, mineral, members) {
    var imports = data.imports;
    var alone = members.length > 0 && members.every(function (c) { return c === imports.importer; });
    return (imports.blocks[mineral] || []).map(function (block) {
      var low = 0, high = 0, others = 0;
      Object.keys(block.sources).forEach(function (c) {
        if (members.indexOf(c) >= 0) { low += block.sources[c][0]; high += block.sources[c][1]; }
        else { others += block.sources[c][0]; }
      });
      high = Math.min(high + (block.other ? block.other[1] : 0), 100 - others);
      return { form: block.form, low: alone ? null : low / 100, high: alone ? null : Math.max(high, low) / 100 };
    });
  }

  // metrics.upper_end: the numerator's upper side where a member is left out of it, over the denominator or its
  // lower bound where it is known only from below; null elsewhere, and where a member is left out of the denominator.
  function upperEnd(measure, q, numerator, denominator, low, high) {
    var top = numerator.high && low ? q[numerator.high] : q[measure.numerator];
    var bottom = q[measure.denominator], unbounded = bottom === null;
    if (denominator.low && unbounded) { bottom = q[denominator.low]; }
    if (!(low || unbounded) || high) { return null; }
    var multiple = ratio(top, bottom);
    return measure.years ? growthRate(multiple, q[measure.years]) : multiple;
  }

  function compute(data, members, scenario, year) {
    return data.minerals.map(function (m) {
      var row = evaluate(data.declarations, m, quantities(data, m, members, scenario, year));
      row.imports = importShares(data, m.slug, members);
      return row;
    });
  }

  // --- how a figure reads: measures.label over the declared formats ------------------------------------

  // The shortest decimal that reads back as x (String(x), as Python's repr), as digits D and exponent E
  // (x = D × 10^E): rounding works on decimal digits, so it agrees with Python's Decimal digit for digit.
  function decimal(x) {
    var text = String(Math.abs(x)), exponent = 0, at = text.indexOf("e");
    if (at >= 0) { exponent = Number(text.slice(at + 1)); text = text.slice(0, at); }
    var dot = text.indexOf(".");
    if (dot >= 0) { exponent -= text.length - dot - 1; text = text.replace(".", ""); }
    text = text.replace(/^0+(?=\d)/, "");
    return { digits: text, exponent: exponent };
  }

  function increment(digits) {
    var out = digits.split(""), i = out.length - 1;
    while (i >= 0 && out[i] === "9") { out[i] = "0"; i--; }
    if (i < 0) { out.unshift("1"); } else { out[i] = String(Number(out[i]) + 1); }
    return out.join("");
  }

  // measures.significant: x × 10^shift to `digits` significant figures (or `decimals` decimals), rounded
  // to nearest (halves away from zero), down (towards −∞) or up (towards +∞), with thousands separators.
  function significant(x, digits, rounding, shift, decimals) {
    var negative = x < 0, d = decimal(x), value = d.digits, e = d.exponent + shift;
    if (/^0*$/.test(value)) {
      if (decimals < 0) { return "0"; }
      value = "0";
    }
    var adjusted = value.length - 1 + e;
    var q = decimals >= 0 ? -decimals : adjusted - digits + 1;
    var keep = value;
    if (e < q) {
      var drop = q - e;
      var padded = drop > value.length ? new Array(drop - value.length + 1).join("0") + value : value;
      keep = padded.slice(0, padded.length - drop) || "0";
      var dropped = padded.slice(padded.length - drop);
      var away = rounding === "nearest" ? dropped.charAt(0) >= "5" :
        /[1-9]/.test(dropped) && ((rounding === "up") !== negative);
      if (away) { keep = increment(keep); }
    } else {
      keep = value + new Array(e - q + 1).join("0");
    }
    keep = keep.replace(/^0+(?=\d)/, "");
    if (decimals < 0 && keep !== "0" && keep.length - 1 + q > adjusted) {  // 99.5 → 100: keep to `digits`
      keep = keep.slice(0, -1) || "0"; q += 1;
    }
    var places = Math.max(-q, 0), whole, fraction = "";
    if (q >= 0) {
      whole = keep + new Array(q + 1).join("0");
    } else {
      var padded2 = keep.length <= places ? new Array(places - keep.length + 2).join("0") + keep : keep;
      whole = padded2.slice(0, padded2.length - places);
      fraction = padded2.slice(padded2.length - places);
    }
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (negative ? "-" : "") + whole + (places ? "." + fraction : "");
  }

  function number(fmt, value, bound, rounding) {
    if (fmt.covered_text && value <= fmt.covered_at) { return fmt.covered_text; }
    if (fmt.ceiling_text && value > fmt.ceiling && bound !== "upper") { return fmt.ceiling_text; }
    if (fmt.floor_text && value !== 0 && Math.abs(value) < fmt.floor && bound !== "lower") { return fmt.floor_text; }
    var wide = fmt.wide_digits && Math.abs(value) * Math.pow(10, fmt.shift) >= fmt.wide_from;
    var small = fmt.small_below && Math.abs(value) < fmt.small_below;
    var digits = wide ? fmt.wide_digits : fmt.digits, shift = fmt.shift + (small ? fmt.small_shift : 0);
    var text = significant(value, digits, rounding[bound], shift, fmt.decimals);
    // A fraction below 1 never reads as 100 % (measures.number): one figure more until it reads below 100.
    while (fmt.shift && fmt.decimals < 0 && value !== 0 && Math.abs(value) < 1 &&
           Math.abs(Number(text.replace(/,/g, ""))) >= Math.pow(10, shift)) {
      digits += 1;
      text = significant(value, digits, rounding[bound], shift, fmt.decimals);
    }
    return text + (small ? fmt.small_suffix : fmt.suffix);
  }

  // measures._interval: 'low–high', '≤ high' without a low end, one figure where both ends read the same.
  function interval(declared, fmt, low, high) {
    var top = number(fmt, high, "upper", declared.rounding);
    if (low === null) { return top === fmt.floor_text ? top : declared.signs.upper + top; }
    var bottom = number(fmt, low, "lower", declared.rounding);
    if (bottom === fmt.ceiling_text) { return bottom; }
    if (fmt.ceiling_text && high > fmt.ceiling) { return declared.signs.lower + bottom; }
    if (top === fmt.floor_text || bottom === top) { return top; }
    var suffix = fmt.suffix && bottom.endsWith(fmt.suffix) && top.endsWith(fmt.suffix) ? fmt.suffix : "";
    return bottom.slice(0, bottom.length - suffix.length) + declared.marks.interval + top;
  }

  // measures.label: n/c, —, the interval the data allow where the figure has an upper side, or the number with its
  // bound sign; † where demand is clean-technology only.
  function label(declared, fmt, value, bound, comparable, cleantech, high) {
    if (!comparable) { return declared.marks.not_comparable; }
    var missing = value === null || value === undefined || value !== value;
    if (high !== null && high !== undefined && high === high) {
      return interval(declared, fmt, missing ? null : value, high) + (cleantech ? declared.marks.cleantech : "");
    }
    if (missing) { return declared.marks.missing; }
    var text = number(fmt, value, bound, declared.rounding);
    if (bound && [fmt.ceiling_text, fmt.floor_text, fmt.covered_text].indexOf(text) < 0) {
      text = declared.signs[bound] + text;
    }
    return text + (cleantech ? declared.marks.cleantech : "");
  }

  function measureLabel(declared, row, name) {
    var measure = declared.measures.filter(function (m) { return m.name === name; })[0];
    return label(declared, declared.formats[measure.format], row[name], row[name + "_bound"],
      row[name + "_comparable"], measure.against_demand && row.demand_scope === "cleantech", row[name + "_high"]);
  }

  // One end of a share of US imports, and both as the pages print them (imports_section.interval): one figure
  // where both ends read the same, else "low–high"; the importer alone is not a trading partner.
  function importEnd(data, value) {
    var declared = data.declarations;
    return label(declared, declared.formats[data.imports.format], value, "", true, false);
  }

  function importLabel(data, share) {
    if (share.low === null) { return data.imports.not_a_partner; }
    var low = importEnd(data, share.low), high = importEnd(data, share.high);
    return low === high ? low : low + data.declarations.marks.interval + high;
  }

  // --- the working behind one figure: who counted, with what, who was left out and why -----------------

  // The members' own figures behind a quantity: [{country, value (t or kt), unit}], or a note for a total.
  function partsOf(data, m, members, quantity, scenario, year) {
    var slug = m.slug;
    function usgs(table) {
      var rows = data[table][slug] || {};
      return members.filter(function (c) { return c in rows && rows[c][0] !== null; })
        .map(function (c) { return { country: c, value: rows[c][0], unit: "t", table: table }; });
    }
    function named(stage, y) {
      var entry = ((data.iea[stage] || {})[slug] || {})[String(y)] || {};
      return members.filter(function (c) { return c in entry && c !== "_rest"; })
        .map(function (c) { return { country: c, value: entry[c], unit: "kt", table: "supply_projection" }; });
    }
    function both(first, second, pick) {
      var a = data[first][slug] || {}, b = data[second][slug] || {};
      return members.filter(function (c) { return c in a && c in b && a[c][0] !== null && b[c][0] !== null; })
        .map(function (c) { return { country: c, value: (pick === first ? a : b)[c][0], unit: "t", table: pick }; });
    }
    var ieaYears = Object.keys((data.iea.mining || {})[slug] || {}).map(Number).sort();
    switch (quantity) {
      case "members_production_t": return usgs("production");
      case "members_reserves_t": return usgs("reserves");
      case "supply_t": return m.iea_basis ? named("mining", ieaYears[0]) : usgs("production");
      case "projected_supply_kt": return named("mining", year);
      case "refining_supply_kt": return named("refining", year);
      case "life_production_t": return both("production", "reserves", "production");
      case "life_reserves_t": return both("production", "reserves", "reserves");
      case "history_start_t": return both("production_start", "production", "production_start");
      case "history_end_t": return both("production_start", "production", "production");
      default: return null;
    }
  }

  // How one measure of one mineral was made for these members at (scenario, year): its declaration, its
  // value and label, the members' own figures on each side, and every member left out with why.
  function working(data, mineralSlug, members, scenario, year, measureName) {
    var declared = data.declarations;
    var m = data.minerals.filter(function (x) { return x.slug === mineralSlug; })[0];
    var measure = declared.measures.filter(function (x) { return x.name === measureName; })[0];
    var q = quantities(data, m, members, scenario, year);
    var row = evaluate(declared, m, q);
    var quantity = {};
    declared.quantities.forEach(function (x) { quantity[x.name] = x; });
    function side(name) {
      var leftOut = [];
      // Today's supply on the USGS basis leaves out the members of three lists, each with its own reason.
      var columns = name === "supply_t" && !m.iea_basis ?
        ["withheld_production", "unreported_production", "unlisted_production"] : quantity[name].left_out;
      columns.forEach(function (column) {
        q[column].forEach(function (c) { leftOut.push({ country: c, reason: declared.left_out[column] }); });
      });
      return { name: name, description: quantity[name].description, unit: quantity[name].unit, value: q[name],
               parts: partsOf(data, m, members, name, scenario, year), left_out: leftOut };
    }
    return {
      mineral: m, measure: measure, scenario: scenario, year: year, value: row[measureName],
      label: measureLabel(declared, row, measureName), comparable: row[measureName + "_comparable"],
      note: (m.notes || {})[measureName] || "", numerator: side(measure.numerator),
      denominator: side(measure.denominator), demand_kt: q.demand_kt, base_year: data.base_year,
      supply_basis: m.supply_basis
    };
  }

  // The build chart's rows: comparable minerals only, a mineral measured against clean-technology demand marked †.
  // `order`: the mineral's place in the site's list, which the chart sorts by, whatever rows come and go.
  function chartRows(data, rows) {
    var mark = " " + data.declarations.marks.cleantech;
    var out = [];
    rows.forEach(function (r, order) {
      if (!r.production_sufficiency_comparable) { return; }
      out.push({ mineral: r.name + (r.demand_scope === "cleantech" ? mark : ""), value: r.production_sufficiency,
        label: measureLabel(data.declarations, r, "production_sufficiency"), order: order,
        cleantech: r.demand_scope === "cleantech" });
    });
    return out;
  }

  var engine = { compute: compute, label: label, measureLabel: measureLabel, significant: significant,
    working: working, chartRows: chartRows, importLabel: importLabel, importEnd: importEnd };
  if (typeof module !== "undefined" && module.exports) { module.exports = engine; }
  if (typeof window === "undefined") { return; }
  window.friendshoringEngine = engine;

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
      scenario: data.scenarios.indexOf(scenario) >= 0 ? scenario : data.default.scenario,
      year: data.years.indexOf(year) >= 0 ? year : data.default.year
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

  // The measures the table shows, in its column order (build-out's growth rate shares the build-out's cell).
  var TABLE = ["world_share", "world_reserves_share", "production_sufficiency", "projected_sufficiency",
    "refining_sufficiency", "reserves_sufficiency", "reserve_life_years", "buildout_multiple", "historical_cagr"];

  // ["Mexico: not listed by the USGS …", "United States: production withheld …"]: every member left out of a
  // sum, with why (the declared meaning of each left-out list), one line per member.
  function leftOut(data, row) {
    var found = {};
    var ieaBasis = data.minerals.filter(function (m) { return m.slug === row.mineral; })[0].iea_basis;
    Object.keys(data.declarations.left_out).forEach(function (column) {
      // On the USGS basis today's supply leaves out the union of the others; on the IEA's, whom it does not name.
      if (column === "supply_left_out" && !ieaBasis) { return; }
      row.quantities[column].forEach(function (code) {
        (found[code] = found[code] || []).push(data.declarations.left_out[column]);
      });
    });
    return Object.keys(found).sort().map(function (code) {
      return data.countries[code] + ": " + found[code].join("; ");
    });
  }

  // The "Left out" cell: a count, the list collapsed under it, so that a row stays a line or two tall (issue 28.6).
  function leftOutCell(data, row) {
    var lines = leftOut(data, row);
    if (!lines.length) { return element("td", "none"); }
    var block = element("details", undefined, { "class": "build-left-out" });
    block.append(element("summary", lines.length + (lines.length === 1 ? " member" : " members")));
    var list = element("ul");
    lines.forEach(function (line) { list.append(element("li", line)); });
    block.append(list);
    var cell = element("td");
    cell.append(block);
    return cell;
  }

  // The registry partnership whose members these are (as a set), if any: its figures are published cells.
  function registryMatch(data, members) {
    var key = members.slice().sort().join(",");
    return Object.keys(data.partnerships).filter(function (slug) {
      return data.partnerships[slug].members.slice().sort().join(",") === key;
    })[0];
  }

  // One figure of the table: its label, its reason where it is n/c, and, where the members are a registry
  // partnership's, the published cell it equals (data-cell), as on every other page.
  function figure(data, row, measure, state) {
    var declared = data.declarations;
    var span = element("span", measureLabel(declared, row, measure), { "class": "fig" });
    var note = (data.minerals.filter(function (m) { return m.slug === row.mineral; })[0].notes || {})[measure];
    if (!row[measure + "_comparable"] && note) { span.title = note; span.tabIndex = 0; }
    var slug = registryMatch(data, state.members);
    if (slug) {
      span.setAttribute("data-cell", "downloads/sufficiency.csv?" + new URLSearchParams({ mineral: row.mineral,
        partnership: slug, scenario: state.scenario, year: String(state.year) }).toString() + "#" + measure);
    }
    return span;
  }

  // The members' share of US imports, form by form (named where a mineral has several), each end the published
  // cell it equals where the members are a registry partnership's.
  function importCell(data, row, state) {
    var cell = element("td", undefined, { "data-mineral": row.mineral, "data-measure": "import_share" });
    var slug = registryMatch(data, state.members);
    if (row.imports.length === 0) { cell.textContent = data.declarations.marks.missing; }
    row.imports.forEach(function (share, i) {
      if (i > 0) { cell.append("; "); }
      if (row.imports.length > 1) { cell.append(share.form + ": "); }
      if (share.low === null) { cell.append(importLabel(data, share)); return; }
      var ends = [["low", share.low]];
      if (importEnd(data, share.low) !== importEnd(data, share.high)) { ends.push(["high", share.high]); }
      ends.forEach(function (end, j) {
        var span = element("span", importEnd(data, end[1]), { "class": "fig" });
        if (slug) {
          span.setAttribute("data-cell", "downloads/import_shares.csv?" + new URLSearchParams({ mineral: row.mineral,
            form: share.form, partnership: slug }).toString() + "#members_" + end[0]);
        }
        cell.append(j > 0 ? data.declarations.marks.interval : "", span);
      });
    });
    return cell;
  }

  function render(app, data, state) {
    var rows = compute(data, state.members, state.scenario, state.year);
    var title = state.name || "Your partnership";
    app.querySelector("#build-heading").textContent = title + ": members";
    var list = app.querySelector("#build-members");
    // Members as compact chips: the name, a concern mark, and a small remove button named for the country.
    list.replaceChildren.apply(list, state.members.map(function (code) {
      var item = element("li", data.countries[code] + " (" + code + ")" +
        (data.concern.indexOf(code) >= 0 ? ", country of concern" : ""));
      item.append(element("button", "×", { type: "button", "data-remove": code,
        "aria-label": "Remove " + data.countries[code], title: "Remove " + data.countries[code] }));
      return item;
    }));
    // Members the site's candidate screen would not offer, with the reason: shown, and carried into the citation
    // that is copied, since the URL alone rebuilds the members but not the reader's attention to them.
    var failing = state.members.filter(function (code) { return code in data.screen; }).map(function (code) {
      return data.countries[code] + ": " + data.screen[code];
    });
    var warning = failing.length ? "Not offered as candidates by this site's screen (the rankings leave them out): " +
      failing.join("; ") + "." : "";
    var screenNote = app.querySelector("#build-screen");
    screenNote.hidden = !warning;
    screenNote.textContent = warning;
    var ignored = app.querySelector("#build-ignored");
    ignored.hidden = state.ignored.length === 0;
    ignored.textContent = state.ignored.length ? "Ignored, not ISO 3166 codes of countries on this site: " +
      state.ignored.join(", ") : "";
    app.querySelector("#build-summary").textContent = title + ", " + state.members.length + " member" +
      (state.members.length === 1 ? "" : "s") + ": " + state.scenario + " " + state.year + " demand.";
    var declared = data.declarations;
    var body = app.querySelector("#build-table tbody");
    body.replaceChildren.apply(body, rows.map(function (row) {
      var tr = element("tr");
      tr.append(element("th", row.name + (row.demand_scope === "cleantech" ? " " + declared.marks.cleantech : ""),
        { scope: "row" }));
      TABLE.forEach(function (measure) {
        var value = row[measure], cell = element("td", undefined, { "data-mineral": row.mineral,
          "data-measure": measure, "data-value": value === null ? "" : String(value) });
        cell.append(figure(data, row, measure, state));
        if (measure === "buildout_multiple" && value !== null && value > 1 && row[measure + "_comparable"]) {
          cell.append(", ", figure(data, row, "buildout_cagr", state));
        }
        tr.append(cell);
      });
      tr.append(importCell(data, row, state));
      tr.append(leftOutCell(data, row));
      return tr;
    }));
    var measures = declared.measures.map(function (m) { return m.name; });
    var lists = Object.keys(declared.left_out);
    // The share of US imports as import_shares.csv names its ends, one value per declared form (space-separated, as
    // the lists are; a form's name may hold a comma).
    var header = ["mineral", "scenario", "year"].concat(measures.reduce(function (all, m) {
      return all.concat([m, m + "_bound", m + "_comparable"]);
    }, []), lists, ["members_low", "members_high"]);
    var csv = [header.join(",")].concat(rows.map(function (row) {
      return [row.mineral, state.scenario, state.year].concat(measures.reduce(function (all, m) {
        return all.concat([row[m] === null ? "" : String(row[m]), row[m + "_bound"], String(row[m + "_comparable"])]);
      }, []), lists.map(function (c) { return row.quantities[c].join(" "); }), ["low", "high"].map(function (end) {
        return row.imports.map(function (share) { return share[end] === null ? "" : String(share[end]); }).join(" ");
      })).join(",");
    })).join("\n") + "\n";
    var link = app.querySelector("#build-csv");
    if (link.href.indexOf("blob:") === 0) { URL.revokeObjectURL(link.href); }
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    var url = new URL(app.dataset.siteUrl);
    url.search = window.location.search;
    app.querySelector("#build-citation").textContent = "Friendshoring Critical Minerals, “" + title +
      "”, built in the browser from USGS Mineral Commodity Summaries and the IEA Critical Minerals Data Explorer. " +
      url.toString() + " (accessed " + new Date().toISOString().slice(0, 10) + ")." + (warning ? " " + warning : "");
    drawChart(app, data, rows, state);
  }

  // The chart is compiled at build time (charts.py build_bars): only its rows and heading come from here.
  function drawChart(app, data, rows, state) {
    var charts = window.friendshoringCharts;
    var values = chartRows(data, rows);
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
      // A change of members adds a history entry (Back undoes it); a change of name, scenario or year replaces
      // the current one, as the other pages' selectors do.
      update(false);
      app.querySelector("#build-name").addEventListener("change", function (e) {
        state.name = e.target.value.slice(0, 80); state.preset = null; update(false);
      });
      app.querySelector("#build-scenario").addEventListener("change", function (e) {
        state.scenario = e.target.value; update(false);
      });
      app.querySelector("#build-year").addEventListener("change", function (e) {
        state.year = Number(e.target.value); update(false);
      });
      app.querySelector("#build-preset").addEventListener("change", function (e) {
        var preset = data.partnerships[e.target.value];
        if (preset) {
          state.members = preset.members.slice();
          state.name = preset.name; state.ignored = []; state.preset = preset;
          sync(); update(true);
        }
      });
      // A partnership chosen from the list, then changed, is named for what it now is ("Quad + Chile"), unless the
      // reader has named it.
      function renamed() {
        var preset = state.preset;
        if (!preset) { return; }
        var names = function (codes) { return codes.map(function (c) { return data.countries[c]; }).join(", "); };
        var added = state.members.filter(function (c) { return preset.members.indexOf(c) < 0; });
        var removed = preset.members.filter(function (c) { return state.members.indexOf(c) < 0; });
        state.name = (preset.name + (added.length ? " + " + names(added) : "") +
          (removed.length ? " − " + names(removed) : "")).slice(0, 80);
        sync();
      }

      // A short message for what the reader just did (role=status: screen readers say it too).
      function say(text) { app.querySelector("#build-status").textContent = text; }

      // The country the reader typed (a name, "Name (ISO)" or an ISO code): added, or a message saying why not.
      function add() {
        var input = app.querySelector("#build-country");
        var typed = input.value.trim();
        if (!typed) { say("Type a country's name or ISO code first."); return; }
        // "Name (ISO)" as the list offers it, else any name the site reads as a country (build.json `names`:
        // ISO codes, display, ISO and common names, and short names such as UK or DRC).
        var match = /\(([A-Z]{3})\)$/.exec(typed);
        var code = match ? match[1] : data.names[typed.toLowerCase().replace(/\s+/g, " ")];
        if (!code || !(code in data.countries)) {
          say("No country “" + typed.slice(0, 40) + "” on this site: pick one from the list.");
          return;
        }
        if (state.members.indexOf(code) >= 0) { say(data.countries[code] + " is already a member."); return; }
        state.members.push(code); input.value = ""; renamed(); update(true);
        say(data.producers.indexOf(code) < 0 ? "Added " + data.countries[code] + ", which has no USGS production " +
          "or reserves figure here: it changes no figure." : "Added " + data.countries[code] + ".");
      }
      app.querySelector("#build-add").addEventListener("click", add);
      app.querySelector("#build-country").addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); add(); }
      });
      // After a remove, focus moves to the chip that took its place (the next one, else the last), or to the
      // country input once none is left: never to the page's body.
      app.querySelector("#build-members").addEventListener("click", function (e) {
        var code = e.target.getAttribute("data-remove");
        if (!code) { return; }
        var at = state.members.indexOf(code);
        state.members = state.members.filter(function (c) { return c !== code; });
        renamed(); update(true);
        say("Removed " + data.countries[code] + ".");
        var buttons = app.querySelectorAll("#build-members button[data-remove]");
        (buttons[Math.min(at, buttons.length - 1)] || app.querySelector("#build-country")).focus();
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
