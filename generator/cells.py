"""Every figure the site prints is a cell of a published table, formatted by the one formatter.

`Fig` is one printed figure: its text (measures.label over the cell and its typed companions), the cell it
reads as a URL relative to the site root (downloads/<table>.csv?<key>=<value>&…#<column>) and, where it is
n/c, missing or on another basis, why. A sentence is a list of strings and Figs: written as HTML, every
figure is an element whose data-cell names its cell, so a test (and a reader) can check it.
"""

import functools
from dataclasses import dataclass
from urllib.parse import quote_plus

import pandas as pd
from markupsafe import Markup

from .escaping import markdown
from .measures import COMPACT, FORMATS, MEASURE, label
from .published import CODE_BOUNDS, KEYS, PUBLISHED


WORKING = "downloads/sufficiency.csv"  # figures whose working the page can show


@dataclass(frozen=True)
class Fig:
    text: str
    cell: str
    why: str = ""

    def __str__(self):
        return self.text

    def __html__(self):
        # The reason is data: escaped for Markdown too, or a "[…](…)" in it could make a link of the page's text.
        why = Markup(' title="{}"').format(markdown(self.why)) if self.why else ""
        # A coverage figure opens its working (charts.js) on focus or click: it takes the keyboard focus, as does
        # a figure with a reason to read.
        if self.why or self.cell.startswith(WORKING):
            why += Markup(' tabindex="0"')
        # Markdown is still parsed between inline HTML tags: the text is escaped for Markdown, not only HTML.
        return Markup('<span class="fig" data-cell="{}"{}>{}</span>').format(self.cell, why, markdown(self.text))

    def segment(self):
        return [self.text, self.cell, self.why]


def cell_url(table, row, column):
    """downloads/<table>.csv?<key columns of the row>#<column>, the query as urlencode writes it."""
    query = "&".join(f"{k}={_quoted(key_text(row[k]))}" for k in KEYS[table])
    return f"downloads/{table}.csv?{query}#{column}"


@functools.lru_cache(maxsize=4096)
def _quoted(text):
    # A site prints some hundred thousand cell addresses, made of a few hundred distinct key values.
    return quote_plus(text)


def key_text(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


FIELD_FORMATS = {(table, f.name): f.format for table, fields in PUBLISHED.items() for f in fields if f.format}
# Columns a table flags comparable or not, row by row: (table, '<column>_comparable').
FLAGGED = {(table, f.name) for table, fields in PUBLISHED.items() for f in fields if f.name.endswith("_comparable")}


def measure(row, name, compact=False):
    """One measure of a sufficiency row, as printed: bound sign, n/c, —, † from the row's typed columns; `compact`
    in its format's compact variant where it has one (">10×", for a chart's cell)."""
    m = MEASURE[name]
    fmt = COMPACT.get(m.format, FORMATS[m.format]) if compact else FORMATS[m.format]
    text = label(fmt, row[name], row[f"{name}_bound"], bool(row[f"{name}_comparable"]),
                 m.against_demand and row["demand_scope"] == "cleantech", row.get(f"{name}_high"))
    return Fig(text, cell_url("sufficiency", row, name), row[f"{name}_note"])


def column(table, row, name, why=""):
    """One column of a row of another published table, in that column's declared format; 'n/c', with the row's
    comparability note as its reason, where the table flags the column `<name>_comparable` false."""
    if table == "sufficiency" and name in MEASURE:
        return measure(row, name)
    fmt, value = FIELD_FORMATS[(table, name)], _number(row[name])
    if (table, f"{name}_comparable") in FLAGGED and not row[f"{name}_comparable"]:
        return Fig(label(FORMATS[fmt], value, comparable=False), cell_url(table, row, name),
                   why or row.get(f"{name}_note", row.get("comparability_note", "")))
    # A column with a `<name>_bound` companion (import_sources, import_reliance) reads as the bound it is: "≥ 50%";
    # a USGS row's bound end as the USGS code says (CODE_BOUNDS): "> 140,000,000 t".
    bound = row[f"{name}_bound"] if f"{name}_bound" in row else CODE_BOUNDS.get((name, usgs_code(row)), "")
    text = (value or "") if fmt == "text" else label(FORMATS[fmt], value, bound or "")
    return Fig(text, cell_url(table, row, name), why)


def usgs_code(row):
    """The USGS code of a row of a USGS table (its flags less 'e'), '' elsewhere."""
    flags = row.get("flags", "")
    return flags.split()[0] if isinstance(flags, str) and flags.split() else ""


def _number(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def text(parts):
    """A sentence as plain text (meta descriptions, the brief card's copy)."""
    return "".join(str(p) for p in parts)


def html(parts):
    """A sentence as HTML: strings escaped for Markdown (their spaces kept), figures as data-cell elements, markup
    (a link the page model wrote) as it is."""
    return Markup("").join(p.__html__() if isinstance(p, (Fig, Markup)) else _words(str(p)) for p in parts)


def _words(text):
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return Markup(" " if lead else "") + markdown(text.strip()) + Markup(" " if trail and text.strip() else "")


def segments(parts):
    """A sentence as the views file holds it: [text, cell, why] per part (cell and why empty for words)."""
    return [p.segment() if isinstance(p, Fig) else [str(p), "", ""] for p in parts]

