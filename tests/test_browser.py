"""Pages opened in headless Chromium (Debian's chromium, driven by Playwright): charts drawn, no console
error, no request leaving the local server, and charts still drawn after a palette switch and instant navigation."""

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from conftest import DESKTOP, PHONE, QuietHandler, needs_chromium, open_tab

needs_chromium()
pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def server(built_site, site_port):
    """The real site's address: served for the whole run by the session's process (conftest.pytest_sessionstart)."""
    return f"http://127.0.0.1:{site_port}"


@pytest.fixture
def page(browser, server):
    """A tab of its own, for a test that changes the page (pages the tests only read: test_browser_pages.PAGE_CHECKS)."""
    tab = open_tab(browser, server)
    yield tab
    tab.context.close()


def charts_shown(tab):
    """Wait until every chart on the page shows, as its static image or drawn by Vega; return how many there are."""
    tab.wait_for_function(
        "() => { const v = [...document.querySelectorAll('.chart-view')];"
        " return v.length > 0 && v.every(e => ['static', 'true'].includes(e.dataset.rendered)); }", timeout=20000)
    return tab.eval_on_selector_all(".chart-view", "v => v.length")


def charts_drawn(tab):
    """Point at every chart on the page, as a reader does for its tooltips, so that Vega draws each in place of its
    static image; wait until every one is drawn, and return how many there are."""
    tab.eval_on_selector_all(".chart-view", "v => v.forEach(e => e.dispatchEvent("
                                            "new PointerEvent('pointerover', {bubbles: true})))")
    tab.wait_for_function(
        "() => { const v = [...document.querySelectorAll('.chart-view')];"
        " return v.length > 0 && v.every(e => e.dataset.rendered === 'true'"
        " && e.querySelector('.chart-target svg, .chart-target canvas')); }", timeout=20000)
    return tab.eval_on_selector_all(".chart-view", "v => v.length")


def settled(tab):
    """Wait until the page is as its reader sees it once its scripts are done: charts shown, the build page made."""
    if tab.query_selector(".chart-view"):
        charts_shown(tab)
    if tab.query_selector("#build-app"):
        tab.wait_for_selector("#build-table td[data-measure]")
        tab.wait_for_selector("#build-chart svg")
    return tab


def view_ready(tab):
    """Wait until the page's script shows its view (the figures' working and the Copy button listen from then)."""
    tab.wait_for_function("() => document.body.dataset.view")


def only_local(tab):
    return [u for u in tab.requests if not u.startswith(tab.base)]


# --- Checks that only read a page ----------------------------------------------------------------------------------
# Each `check(tab, path)` below runs on the one load of its page in each view it reads, with every other check on
# that page: the table of which check reads which page is test_browser_pages.PAGE_CHECKS.

CHART_COUNTS = [("/", 1), ("/minerals/lithium/", 7), ("/partnerships/msp/", 1)]  # on a desktop


def charts_show_without_errors_or_outside_requests(tab, path, expected):
    assert charts_shown(tab) == expected, path
    assert tab.errors == []
    assert only_local(tab) == []


