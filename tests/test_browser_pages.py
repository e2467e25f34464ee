"""Issue 16 in headless Chromium: the first screen holds the answer and its chart, tables stay compact, the lead
sentence follows the whole view, and the build page's form says what happened and keeps the focus.

Few and quick: one page load serves several assertions; the server and browser are test_browser.py's fixtures. A
page the tests only read is opened once in each view it is read in, and every check that reads it runs on that load
(PAGE_CHECKS, at the end).
"""

import functools
from collections import defaultdict

import pytest

import test_browser as read
from conftest import DARK_DESKTOP, DESKTOP, PHONE, open_tab
from test_browser import page, server  # noqa: F401 (fixtures, and the skip without chromium)
import test_browser_charts as charts

pytestmark = pytest.mark.browser

# The home page, a mineral measured like for like, one on another basis, one not comparable, a partnership and a
# country. A mineral outside the engine (germanium) too: its answer is that there is no coverage figure, its chart
# the demand.
FIRST_SCREEN = ("/", "/minerals/lithium/", "/minerals/rare-earths/", "/minerals/copper/", "/partnerships/g7/",
                "/minerals/germanium/", "/countries/chl/")
FIRST_SCREEN_DESKTOP = ("/", "/minerals/lithium/", "/partnerships/msp/", "/countries/aus/")
ENOUGH_OF_THE_CHART = 150  # px of the chart (or all of it) the first screen must show


@pytest.fixture
def desktop(browser, server):  # noqa: F811
    """A tab of its own on a desktop, in the dark palette (conftest.DARK_DESKTOP)."""
    tab = open_tab(browser, server, DARK_DESKTOP)
    yield tab
    tab.context.close()


def first_screen_holds_the_answer_and_the_chart_that_shows_it(tab, path):
    """On each page of FIRST_SCREEN on a phone, where the sentence wraps the most; on a desktop on those of them
    opened on one for other checks (FIRST_SCREEN_DESKTOP). (The palette does not move anything: the phone is in the
    dark one, the desktop in the light.)"""
    tab.wait_for_function("() => ['static', 'true'].includes(document.querySelector('.brief + figure .chart-view')"
                          ".dataset.rendered)", timeout=20000)
    box = tab.evaluate("""() => {  // where on the page, from its top: the first screen is its top `height` px
        const r = s => { const b = document.querySelector(s).getBoundingClientRect();
                         return {top: b.top + scrollY, bottom: b.bottom + scrollY}; };
        const s = r('.brief-sentence'), c = r('.brief + figure .chart-view');
        const v = document.querySelector('.view-bar');  // a page with views only
        return {sentence: [s.top, s.bottom], chart: [c.top, c.bottom], viewBar: v ? r('.view-bar').top : null};
    }""")
    top, bottom = box["sentence"]
    assert 0 <= top and bottom <= tab.height, (path, box)
    chart_top, chart_bottom = box["chart"]
    shown = min(chart_bottom, tab.height) - chart_top
    assert shown >= min(ENOUGH_OF_THE_CHART, chart_bottom - chart_top), (path, box)
    assert box["viewBar"] is None or box["viewBar"] > chart_top, (path, box)  # "Copy link" follows the chart


ROW_LINES = """() => [...document.querySelectorAll('article table')].filter(t => t.offsetParent !== null && !t.closest('details'))
    .flatMap(t => [...t.querySelectorAll('tbody tr')]).map(tr => {
        const cells = [...tr.children];
        const lines = Math.max(...cells.map(c => {
            const s = getComputedStyle(c);
            const inner = c.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
            return inner / parseFloat(s.lineHeight);
        }));
        return [cells[0].textContent.trim().slice(0, 40), Math.round(lines * 10) / 10];
    })"""


SHORT_ROWS = ("/", "/minerals/", "/minerals/lithium/", "/partnerships/msp/", "/countries/aus/", "/compare/")  # a page a kind


def no_table_row_is_taller_than_three_lines_at_1280(tab, path):
    """On each page of SHORT_ROWS, on a desktop."""
    rows = tab.evaluate(ROW_LINES)
    assert rows, path
    tall = [r for r in rows if r[1] > 3.05]  # a rounding pixel's leeway
    assert not tall, (path, tall)


