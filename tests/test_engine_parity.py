"""The build page's engine (build.js, in headless Chromium) against the Python engine, on the real data: every
registry partnership and random coalitions, every view. Values, bounds, comparability, the members left
out of each sum and the printed labels must agree: the browser evaluates the same declarations."""

import json
import random
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from conftest import committed_data, needs_chromium
from generator import cells
from generator.imports import NOT_A_PARTNER_CELL, import_shares
from generator.measures import FORMATS, LEFT_OUT, MEASURE, MEASURES, TWO_SIDED, label
from generator.metrics import sufficiency
from generator.pages.imports_section import interval

ROOT = Path(__file__).resolve().parent.parent
needs_chromium()
pytestmark = pytest.mark.browser
# Random coalitions besides the registry's partnerships. The first 55 of this seed already reach every block of
# build.js that 200 reach (V8's block coverage) and every kind of outcome (measure × bound × comparability × the
# shape of its label, a left-out list empty or not, an import share's label); the Python engine runs the same
# lines for none, 60 or 200. Their cost is the Python engine's, which grows with their number: 60 leave a margin.
COALITIONS = 60


@pytest.fixture(scope="module")
def real_data():
    """The committed data package (its tests only read it), as the worker has it loaded for every module."""
    return committed_data()


@pytest.fixture(scope="module")
def engine_page(browser):
    """A blank tab with build.js, shared by the module's tests: they only call its engine's functions, which keep no
    state between calls (each call is given its data)."""
    page = browser.new_page()
    page.add_script_tag(content=(ROOT / "docs/assets/javascripts/build.js").read_text(encoding="utf-8"))
    yield page
    page.close()


def coalitions(countries, seed=20261202):
    rng = random.Random(seed)
    return {f"random-{i}": sorted(rng.sample(countries, rng.randint(1, 30))) for i in range(COALITIONS)}


@pytest.mark.slow
def test_browser_engine_equals_python_engine(engine_page, built_site, real_data):
    _, site, _ = built_site
    ds = real_data
    data = json.loads((site / "downloads" / "build.json").read_text(encoding="utf-8"))
    groups = {**{slug: p["members"] for slug, p in data["partnerships"].items()},
              **coalitions(sorted(data["countries"]))}
    members = pd.DataFrame([(slug, c) for slug, codes in groups.items() for c in codes],
                           columns=["partnership", "country_iso3"])
    expected = sufficiency(replace(ds, partnership_members=members))
    # Every view for the registry partnerships; one view each, drawn in turn, for the random coalitions.
    views = [(s, y) for s in data["scenarios"] for y in data["years"]]
    asked = [(slug, s, y) for slug in data["partnerships"] for s, y in views]
    asked += [(slug, *views[i % len(views)]) for i, slug in enumerate(groups) if slug.startswith("random-")]
    browser = json.loads(engine_page.evaluate("""([data, groups, asked]) => {
        const out = [], lists = Object.keys(data.declarations.left_out);
        for (const [slug, scenario, year] of asked)
          for (const row of friendshoringEngine.compute(data, groups[slug], scenario, year)) {
            const labels = {}, left = {};
            for (const m of data.declarations.measures)
              labels[m.name] = friendshoringEngine.measureLabel(data.declarations, row, m.name);
            for (const c of lists) left[c] = row.quantities[c];
            delete row.quantities;
            out.push({partnership: slug, scenario, year, row, labels, left});
          }
        return JSON.stringify(out);  // one string crosses to Python in a second; the objects took ten
    }""", [data, groups, asked]))
    assert len(browser) == len(asked) * len(data["minerals"])
    expected = expected.merge(pd.DataFrame(asked, columns=["partnership", "scenario", "year"]))
    python = {(r["partnership"], r["mineral"], r["scenario"], r["year"]): r for r in expected.to_dict("records")}
    problems = []
    for found in browser:
        row = found["row"]
        want = python[(found["partnership"], row["mineral"], found["scenario"], found["year"])]
        where = f"{found['partnership']} {row['mineral']} {found['scenario']} {found['year']}"
        for m in MEASURES:
            a, b = row[m.name], want[m.name]
            if (a is None) != pd.isna(b) or (a is not None and abs(a - b) > 1e-9 * max(1, abs(b))):
                problems.append(f"{where} {m.name}: browser {a}, Python {b}")
            for suffix in ("_bound", "_comparable"):
                if row[m.name + suffix] != want[m.name + suffix]:
                    problems.append(f"{where} {m.name}{suffix}: browser {row[m.name + suffix]}, Python "
                                    f"{want[m.name + suffix]}")
            # The upper side of a two-sided figure: the same constants, the same interval.
            high = want.get(f"{m.name}_high")
            if m.name in TWO_SIDED:
                a = row[f"{m.name}_high"]
                if (a is None) != pd.isna(high) or (a is not None and abs(a - high) > 1e-9 * max(1, abs(high))):
                    problems.append(f"{where} {m.name}_high: browser {a}, Python {high}")
            printed = label(FORMATS[m.format], want[m.name], want[f"{m.name}_bound"], want[f"{m.name}_comparable"],
                            m.against_demand and want["demand_scope"] == "cleantech", high)
            if found["labels"][m.name] != printed:
                problems.append(f"{where} {m.name} label: browser {found['labels'][m.name]!r}, Python {printed!r}")
        for column in LEFT_OUT:
            if tuple(found["left"][column]) != tuple(want[column]):
                problems.append(f"{where} {column}: browser {found['left'][column]}, Python {want[column]}")
    assert problems == [], "\n".join(problems[:30])
    # The cases of issue 25 are among those compared: EU-27 cobalt read from its upper side, an interval, US lithium '≥'.
    labels = {(f["partnership"], f["row"]["mineral"], f["scenario"], f["year"]): f["labels"] for f in browser}
    assert labels[("eu27", "cobalt", "NZE", 2030)]["production_sufficiency"] == "≤ 2.3%"
    assert labels[("democracies", "cobalt", "NZE", 2030)]["production_sufficiency"] == "13–16%"
    assert labels[("democracies", "lithium", "NZE", 2030)]["production_sufficiency"].startswith("≥ ")