def charts_are_drawn_by_vega_alone_from_specs_compiled_for_it(tab, path):
    """The specs are compiled to Vega at build time: the page loads no Vega-Lite compiler and no Vega-Embed,
    and the Vega it loads is the major version the compiled specs declare."""
    charts_drawn(tab)
    loaded = tab.evaluate("() => [typeof vegaLite, typeof vegaEmbed, vega.version]")
    assert loaded[:2] == ["undefined", "undefined"]
    spec = tab.evaluate("url => fetch(url).then(r => r.json())", tab.base + "/assets/charts/mineral-lithium-demand.json")
    assert spec["$schema"] == f"https://vega.github.io/schema/vega/v{loaded[2].split('.')[0]}.json"


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    handler = functools.partial(QuietHandler, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("path", ["/partnerships/pair/", "/minerals/zinc/", "/minerals/gallium/", "/methodology/",
                                  "/data/", "/"])
def test_no_injected_script_runs(browser, hostile_server, path):
    context = browser.new_context()
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(hostile_server + path)
    tab.wait_for_load_state("load")
    assert tab.evaluate("() => window.__pwned") is None
    # Click every text element: an onclick smuggled in through an attribute list would run now.
    tab.eval_on_selector_all("h1, h2, h3, p, td, th, li", "els => els.forEach(e => e.click())")
    assert tab.evaluate("() => window.__pwned") is None and dialogs == []
    context.close()


def test_build_page_shows_a_hostile_name_as_text_and_lists_unknown_codes(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page.base + "/build/?name=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E&members=USA,XXX")
    page.wait_for_selector("#build-table td[data-measure]")
    assert page.evaluate("() => window.__pwned") is None and dialogs == []
    assert "<script>window.__pwned=1</script>" in page.text_content("#build-heading")
    assert page.is_visible("#build-ignored") and "XXX" in page.text_content("#build-ignored")
    assert page.eval_on_selector_all("#build-members li", "items => items.length") == 1


def view_shown(tab, state, part, text):
    """Wait until the page shows `state` (scenario|year|partnership|measure) and the part reads `text`."""
    tab.wait_for_function(
        "([state, part, text]) => document.body.dataset.view === state &&"
        " document.querySelector(`[data-v='${part}']`).textContent.includes(text)", arg=[state, part, text],
        timeout=15000)


def select_in_chart(tab, name, value):
    names = tab.eval_on_selector_all(".vega-bind select", "s => s.map(x => x.name)")
    tab.query_selector_all(".vega-bind select")[names.index(name)].select_option(value)


# A tab's page is the costliest part of a browser test: the checks that change a page run on one tab, in an order in
# which each starts from where the one before left it (each check is a function below, named for what it shows; a
# failure's traceback names it), and the page is loaded again only where a check is about a load.

def view_state_lives_in_the_url(tab, part, partnership):
    """Opening a view from its URL (`tab` was opened on APS 2040 and `partnership`) shows it in every control, chart
    and table; a control changes the URL in place (the history entry is replaced: one Back press leaves the page,
    issue 16)."""
    charts_shown(tab)
    view_shown(tab, f"APS|2040|{partnership}|production", part, "APS 2040")
    values = tab.eval_on_selector_all(".vega-bind select", "s => s.map(x => [x.name, x.value])")
    assert ["scenario", "APS"] in values and ["year", "2040"] in values
    assert all(v == partnership for name, v in values if name == "partnership")
    entries = tab.evaluate("() => history.length")
    select_in_chart(tab, "scenario", "STEPS")
    view_shown(tab, f"STEPS|2040|{partnership}|production", part, "STEPS 2040")
    assert "scenario=STEPS" in tab.url and "year=2040" in tab.url
    assert tab.evaluate("() => history.length") == entries
    assert tab.errors == []


@pytest.mark.parametrize("path, part", [("/partnerships/g7/", "table-intro"), ("/", "minerals-view")])
def test_view_state_lives_in_the_url(page, path, part):
    """(The lithium page's case: test_a_view_opened_from_its_url_on_the_lithium_page.)"""
    page.goto(f"{page.base}{path}?scenario=APS&year=2040&partnership=g7")
    view_state_lives_in_the_url(page, part, "g7")


APS_2040_G7 = "/minerals/lithium/?scenario=APS&year=2040&partnership=g7"


def test_a_view_opened_from_its_url_on_the_lithium_page(page, site_port):
    """APS 2040 and the G7, opened from the URL: the checks that read the view, then the one that changes it."""
    page.goto(page.base + APS_2040_G7)
    mineral_view_drives_tables_and_highlights_the_partnership(page)
    copy_link_gives_the_view_on_the_published_address(page, site_port)
    the_working_follows_the_view(page)
    view_state_lives_in_the_url(page, "cov-intro", "g7")


def mineral_view_drives_tables_and_highlights_the_partnership(tab):
    view_shown(tab, "APS|2040|g7|production", "cov-intro", "APS 2040")
    assert "APS 2040" in tab.text_content("[data-v=brief]") and "the G7" in tab.text_content("[data-v=brief]")
    assert tab.eval_on_selector_all("[data-member-header]", "s => s.map(x => x.textContent)") == ["G7", "G7", "G7"]
    selected = tab.eval_on_selector_all("tr.view-selected [data-row-partnership]", "s => s.map(x => x.dataset.rowPartnership)")
    assert selected == ["g7"]


def copy_link_gives_the_view_on_the_published_address(tab, site_port):
    view_ready(tab)
    tab.click(".view-copy")
    tab.wait_for_function("() => document.querySelector('.view-copied').textContent.length > 0")
    assert f"http://127.0.0.1:{site_port}{APS_2040_G7}" in tab.text_content(".view-copied")


def open_coverage_table(tab):
    """Open the collapsed coverage table, as a reader taps its summary (a figure in a closed block takes no focus)."""
    tab.evaluate("() => { document.getElementById('us-fta').closest('details').open = true; }")


def the_working_follows_the_view(tab):
    """The working behind US + FTA's coverage figure in the view APS 2040 names that view's demand."""
    open_coverage_table(tab)
    tab.focus("[data-v='cov-us-fta-production_sufficiency'] .fig")
    tab.wait_for_selector("#working:not([hidden])")
    assert "IEA demand, APS 2040" in tab.text_content("#working")


UNKNOWN_VIEW = "/minerals/lithium/?scenario=%3Cb%3EXYZ%3C/b%3E&year=2031"


@pytest.mark.slow
def test_a_reader_on_the_lithium_page(page):
    """A reader's choice of view follows them to the next page until they reset it: three pages, then the lithium
    page again, whose address asks for a view it does not know. On that load, in turn: the keyboard, the search, the
    working behind a figure, a chart's selector, the data table under a chart, and last a palette switch and
    instant navigation, which leave the page."""
    a_choice_follows_the_reader_to_the_next_page_until_reset(page)
    unknown_view_values_fall_back_with_a_notice(page)
    the_keyboard_reaches_the_first_chart_control_within_ten_tab_presses(page)
    the_search_index_is_fetched_when_the_reader_reaches_for_search(page)
    the_working_behind_a_coverage_figure_or_a_dash_is_one_focus_or_tap_away(page)
    a_selector_changes_the_chart(page)
    the_data_table_is_one_tab_after_the_chart_and_follows_the_view(page)
    a_palette_switch_and_instant_navigation_keep_charts_drawn(page)


def a_choice_follows_the_reader_to_the_next_page_until_reset(page):
    """A partnership, scenario or year the reader chooses is the next page's view (kept in the browser), written
    into that page's URL; a view in the URL wins; "Reset" returns to the site's default and forgets the choice."""
    page.goto(page.base + "/minerals/lithium/")
    charts_shown(page)
    assert page.is_hidden(".view-reset")
    select_in_chart(page, "partnership", "democracies")
    view_shown(page, "NZE|2030|democracies|production", "cov-intro", "NZE 2030")
    select_in_chart(page, "scenario", "STEPS")
    view_shown(page, "STEPS|2030|democracies|production", "cov-intro", "STEPS 2030")
    page.goto(page.base + "/")
    view_shown(page, "STEPS|2030|democracies|production", "minerals-view", "STEPS 2030")
    assert "scenario=STEPS" in page.url and "partnership=democracies" in page.url
    page.goto(page.base + "/minerals/cobalt/?scenario=APS")
    charts_shown(page)
    view_shown(page, "APS|2030|democracies|production", "cov-intro", "APS 2030")
    assert page.is_visible(".view-reset")
    page.click(".view-reset")
    view_shown(page, "NZE|2030|us-fta|production", "cov-intro", "NZE 2030")
    assert page.is_hidden(".view-reset") and "scenario=" not in page.url
    # Back on the lithium page, with a scenario and a year it does not know in its address: each falls back to the
    # remembered choice, if any is left, then to the default; the partnership, not in the address, likewise.
    page.goto(page.base + UNKNOWN_VIEW)
    charts_shown(page)
    view_shown(page, "NZE|2030|us-fta|production", "cov-intro", "NZE 2030")
    assert page.errors == []


def unknown_view_values_fall_back_with_a_notice(page):
    notice = page.text_content(".view-notice")
    assert page.is_visible(".view-notice") and "showing NZE" in notice and "showing 2030" in notice
    assert "<b>XYZ</b>" in notice  # shown as text, never as markup
    assert page.eval_on_selector_all(".view-notice b", "b => b.length") == 0
    assert page.errors == []


def the_keyboard_reaches_the_first_chart_control_within_ten_tab_presses(page):
    """From the top of a mineral page just opened: Tab to "Skip to content", Enter, Tab past the brief card (its
    partnership selector, address and Copy button) to the first chart's selector, which follows it. Every stop has a
    visible focus style."""
    page.wait_for_load_state("networkidle")  # every script has run: the page's tab order is the final one
    presses = 0

    def tab_until(test):
        nonlocal presses
        while presses < 10:
            page.keyboard.press("Tab")
            presses += 1
            focused = page.evaluate("() => { const e = document.activeElement; const s = getComputedStyle(e);"
                                    " return [e.textContent.trim(), !!e.closest('.vega-bind'),"
                                    " s.outlineStyle !== 'none' || s.boxShadow !== 'none', e === document.body,"
                                    " e.outerHTML.slice(0, 160)] }")
            # A visible focus style on every stop; the document itself (focus not yet in the page) is no stop.
            assert focused[2] or focused[3], (focused[:3], focused[4])
            if test(focused):
                return
        raise AssertionError(f"not reached in 10 Tab presses")

    tab_until(lambda f: f[0] == "Skip to content")
    page.keyboard.press("Enter")
    # Instant navigation may fetch and re-render the page for an in-page link: wait until it has, then go on.
    page.wait_for_load_state("networkidle")
    charts_shown(page)
    tab_until(lambda f: f[1])
    assert presses <= 10


def the_search_index_is_fetched_when_the_reader_reaches_for_search(page):
    """Not on page load (on none of the four this tab has made), where it would compete with the charts: on the
    first focus of the search field."""
    page.evaluate("() => document.activeElement.blur()")  # the theme's shortcut is not for a focused form field
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if "search_index" in url]
    page.keyboard.press("/")  # the theme's search shortcut
    page.keyboard.type("Chile")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert [url for url in page.requests if url.endswith("search/search_index.json")]
    assert page.errors == []
    page.keyboard.press("Escape")  # search closed, for the checks that follow
    page.wait_for_function("() => !document.getElementById('__search').checked")