def rows_stay_short_with_the_left_out_list_collapsed(tab):
    """Issue 28.6: four members left out of many sums made rows hundreds of pixels tall; the cell is now a count
    that opens its list. (Chile joins the three members, for this check only.)"""
    tab.fill("#build-country", "CHL")
    tab.press("#build-country", "Enter")
    tab.wait_for_function("() => location.search.includes('members=USA,AUS,CAN,CHL&')")
    tab.wait_for_selector("#build-table td[data-measure]")
    rows = tab.evaluate(ROW_LINES)
    assert rows and not [r for r in rows if r[1] > 3.05], rows
    summaries = tab.eval_on_selector_all("#build-table details.build-left-out:not([open]) > summary",
                                         "els => els.map(e => e.textContent)")
    assert summaries and all(s.split()[0].isdigit() and s.split()[1] in ("member", "members") for s in summaries)
    tab.click("#build-table details.build-left-out > summary")
    assert tab.eval_on_selector("#build-table details.build-left-out", "d => d.open && d.querySelectorAll('li').length")
    tab.click("#build-members button[data-remove=CHL]")
    tab.wait_for_function("() => location.search.includes('members=USA,AUS,CAN&')")


def test_a_link_to_the_left_out_block_opens_it_and_the_lead_sentence_follows_the_partnership(desktop):
    """The block is collapsed, but its anchors (a row's count, or a brief's #left-out-<row>) open it. The lithium
    page opened at one is opened with the democracies' view too: its lead sentence is the next check. (The
    democracies' page is the one read in the dark palette for its chart labels: that check first.)"""
    desktop.goto(desktop.base + "/partnerships/democracies/")
    read.every_chart_label_is_readable_against_what_is_behind_it(desktop, "/partnerships/democracies/")
    assert not desktop.evaluate("() => document.getElementById('left-out').closest('details').open")
    desktop.click("details:has(a[href*='#left-out-']) > summary")  # the collapsed table a row of which links to it
    desktop.click("a[href*='#left-out-']")  # the first: a row of the coverage table
    desktop.wait_for_function("() => document.getElementById('left-out').closest('details').open")
    desktop.goto(desktop.base + "/minerals/lithium/?partnership=democracies#left-out-us-fta")
    desktop.wait_for_function("() => document.getElementById('left-out').closest('details').open")
    assert not desktop.errors
    the_lead_sentence_follows_the_partnership(desktop)


def on_a_phone_the_first_column_stays_in_view(tab, path):
    """The coverage table scrolled sideways, then back, for the checks after this one."""
    before, after = tab.evaluate("""async () => {
        const wrap = document.getElementById('us-fta').closest('.md-typeset__scrollwrap');
        const cell = document.getElementById('us-fta').closest('td');
        const left = () => cell.getBoundingClientRect().left - wrap.getBoundingClientRect().left;
        const before = left();
        wrap.scrollLeft = 400;
        await new Promise(r => requestAnimationFrame(r));
        const after = wrap.scrollLeft > 0 ? left() : null;
        wrap.scrollLeft = 0;
        return [before, after];
    }""")
    assert after is not None and 0 <= after <= before  # the table scrolled; the partnership's name stayed in view


def the_compare_grid_fits_and_keeps_its_header_in_view(tab, path):
    """Issue 28.5: every partnership against every mineral in one grid that fits 1280 px, its header row under the
    site's header while the reader scrolls through it (scrolled back after)."""
    fit = tab.evaluate("""() => { const t = document.querySelector('table.cmp-grid');
        return [t.scrollWidth, t.parentElement.clientWidth, t.querySelectorAll('tbody tr').length,
                t.querySelectorAll('thead th').length]; }""")
    assert fit[0] <= fit[1] and fit[2:] == [27, 13], fit
    header, row = tab.evaluate("""async () => {
        const rows = document.querySelectorAll('table.cmp-grid tbody tr');
        window.scrollTo(0, rows[12].getBoundingClientRect().top + scrollY - 200);  // the grid's middle
        await new Promise(r => requestAnimationFrame(r));
        const top = document.querySelector('table.cmp-grid thead th').getBoundingClientRect().top;
        const bar = document.querySelector('.md-header').getBoundingClientRect().bottom;
        window.scrollTo(0, 0);
        return [top, bar];
    }""")
    assert abs(header - row) <= 1, (header, row)


