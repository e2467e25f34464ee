"""The reader's choice, in headless Chromium on the real site, on one phone tab (issue 28): the coverage chart boxes
the partnership chosen on the page and follows a new choice (28.3), and the working behind a figure fits a 390 px
screen and opens in words, its formula after the amounts (28.6)."""

import pytest

from conftest import PHONE, open_tab
from test_browser import charts_shown, server  # noqa: F401 (a fixture, and the skip without chromium)

pytestmark = pytest.mark.browser

CHOSEN = "() => document.querySelector('#mineral-lithium-sufficiency .chart-view').chart.signal('chosen')"
BOX = "#mineral-lithium-sufficiency .role-mark.layer_0_marks path"  # the box: the chart's first layer
WORKING = """() => {
    const box = document.getElementById('working').getBoundingClientRect();
    return {left: box.left, right: box.right, width: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth,
            lines: [...document.querySelectorAll('#working > p')].map(p => p.textContent)};
}"""


@pytest.fixture
def phone(browser, server):  # noqa: F811
    tab = open_tab(browser, server, PHONE)
    yield tab
    tab.context.close()


def test_the_chart_boxes_the_partnership_chosen_and_the_working_fits_a_phone(phone):
    phone.goto(phone.base + "/minerals/lithium/?partnership=msp")
    charts_shown(phone)  # the charts that box the partnership drawn by Vega: MSP is not their image's
    assert phone.evaluate(CHOSEN) == "MSP"
    boxed_msp = phone.eval_on_selector(BOX, "p => p.getBoundingClientRect().top")
    phone.select_option("select[data-view-param=partnership]", "g7")
    phone.wait_for_function(f"() => ({CHOSEN})() === 'G7'")
    phone.wait_for_function(f"top => document.querySelector('{BOX}').getBoundingClientRect().top !== top",
                            arg=boxed_msp)  # the box moved to the G7's row

    figures = phone.query_selector_all(".fig[data-cell^='downloads/sufficiency.csv']")
    assert len(figures) > 20
    for figure in figures[::len(figures) // 5]:
        figure.focus()
        phone.wait_for_selector("#working:not([hidden])")
        shown = phone.evaluate(WORKING)
        assert 0 <= shown["left"] and shown["right"] <= shown["width"] and shown["scroll"] == shown["width"], shown
        lines = shown["lines"]
        formula = next(i for i, line in enumerate(lines) if line.startswith("Formula: "))
        assert "÷" not in "".join(lines[:2]) and formula > 2, lines  # words first, the symbols after the amounts
        assert any(line.startswith("Numerator = ") for line in lines[:formula]), lines
    assert phone.errors == []