def the_working_behind_a_coverage_figure_or_a_dash_is_one_focus_or_tap_away(page):
    """US + FTA lithium, NZE 2030: the members with their own figures, who is left out and why, the demand
    with its scenario and year, the basis, and the source files. A dash's reason shows in its working too. (The
    working follows the view: test_a_view_opened_from_its_url_on_the_lithium_page.)"""
    view_ready(page)
    open_coverage_table(page)
    figure = page.query_selector("[data-v='cov-us-fta-production_sufficiency'] .fig")
    figure.click()
    page.wait_for_selector("#working:not([hidden])")
    text = page.text_content("#working")
    assert figure.text_content().startswith("≥ ")
    for words in ("Australia: 92,000\xa0t", "Chile: 56,000\xa0t", "Left out: United States", "IEA demand, NZE 2030: 701\xa0kt",
                  "Basis: USGS mine production"):
        assert words in text, (words, text)
    assert page.get_attribute("#working a[href$='downloads/production.csv']", "href")
    page.keyboard.press("Escape")
    assert page.is_hidden("#working")
    # The keyboard reaches a dash, and its working says why it is one.
    dash = page.query_selector("[data-v='cov-usa-production_sufficiency'] .fig")
    assert dash.text_content() == "—" and dash.get_attribute("tabindex") == "0"
    dash.focus()
    page.wait_for_selector("#working:not([hidden])")
    assert "withheld" in page.text_content("#working")
    page.keyboard.press("Escape")
    assert page.errors == []