def on_a_phone_the_compare_grid_is_the_chosen_partnership(tab, path):
    """Issue 28.5: a phone shows the minerals and the partnership chosen (the page's own selector)."""
    shown = "ths => ths.filter(th => th.offsetParent !== null).map(th => th.textContent)"
    assert tab.eval_on_selector_all(".cmp-grid thead th", shown) == ["Mineral", "US + FTA partners"]
    tab.select_option("select[data-view-param=partnership]", "g7")
    tab.wait_for_function("() => document.body.dataset.view === 'NZE|2030|g7|production'")
    assert tab.eval_on_selector_all(".cmp-grid thead th", shown) == ["Mineral", "G7"]
    assert tab.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def the_lead_sentence_follows_the_partnership(desktop):
    """(The page was opened with the democracies' view.)"""
    desktop.wait_for_function("() => document.body.dataset.view")
    text = desktop.text_content(".brief-sentence")
    assert text.startswith("Today's mine output of the democracies covers"), text
    figures = desktop.eval_on_selector_all(".brief-sentence .fig", "els => els.map(e => e.dataset.cell)")
    assert figures and all("partnership=democracies&scenario=NZE&year=2030" in c for c in figures)
    # The card's own selector changes the whole view: sentence, address and the charts' partnership.
    desktop.select_option(".brief select[data-view-param=partnership]", "g7")
    desktop.wait_for_function("() => document.querySelector('.brief-sentence').textContent.includes('the G7')")
    assert "partnership=g7" in desktop.url
    figures = desktop.eval_on_selector_all(".brief-sentence .fig", "els => els.map(e => e.dataset.cell)")
    assert all("partnership=g7" in c for c in figures)
    assert not desktop.errors


CONTRAST = """sel => {
    const rgb = c => c.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 :
        ((v + 0.055) / 1.055) ** 2.4).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const el = document.querySelector(sel), s = getComputedStyle(el);
    const bg = rgb(getComputedStyle(document.body).backgroundColor);
    const [r, g, b, a = 1] = rgb(s.borderTopColor);
    const edge = [r, g, b].map((v, i) => v * a + bg[i] * (1 - a));  // the edge as drawn over the page
    const [hi, lo] = [lum(edge), lum(bg)].sort((x, y) => y - x);
    return {width: parseFloat(s.borderTopWidth), contrast: (hi + 0.05) / (lo + 0.05)};
}"""


def the_form_is_visible_and_says_what_happened(desktop):
    """(From the members USA, AUS and CAN in NZE 2030.)"""
    desktop.wait_for_selector("#build-members li")
    for scheme in ("default", "slate"):  # the light and the dark palette
        desktop.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        for field in ("#build-name", "#build-country"):
            edge = desktop.evaluate(CONTRAST, field)
            assert edge["width"] >= 1 and edge["contrast"] >= 3, (scheme, field, edge)
    chip = desktop.eval_on_selector("#build-members button[data-remove]",
                                    "b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; }")
    assert chip[0] <= 48 and 24 <= chip[1] <= 48, chip  # a compact chip, still a finger's target

    status = "#build-status"
    assert desktop.get_attribute(status, "role") == "status"
    desktop.fill("#build-country", "Atlantis")
    desktop.press("#build-country", "Enter")
    assert desktop.text_content(status) == "No country “Atlantis” on this site: pick one from the list."
    desktop.fill("#build-country", "aus")
    desktop.click("#build-add")
    assert desktop.text_content(status) == "Australia is already a member."
    no_data = desktop.evaluate("() => fetch('../downloads/build.json').then(r => r.json()).then(d => "
                               "Object.keys(d.countries).find(c => !d.producers.includes(c)))")
    desktop.fill("#build-country", no_data)
    desktop.press("#build-country", "Enter")
    assert "no USGS production or reserves figure" in desktop.text_content(status)
    assert desktop.url.endswith(f"members=USA,AUS,CAN,{no_data}&scenario=NZE&year=2030")

    def removed(code):
        desktop.focus(f"#build-members button[data-remove={code}]")
        desktop.keyboard.press("Enter")
        return desktop.evaluate("() => document.activeElement.dataset.remove || document.activeElement.id")

    assert removed("USA") == "AUS"  # the next chip takes the focus
    assert removed(no_data) == "CAN"  # the last chip removed: the one before it
    assert removed("AUS") == "CAN"
    assert removed("CAN") == "build-country"  # none left: back to the input
    assert desktop.text_content(status) == "Removed Canada."
    assert not desktop.errors