def test_browser_import_shares_equal_python(engine_page, built_site, real_data):
    """Issue 27: the members' share of US imports that build.js sums equals imports.import_shares, end for end and as
    the pages print it, for every registry partnership and the random coalitions. Lithium by hand (USGS 2021-24:
    Chile 54 %, Argentina 43 %, other countries 3 %): US + FTA (Chile) 54-57 %, the Democracies (both) 97-100 %, the
    United States alone not a trading partner."""
    _, site, _ = built_site
    ds = real_data
    data = json.loads((site / "downloads" / "build.json").read_text(encoding="utf-8"))
    groups = {**{slug: p["members"] for slug, p in data["partnerships"].items()},
              **coalitions(sorted(data["countries"]))}
    members = pd.DataFrame([(slug, c, "") for slug, codes in groups.items() for c in codes],
                           columns=["partnership", "country_iso3", "since"])
    expected = import_shares(replace(ds, partnership_members=members,
                                     partnerships=pd.DataFrame({"partnership": list(groups)})))
    python = {(r["partnership"], r["mineral"], r["form"]): r for r in expected.to_dict("records")}
    browser = json.loads(engine_page.evaluate("""([data, groups]) => {
        const out = [];
        for (const [slug, members] of Object.entries(groups))
          for (const row of friendshoringEngine.compute(data, members, data["default"].scenario, data["default"].year))
            for (const share of row.imports)
              out.push([slug, row.mineral, share.form, share.low, share.high,
                        friendshoringEngine.importLabel(data, share)]);
        return JSON.stringify(out);
    }""", [data, groups]))
    assert len(browser) == len(python)
    problems = []
    for slug, mineral, form, low, high, printed in browser:
        want = python[(slug, mineral, form)]
        for name, found in (("members_low", low), ("members_high", high)):
            if (found is None) != pd.isna(want[name]) or (found is not None and found != want[name]):
                problems.append(f"{slug} {mineral} {form} {name}: browser {found}, Python {want[name]}")
        text = NOT_A_PARTNER_CELL if want["note"] else cells.text(interval(want, "members"))
        if printed != text:
            problems.append(f"{slug} {mineral} {form} label: browser {printed!r}, Python {text!r}")
    assert problems == [], "\n".join(problems[:30])
    assert data["imports"]["blocks"]["lithium"][0]["sources"] == {"ARG": [43, 43], "CHL": [54, 54]}
    lithium = {slug: printed for slug, mineral, _, _, _, printed in browser if mineral == "lithium"}
    assert (lithium["us-fta"], lithium["democracies"], lithium["usa"]) == ("54%–57%", "97%–100%",
                                                                           "not a trading partner")