def a_selector_changes_the_chart(page):
    """The chart, its static image or drawn already, is drawn anew in the view chosen."""
    chart = page.locator("#mineral-lithium-production")
    before = chart.locator(".chart-target").inner_html()
    chart.locator("select").select_option("usa")
    page.wait_for_function("([target, before]) => { const t = document.querySelector(target);"
                           " return t.querySelector('svg.marks') && t.innerHTML !== before; }",
                           arg=["#mineral-lithium-production .chart-target", before], timeout=10000)
    view_shown(page, "NZE|2030|usa|production", "cov-intro", "NZE 2030")  # the whole page has followed


def the_data_table_is_one_tab_after_the_chart_and_follows_the_view(page):
    figure = page.locator("#mineral-lithium-sufficiency")
    figure.locator(".vega-bind select").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('details.chart-table') !== null")
    page.keyboard.press("Enter")
    table = figure.locator("details.chart-table table")
    assert table.is_visible()
    before = table.inner_text()  # every partnership's cover of NZE 2030 demand
    select_in_chart(page, "year", "2050")
    page.wait_for_function("() => document.body.dataset.view.startsWith('NZE|2050|')")
    assert table.inner_text() != before
    page.click(".view-reset")  # the default view again, and nothing remembered for the next page
    view_shown(page, "NZE|2030|us-fta|production", "cov-intro", "NZE 2030")