def the_page_reads_common_names_keeps_its_order_and_names_what_the_reader_made(desktop):
    """Issue 28.6: UK, DRC, South Korea and KOR all name a country; the Quad plus them is headed so; and the chart
    keeps the site's mineral order as members come and go. (A partnership chosen from the list replaces whatever
    members there were.)"""
    desktop.wait_for_selector("#build-preset")
    desktop.select_option("#build-preset", "quad")
    desktop.wait_for_function("() => document.querySelector('#build-heading').textContent === 'Quad: members'")
    for typed in ("UK", "drc", "South  Korea"):
        desktop.fill("#build-country", typed)
        desktop.press("#build-country", "Enter")
    desktop.fill("#build-country", "KOR")
    desktop.press("#build-country", "Enter")
    assert desktop.text_content("#build-status") == "South Korea is already a member."
    assert desktop.text_content("#build-heading") == "Quad + United Kingdom, DR Congo, South Korea: members"
    assert desktop.input_value("#build-name") == "Quad + United Kingdom, DR Congo, South Korea"
    assert "members=USA,JPN,AUS,IND,GBR,COD,KOR" in desktop.url.replace("%2C", ",")
    order = desktop.evaluate("() => fetch('../downloads/build.json').then(r => r.json())"
                             ".then(d => d.minerals.map(m => m.name))")
    # The chart's mineral labels, top to bottom, once it has drawn the last change: in the site's order.
    desktop.wait_for_function("n => document.querySelectorAll('#build-chart .role-axis-label text').length >= n",
                              arg=5)
    drawn = desktop.eval_on_selector_all("#build-chart .role-axis-label text", "t => t.map(x => x.textContent)")
    names = [label.removesuffix(" †") for label in drawn if label.removesuffix(" †") in order]
    assert names and names == sorted(names, key=order.index)


@pytest.mark.slow
def test_a_reader_building_a_partnership(page, built_site):  # noqa: F811
    """The build page, loaded once with two members in its address: each check starts where the one before left it
    (the form, the presets and the selectors reach every state the checks need)."""
    page.goto(page.base + "/build/?members=USA,AUS")
    a_change_of_members_adds_a_history_entry_and_a_change_of_scenario_replaces_it(page)
    page.select_option("#build-scenario", "NZE")  # the default view again: USA, AUS and CAN in NZE 2030
    rows_stay_short_with_the_left_out_list_collapsed(page)
    the_chart_follows_a_palette_switch(page)
    the_form_is_visible_and_says_what_happened(page)
    the_page_reads_common_names_keeps_its_order_and_names_what_the_reader_made(page)
    the_figures_are_the_published_cells_of_a_registry_partnership(page, built_site)


def a_change_of_members_adds_a_history_entry_and_a_change_of_scenario_replaces_it(page):
    page.wait_for_selector("#build-chart svg")
    entries = page.evaluate("() => history.length")
    page.select_option("#build-scenario", "STEPS")
    page.wait_for_function("() => location.search.includes('scenario=STEPS')")
    assert page.evaluate("() => history.length") == entries
    page.fill("#build-country", "CAN")
    page.click("#build-add")
    page.wait_for_function("() => location.search.includes('CAN')")
    assert page.evaluate("() => history.length") == entries + 1


def the_chart_follows_a_palette_switch(page):
    page.wait_for_selector("#build-chart svg")
    assert page.get_attribute("#build-chart", "data-palette") == "default"
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_function("() => document.querySelector('#build-chart').dataset.palette === 'slate'"
                           " && document.querySelector('#build-chart svg')")
    assert page.errors == []


def the_figures_are_the_published_cells_of_a_registry_partnership(page, built_site):
    """The build page with the US + FTA partners' members (chosen from the list) prints the same figures as
    sufficiency.csv (the figure audit), view by view; the browser engine's every value is checked against Python in
    test_engine_parity."""
    from test_figure_audit import Downloads, audit_page
    _, site, _ = built_site
    page.select_option("#build-preset", "us-fta")
    page.wait_for_selector("#build-table td[data-measure] .fig[data-cell*='partnership=us-fta&']")
    downloads = Downloads(site)
    for scenario, year in (("NZE", "2030"), ("STEPS", "2035")):
        page.select_option("#build-scenario", scenario)
        page.select_option("#build-year", year)
        page.wait_for_selector(f"#build-table .fig[data-cell*='scenario={scenario}&year={year}']")
        checked, problems = audit_page(page.content(), downloads)
        assert problems == [] and checked >= 15 * 9, problems[:5]
    assert page.errors == []


