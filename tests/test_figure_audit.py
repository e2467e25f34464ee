"""Every figure on every page is a published cell, printed by the one formatter.

The audit reads each element's data-cell (downloads/<table>.csv?<key>#<column>), finds that one row in the
built site's downloads, formats the cell with the site's formatter (cells.column) and compares it with the
printed text; and it looks for figures printed without a data-cell. The methodology and data pages are
documentation (their numbers are rules and constants, not data) and are left out.
"""

import csv
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import lxml.html

from generator import cells
from generator.published import KEYS, PUBLISHED

DOCUMENTATION = ("methodology", "data")
# A figure: a number with a unit or sign, as the formatter writes them.
FIGURE = re.compile(r"(?<![\w.\-/])(?:[≥≤] )?\d[\d,]*(?:\.\d+)?(?:%/yr|%|[ \xa0]t\b|[ \xa0]kt\b|×|[ \xa0]years\b)"
                    r"|(?<![\w.])\d+\.\d\d(?![\d.])")  # and a score printed to two decimals
# Where a number is not a data figure: citations, code, navigation, captions that name sources and editions.
NOT_FIGURES = " | ".join([".//*[@data-cell]", *(f".//{tag}" for tag in ("code", "pre", "nav", "header", "footer",
                                                                        "figcaption", "script", "svg")),
                          *(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
                            for name in ("citation", "md-sidebar", "cite"))])


def typed(table, row):
    """A CSV row of a published table as the engine typed it."""
    out = {}
    for field in PUBLISHED[table]:
        text = row[field.name]
        if field.dtype == "float":
            out[field.name] = float(text) if text != "" else float("nan")
        elif field.dtype == "int":
            out[field.name] = int(text) if text != "" else None
        elif field.dtype == "bool":
            out[field.name] = text == "true"
        elif field.dtype == "list":
            out[field.name] = tuple(text.split())
        else:
            out[field.name] = text
    return out


class Downloads:
    """The published tables of a built site, each indexed by its key."""

    def __init__(self, site):
        self.site, self.tables = Path(site), {}

    def row(self, table, key):
        if table not in self.tables:
            with open(self.site / "downloads" / f"{table}.csv", encoding="utf-8", newline="") as f:
                self.tables[table] = {tuple(r[k] for k in KEYS[table]): r for r in csv.DictReader(f)}
        return self.tables[table].get(tuple(key.get(k) for k in KEYS[table]))


def audit_page(html, downloads):
    """(checked, problems) for one page: each data-cell figure against its cell, and figures without one.
    (lxml, not a soup: the audit reads every page of the site, ten times quicker.)"""
    page = lxml.html.fromstring(html)
    article = next(iter(page.iter("article")), page)
    problems, checked = [], 0
    for element in article.xpath(".//*[@data-cell]"):
        url = urlsplit(element.get("data-cell"))
        table = url.path.removeprefix("downloads/").removesuffix(".csv")
        if table not in PUBLISHED:
            problems.append(f"{element.get('data-cell')}: no such published table")
            continue
        key = dict(parse_qsl(url.query, keep_blank_values=True))
        row = downloads.row(table, key)
        if row is None:
            problems.append(f"{element.get('data-cell')}: no such row")
            continue
        expected = cells.column(table, typed(table, row), url.fragment).text
        printed = element.text_content()
        if printed != expected:
            problems.append(f"{element.get('data-cell')}: printed {printed!r}, the cell reads {expected!r}")
        # Not comparable means not a number: a cell whose table flags it false prints n/c with its reason.
        if row.get(f"{url.fragment}_comparable") == "false" and (printed != "n/c" or not element.get("title")):
            problems.append(f"{element.get('data-cell')}: flagged not comparable, printed {printed!r}")
        checked += 1
    for skipped in article.xpath(NOT_FIGURES):
        skipped.drop_tree()  # keeps the text that follows it
    for text in article.itertext():
        for found in FIGURE.findall(text):
            problems.append(f"a figure without its cell: {found!r} in {text.strip()[:80]!r}")
    return checked, problems


def audited_pages(site):
    for page in sorted(Path(site).rglob("index.html")):
        parts = page.relative_to(site).parts
        if parts[0] in DOCUMENTATION or parts[0] in ("assets", "downloads", "search", "embed"):
            continue
        yield page


@pytest.mark.slow
def test_every_printed_figure_is_its_published_cell(built_site):
    _, site, _ = built_site
    downloads, checked, problems = Downloads(site), 0, []
    for page in audited_pages(site):
        n, found = audit_page(page.read_text(encoding="utf-8"), downloads)
        checked += n
        problems += [f"{page.relative_to(site)}: {p}" for p in found]
    assert checked > 5000
    assert problems == [], "\n".join(problems[:40])


@pytest.mark.parametrize("change, problem", [
    (lambda html: html.replace('data-cell="downloads/reserves.csv', 'data-x="', 1), "a figure without its cell"),
    # Chromium's mine output is gross ore against demand for chromium content: its cover without the largest
    # supplier is flagged not comparable, and a number printed in its place is caught.
    (lambda html: re.sub(r'(data-cell="downloads/supply_without\.csv\?[^"]*#share_without_largest"[^>]*>)n/c<',
                         r"\g<1>575%<", html, count=1), "flagged not comparable, printed '575%'"),
    # The problem names the printed text by its repr: the no-break space reads \xa0 there.
    (lambda html: html.replace(">37,000,000\xa0t<", ">38,000,000\xa0t<", 1), "printed '38,000,000\\xa0t'"),
])
def test_the_audit_catches_a_figure_without_its_cell_or_a_wrong_number(built_site, change, problem):
    _, site, _ = built_site
    page = "chromium" if "not comparable" in problem else "lithium"
    html = (site / "minerals" / page / "index.html").read_text(encoding="utf-8")
    assert ">37,000,000\xa0t<" in html or page != "lithium"  # lithium's world reserves, MCS 2026 (number and unit joined: no-break space)
    _, problems = audit_page(change(html), Downloads(site))
    assert any(problem in p for p in problems), problems


def test_downloads_are_a_valid_frictionless_data_package(built_site, tmp_path):
    """frictionless validates every table against the package's schemas: types, primary keys, required columns."""
    from frictionless import Package
    import shutil
    _, site, _ = built_site
    report = Package(str(site / "downloads" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    # A duplicated key is caught: the check is not a formality. Only the table changed is validated again (the
    # package's task for it; the other 36 tables are the ones validated above, three seconds again).
    copy = shutil.copytree(site / "downloads", tmp_path / "downloads", ignore=shutil.ignore_patterns("charts", "pages"))
    lines = (copy / "minerals.csv").read_text(encoding="utf-8").splitlines()
    (copy / "minerals.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    broken = Package(str(copy / "datapackage.json")).get_resource("minerals").validate()
    assert not broken.valid
    assert any(error.type == "primary-key" for task in broken.tasks for error in task.errors)