def a_palette_switch_and_instant_navigation_keep_charts_drawn(page):
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    charts_drawn(page)
    every_chart_label_is_readable_against_what_is_behind_it(page, "/minerals/lithium/")  # in the dark palette
    # Instant navigation: the sidebar link swaps the page without a full load.
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator("nav.md-nav--primary a[href$='cobalt/']").first.click()
    page.wait_for_url("**/minerals/cobalt/")
    assert page.evaluate("() => window.notReloaded") is True
    # cobalt has export measures (their timeline is the fifth), then its net import reliance and import sources
    assert charts_shown(page) == 7
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.errors == []
    assert only_local(page) == []


def test_compare_page_has_its_own_view_controls(page):
    """Scenario, year and measure: the grid shows one measure at a time (issue 28.5), and the anchor a measure's own
    table had opens the grid on it."""
    page.goto(f"{page.base}/compare/?scenario=APS&year=2040")
    view_shown(page, "APS|2040|us-fta|production", "cmp-title-{measure}", "APS 2040")
    page.select_option("select[data-view-param=year]", "2050")
    view_shown(page, "APS|2050|us-fta|production", "cmp-title-{measure}", "APS 2050")
    assert "year=2050" in page.url
    page.select_option("select[data-view-param=measure]", "reserves")
    view_shown(page, "APS|2050|us-fta|reserves", "cmp-title-{measure}", "Reserves ÷ cumulative APS demand")
    cells = page.eval_on_selector_all(".cmp-grid td .fig", "f => f.map(x => x.dataset.cell)")
    assert len(cells) == 27 * 12 and all("scenario=APS&year=2050" in c and c.endswith("#reserves_sufficiency")
                                         for c in cells), cells[:3]
    page.goto(f"{page.base}/compare/#world-share")
    page.wait_for_function("() => document.body.dataset.view === 'APS|2050|us-fta|share'")  # the scenario and year remembered
    assert page.text_content("#grid").startswith("Share of world output")
    assert "measure=share" in page.url  # a copied link keeps it
    page.goto(f"{page.base}/compare/#%zz")  # a fragment that is no percent-encoding: the page still works
    assert charts_shown(page) == 1 and page.errors == []


def test_embed_page_draws_its_chart_in_the_view_of_its_url_and_fits_its_iframe(page):
    """Issue 28.2: an embed opened with a view in its address draws that view; framed at 600 and 390 px wide, the
    tallest kind of chart (a partnership's, 27 minerals) and its source fit the height its own snippet gives."""
    page.goto(f"{page.base}/embed/mineral-lithium-sufficiency/?scenario=STEPS&year=2035&partnership=g7")
    assert charts_drawn(page) == 1
    assert not page.is_visible(".md-header") and not page.is_visible(".md-sidebar--primary")
    assert page.evaluate("() => document.body.dataset.view") == "STEPS|2035|g7|production"
    titles = page.eval_on_selector_all(".chart-target svg .role-title-text text", "t => t.map(x => x.textContent)")
    assert "Mine output today, share of STEPS 2035 demand" in titles
    snippet = page.text_content(".embed-snippet code")
    assert page.errors == [] and snippet.count("<iframe") == 1
    tallest = "partnership-democracies-sufficiency"
    page.goto(f"{page.base}/embed/{tallest}/")
    height = int(re.search(r'height="(\d+)"', page.text_content(".embed-snippet code")).group(1))
    for width in (600, 390):
        page.set_content(f'<body style="margin:0"><iframe src="{page.base}/embed/{tallest}/" width="{width}" '
                         f'height="{height}" style="border:0"></iframe></body>')
        frame = page.frames[1]
        frame.wait_for_function("() => document.querySelector('.chart-view').dataset.rendered === 'static'")
        needed = frame.evaluate("() => document.documentElement.scrollHeight")
        assert needed <= height and frame.is_hidden(".embed-snippet"), (width, needed, height)
    assert page.errors == []