# --- Every page the tests only read: one load in each view, every check that reads it on that load ------------------

def page_checks():
    """(path, view) → the checks (`check(tab, path)`, which leave the page as they found it, but for a last one) that
    read that page in that view, in the order they run: each list of pages above says which pages a check reads."""
    checks = defaultdict(list)

    def reads(check, pages):
        for path, view in pages:
            checks[path, view].append(check)
    lithium = [("/minerals/lithium/", DESKTOP)]
    reads(read.charts_show_their_static_image_until_the_reader_asks_for_more, lithium)
    reads(charts.a_phone_opening_the_lithium_page_at_production_sees_no_jump, [("/minerals/lithium/", PHONE)])
    reads(first_screen_holds_the_answer_and_the_chart_that_shows_it,
          [(p, PHONE) for p in FIRST_SCREEN] + [(p, DESKTOP) for p in FIRST_SCREEN_DESKTOP])
    reads(no_table_row_is_taller_than_three_lines_at_1280, [(path, DESKTOP) for path in SHORT_ROWS])
    reads(on_a_phone_the_first_column_stays_in_view, [("/minerals/lithium/", PHONE)])
    reads(charts.charts_sit_on_the_page_background_in_the_dark_and_a_wide_chart_says_it_scrolls, [("/", PHONE)])
    reads(read.charts_are_drawn_by_vega_alone_from_specs_compiled_for_it, lithium)
    reads(read.a_drawn_chart_is_an_image_with_a_description, lithium)
    reads(read.a_drawn_chart_saves_its_current_view_as_png, lithium)
    reads(read.a_page_without_charts_loads_no_vega, [("/methodology/", PHONE)])
    reads(read.every_chart_label_is_readable_against_what_is_behind_it, read.LABEL_VIEWS)
    reads(read.no_page_scrolls_sideways_on_a_phone_and_every_column_is_reachable, [(p, PHONE) for p, _ in read.A11Y_VIEWS])
    reads(read.drawn_charts_fit_a_phone, [(path, PHONE) for path in read.FIT_A_PHONE])
    for path, expected in read.CHART_COUNTS:  # after the others: their console errors and requests are counted too
        reads(functools.partial(read.charts_show_without_errors_or_outside_requests, expected=expected), [(path, DESKTOP)])
    reads(the_compare_grid_fits_and_keeps_its_header_in_view, [("/compare/", DESKTOP)])
    reads(read.axe_finds_no_serious_or_critical_violation, read.A11Y_VIEWS)
    reads(charts.selectors_keep_one_history_entry, [("/minerals/lithium/", PHONE)])  # it changes the view: last
    reads(on_a_phone_the_compare_grid_is_the_chosen_partnership, [("/compare/", PHONE)])  # it changes the view: last
    return dict(checks)


# Where a page is opened, and a script that watches it from before its first one runs.
OPENED_AT = {("/minerals/lithium/", PHONE): ("#production", charts.LAYOUT_SHIFT)}


PAGE_CHECKS = page_checks()


@pytest.mark.parametrize("path, view", [
    pytest.param(path, view, id=f"{path}-{view[0]}-{view[1]}",
                 marks=[pytest.mark.slow] if read.axe_finds_no_serious_or_critical_violation in checks else [])
    for (path, view), checks in PAGE_CHECKS.items()])
def test_every_check_that_reads_a_page(browser, server, path, view):  # noqa: F811
    """The page opened once in the view, and each check that reads it run in turn; all run, and every one that fails
    is reported."""
    tab = open_tab(browser, server, view)
    at, watch = OPENED_AT.get((path, view), ("", None))
    try:
        if watch:
            tab.add_init_script(watch)
        tab.goto(server + path + at)
        failed = []
        for check in PAGE_CHECKS[path, view]:
            try:
                check(tab, path)
            except AssertionError as error:
                failed.append(f"{getattr(check, 'func', check).__name__}: {error}")
        assert failed == [], "\n\n".join(failed)
    finally:
        tab.context.close()