def test_the_build_chart_marks_clean_technology_minerals(engine_page, built_site, real_data):
    """The build page's chart rows carry † exactly on the minerals the Python engine measures against clean-technology
    demand only (build.js once read a field no row has, and marked none)."""
    _, site, _ = built_site
    data = json.loads((site / "downloads" / "build.json").read_text(encoding="utf-8"))
    rows = engine_page.evaluate("""([data, members]) => friendshoringEngine.chartRows(data,
        friendshoringEngine.compute(data, members, data["default"].scenario, data["default"].year))""",
                                [data, data["partnerships"]["us-fta"]["members"]])
    expected = sufficiency(real_data).query("partnership == 'us-fta' and production_sufficiency_comparable")
    cleantech = set(expected.loc[expected["demand_scope"] == "cleantech", "mineral"])
    names = {m["slug"]: m["name"] for m in data["minerals"]}
    marked = {r["mineral"].removesuffix(" †") for r in rows if r["mineral"].endswith(" †")}
    assert cleantech and marked == {names[m] for m in cleantech}


def test_every_format_reads_the_same_in_both_languages(engine_page):
    """Each declared format, on values at its edges (0, below and at its floors, ceilings and small units, halves,
    bounds on both sides), as build.js and measures.label print them."""
    from generator.measures import declarations
    values = [0.0, 0.00074, 0.00123991, 0.0080, 0.125, 0.2190, 0.9967, 0.9996, 0.999996, 1.0, 2.3087, 12.35, 125.0, 701.476,
              1234567.0, -0.0189]
    cases = [(name, v, bound) for name in FORMATS for v in values for bound in ("", "lower", "upper")]
    browser = engine_page.evaluate("""([declared, cases]) => cases.map(([name, v, bound]) =>
        friendshoringEngine.label(declared, declared.formats[name], v, bound, true, false))""",
                                   [declarations(), cases])
    python = [label(FORMATS[name], v, bound) for name, v, bound in cases]
    assert [c for c, b, p in zip(cases, browser, python) if b != p] == []
    assert python[cases.index(("kt", 0.00123991, ""))] == "1.24\xa0t"
    # A fraction below 1 never reads as 100 %, in either language (gallium's concern share, 0.9967).
    assert python[cases.index(("percent", 0.9967, ""))] == "99.7%"
    assert python[cases.index(("percent", 0.999996, "upper"))] == "≤ 99.9996%"


def test_every_interval_reads_the_same_in_both_languages(engine_page):
    """A two-sided figure (issue 25): each end on its safe side, '≤ high' without a low end, one figure where both
    ends read the same, the floor and the ceiling, in every format a two-sided measure uses."""
    from generator.measures import declarations
    pairs = [(0.135356, 0.15767), (None, 0.022314), (0.25, 0.25), (0.25, 0.2504), (0.25, 12.0), (12.5, 13.0),
             (0.0001, 0.0009), (0.0, 0.02), (None, 0.0004), (0.9901, 0.9967), (None, 0.9996), (2.3, 4.41)]
    cases = [(MEASURE[name].format, low, high, cleantech) for name in TWO_SIDED for low, high in pairs
             for cleantech in (False, True)]
    browser = engine_page.evaluate("""([declared, cases]) => cases.map(([name, low, high, cleantech]) =>
        friendshoringEngine.label(declared, declared.formats[name], low, low === null ? "" : "lower", true, cleantech,
                                  high))""", [declarations(), cases])
    python = [label(FORMATS[name], low, "" if low is None else "lower", True, cleantech, high)
              for name, low, high, cleantech in cases]
    assert [c for c, b, p in zip(cases, browser, python) if b != p] == []
    assert python[cases.index(("ratio", 0.135356, 0.15767, False))] == "13–16%"
    assert python[cases.index(("percent", None, 0.9996, False))] == "≤ 99.96%"