# Each kind of page once, in one palette at one width: of axe's rules only colour contrast depends on the palette
# (and it costs more than all the others together), and the page's colours are the same at every width. Each on a
# load other checks make already: the light palette on a desktop for a mineral, a partnership and the compare grid,
# the dark one on a phone for the other kinds. The lithium page, the costliest, once: every kind of text it shows
# (tag, classes, in a table or the brief) is also on a page checked in the other palette, but for a plain <span>
# in a table cell, which takes the cell's colour.
A11Y_VIEWS = [("/", PHONE), ("/minerals/lithium/", DESKTOP), ("/minerals/germanium/", PHONE), ("/partnerships/msp/", DESKTOP),
              ("/compare/", DESKTOP), ("/build/", PHONE), ("/methodology/", PHONE), ("/data/", PHONE),
              ("/countries/chl/", PHONE)]


def axe_finds_no_serious_or_critical_violation(tab, path):
    """axe-core on every kind of page (A11Y_VIEWS), on a desktop and a phone, in both palettes. No rule is disabled."""
    from axe_playwright_python.sync_playwright import Axe
    settled(tab)
    # Violations only: axe then keeps one node of each passing rule instead of all of them (the compare page has
    # 1,464 focusable figures), which halves its time and finds the same violations.
    response = Axe().run(tab, options={"resultTypes": ["violations"]}).response
    found = [(violation["id"], [n["target"] for n in violation["nodes"]][:3])
             for violation in response["violations"] if violation["impact"] in ("serious", "critical")]
    assert found == [], path


def a_drawn_chart_is_an_image_with_a_description(tab, path):
    charts_drawn(tab)
    names = tab.eval_on_selector_all(".chart-view", "views => views.map(v => [v.dataset.alt, "
                                      "v.querySelector('.chart-target svg').getAttribute('role'), "
                                      "v.querySelector('.chart-target svg').getAttribute('aria-label')])")
    for alt, role, label in names:
        assert role == "img" and label == alt and len(alt) > 20


def a_page_without_charts_loads_no_vega(tab, path):
    tab.wait_for_load_state("networkidle")
    assert not [url for url in tab.requests if "vega" in url]


def charts_show_their_static_image_until_the_reader_asks_for_more(tab, path):
    """Issue 28.8: in its default view a page shows each chart's static image of its palette (a desktop's, here in the
    light one) and fetches neither Vega nor a spec, nor the other palette's or a phone's image; a chart pointed at is
    drawn by Vega in its place, at the height of its image. (The first check of its page: it counts every request.)"""
    charts_shown(tab)
    tab.wait_for_load_state("networkidle")
    images = sorted(url.rsplit("/", 1)[1] for url in tab.requests if url.endswith(".svg"))
    charts = tab.eval_on_selector_all(".chart-view", "v => v.map(e => e.dataset.chart)")
    assert images == sorted(f"{chart}.svg" for chart in charts)
    assert not [url for url in tab.requests if "vega" in url or url.endswith(".json")]
    before = tab.eval_on_selector("#mineral-lithium-demand .chart-view", "v => v.getBoundingClientRect().height")
    tab.hover("#mineral-lithium-demand .chart-view")
    tab.wait_for_function("() => document.querySelector('#mineral-lithium-demand .chart-view').dataset.rendered"
                          " === 'true'")
    assert [url for url in tab.requests if url.endswith("vega.min.js")]
    assert [url for url in tab.requests if url.endswith("/mineral-lithium-demand.json")]
    after = tab.eval_on_selector("#mineral-lithium-demand .chart-view", "v => v.getBoundingClientRect().height")
    assert abs(after - before) <= 1, (before, after)


