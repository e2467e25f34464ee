"""Charts that read at a glance and a page that holds still (issue 16, part A), in headless Chromium on the real
site: no layout shift opening a page at an anchor on a phone, selectors that replace the history entry, charts
on the page's own background in both palettes, a hint where a chart scrolls, at most six ticks; and every mark of
every compiled spec of the site at 3:1 against its background."""

import json

import pytest

from generator import charts
from test_browser import charts_drawn, select_in_chart
from test_charts import contrast, mark_colours

pytestmark = pytest.mark.browser

# Layout shifts not caused by input, summed from before the page's first script (as benchmarks/page_load.py).
LAYOUT_SHIFT = """window.__shift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) window.__shift += e.value; } })
  .observe({ type: 'layout-shift', buffered: true });"""
# The tick labels of each drawn axis whose labels are numbers ("0", "50%", "2 Mt", "2030").
NUMBER_AXES = """() => [...document.querySelectorAll('.chart-target svg .role-axis-label')]
  .map(g => [...g.querySelectorAll('text')].map(t => t.textContent))
  .filter(labels => labels.length && labels.every(l => /^[0-9]/.test(l)))"""


def rgb(colour):
    hex_ = colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(hex_[i:i + 2], 16) for i in (0, 2, 4)))


# The lithium page on a phone is opened at #production with LAYOUT_SHIFT watching from before its first script
# (test_browser_pages.OPENED_AT); these two checks are the first and the last that read it (PAGE_CHECKS).

def a_phone_opening_the_lithium_page_at_production_sees_no_jump(tab, path):
    charts_drawn(tab)
    # Two frames after the last chart drew: any shift it caused has been laid out and reported.
    tab.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert tab.evaluate("() => window.__shift") <= 0.05
    axes = tab.evaluate(NUMBER_AXES)
    assert axes and max(len(labels) for labels in axes) <= 6, axes


def selectors_keep_one_history_entry(tab, path):
    """(It changes the view: the last check of its page.)"""
    entries = tab.evaluate("() => history.length")
    select_in_chart(tab, "partnership", "usa")
    tab.wait_for_function("() => location.search.includes('partnership=usa')")
    select_in_chart(tab, "scenario", "STEPS")
    tab.wait_for_function("() => location.search.includes('scenario=STEPS')")
    assert tab.evaluate("() => history.length") == entries


def charts_sit_on_the_page_background_in_the_dark_and_a_wide_chart_says_it_scrolls(tab, path):
    """(A check of the home page on a phone, in the dark palette: test_browser_pages.PAGE_CHECKS.)"""
    charts_drawn(tab)
    page_background = tab.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert page_background == rgb(charts.BACKGROUND["dark"])
    drawn = tab.evaluate("() => [...document.querySelectorAll('.chart-target > svg')].map(s => s.style.backgroundColor)")
    assert drawn and set(drawn) == {page_background}
    assert tab.is_visible("#home-heatmap .chart-hint")


def test_every_mark_of_every_compiled_spec_keeps_3_to_1_against_its_background(built_site):
    docs, _, _ = built_site
    specs = sorted((docs / "assets" / "charts").glob("*.json"))
    assert len(specs) > 20 and any(p.name.endswith(".dark.json") for p in specs)
    low = []
    for path in specs:
        vega = json.loads(path.read_text(encoding="utf-8"))
        palette = "dark" if path.name.endswith(".dark.json") else "light"
        assert vega["background"] == charts.BACKGROUND[palette], path.name
        on_cells = {*charts.BAND_LABEL_COLOURS, *dict(charts.BAND_LABEL_PAIRS).values()} if "heatmap" in path.name \
            else set()
        low += [(path.name, kind, colour) for kind, _, colour in mark_colours(vega)
                if not (kind == "text" and colour in on_cells)
                and contrast(colour, vega["background"]) < (4.5 if kind == "text" else 3)]
    assert low == []