def a_drawn_chart_saves_its_current_view_as_png(tab, path):
    """(Saving leaves the page as it was, for the checks after it: it requests nothing, and the chart's background
    is put back.)"""
    charts_drawn(tab)
    button = tab.locator("#mineral-lithium-demand .chart-save button")
    with tab.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "mineral-lithium-demand.png"
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # At twice the size, the chart with its heading and view above it and its sources below (issue 28.2).
    chart = tab.eval_on_selector("#mineral-lithium-demand .chart-target svg", "s => s.getBoundingClientRect().height")
    assert int.from_bytes(png[20:24], "big") > 2 * chart + 100, (int.from_bytes(png[20:24], "big"), chart)


CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                     .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = rgb(getComputedStyle(document.querySelector('.md-main')).backgroundColor);
  const pageBg = page.length === 4 && page[3] === 0 ? rgb(getComputedStyle(document.body).backgroundColor) : page;
  const out = [];
  document.querySelectorAll('.chart-target .mark-text text').forEach(text => {
    if (!text.textContent.trim()) return;
    text.scrollIntoView({block: 'center', inline: 'center'});  // what is under a label is found only on the screen
    const box = text.getBoundingClientRect();
    const under = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
      .find(el => el !== text && el.closest('.chart-target') && el.matches('path, rect') &&
                  !['none', 'transparent', 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(el).fill) &&
                  el.closest('.mark-rect, .mark-bar'));  // an outline (the chosen row's box) is not behind it
    const bg = under ? rgb(getComputedStyle(under).fill) : pageBg;
    out.push([text.textContent, ratio(rgb(getComputedStyle(text).fill), bg)]);
  });
  document.querySelectorAll('.chart-scrolls').forEach(chart => { chart.scrollLeft = 0; });
  window.scrollTo(0, 0);  // the page as the other checks that read it expect it
  return out;
}"""


# Each kind of chart page in one palette, the lithium page in both: here the light ones; the dark ones are read where
# a test has the page open in it (the lithium page after the palette switch of test_a_reader_on_the_lithium_page, the
# democracies' in test_browser_pages' left-out test).
LABEL_VIEWS = [("/", DESKTOP), ("/minerals/lithium/", DESKTOP)]


def every_chart_label_is_readable_against_what_is_behind_it(tab, path):
    """Each label is scrolled into view to find what is drawn under it (a chart may be taller than the screen)."""
    charts_drawn(tab)
    labels = tab.evaluate(CONTRAST)
    assert labels, path
    low = [(text, round(r, 2)) for text, r in labels if r < 4.5]
    palette = tab.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert low == [], (path, palette, low[:5])


def no_page_scrolls_sideways_on_a_phone_and_every_column_is_reachable(tab, path):
    """Every kind of page (A11Y_VIEWS' paths, on a phone) once its charts are drawn and the build page made: a chart,
    or a table, could widen it."""
    settled(tab)
    width = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], (path, width)
    hidden = tab.evaluate("""() => [...document.querySelectorAll('article table')].filter(table => {
        const box = table.closest('.md-typeset__scrollwrap, .build-table-wrap') || table.parentElement;
        return table.scrollWidth > box.clientWidth + 1 && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    }).length""")
    assert hidden == 0, path


FIT_A_PHONE = ["/minerals/lithium/", "/partnerships/g7/", "/build/"]  # a partnership's chart lists every mineral


def drawn_charts_fit_a_phone(tab, path):
    """At 390 px a chart that does not scroll in its own box fits it whole: legend and key included."""
    settled(tab)
    overflowing = tab.evaluate("""() => [...document.querySelectorAll('.chart-target')]
        .filter(target => !target.closest('.chart-scrolls'))
        .flatMap(target => [...target.querySelectorAll('svg .role-legend, svg .role-title, svg .role-axis')]
            .map(part => [target.closest('[id]').id, part.getAttribute('class'),
                          part.getBoundingClientRect().right - target.getBoundingClientRect().right]))
        .filter(([, , beyond]) => beyond > 1)""")
    assert overflowing == [], path
