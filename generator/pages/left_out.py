"""Who a page's sums leave out, and why: one compact table per page, collapsed under a one-line summary.

The bounds (bounds.py) need every member left out of a sum to be named, but a list per row repeated the same
reasons once per member and filled most of a long page (issues 25.4 and 28.1). So each mineral or partnership
page gets one table, member × reason, in a collapsed block whose title says how many were left out for each
reason. A member whose absence cannot move any figure the page prints by at least THRESHOLD is counted, not
listed: the reader learns it exists without reading its name against every mineral.

How far an absence can move a figure is read from the sufficiency rows themselves: a member the USGS does not list
is inside its 'other countries' row, and one the IEA does not name is inside its 'rest of world', so neither can
add more than that row. A withheld figure, or a listed member without a figure, has no such ceiling here, so it is
always listed.
"""

from markupsafe import Markup

from ..bounds import IEA_BASIS
from ..countries import country_name

THRESHOLD = 0.001  # 0.1 percentage point, as a fraction of the figure's denominator

# The rule, in the words of the block and of the methodology page.
RULE = ("A member the USGS does not list is inside its 'other countries' row, and one the IEA does not name is inside "
        "its 'rest of world': neither can add more than that row. A member left out only where that row is too small "
        "to move any figure of the page by 0.1 percentage point, in any scenario and year, is counted, not listed.")

# The reasons, in the table's column order: header and the words of the summary.
REASONS = {"withheld": ("Withheld (W)", "withheld"),
           "no_figure": ("No USGS figure", "without a USGS figure"),
           "unlisted": ("Not listed by the USGS", "not listed by the USGS"),
           "unnamed": ("Not named by the IEA", "not named by the IEA")}
HEADERS = {"where": "Left out of", **{reason: header for reason, (header, _) in REASONS.items()}}
# Each left-out list of the sufficiency table (measures.LEFT_OUT): its reason, and the sum it leaves the member
# out of. `supply_left_out` counts only on the IEA's basis: on the USGS basis it is the union of the production
# lists, already named.
COLUMNS = {"withheld_production": ("withheld", "production"), "withheld_reserves": ("withheld", "reserves"),
           "unreported_production": ("no_figure", "production"), "unreported_reserves": ("no_figure", "reserves"),
           "unlisted_production": ("unlisted", "production"), "unlisted_reserves": ("unlisted", "reserves"),
           "supply_left_out": ("unnamed", "supply today"), "projected_unnamed": ("unnamed", "mine supply"),
           "refining_unnamed": ("unnamed", "refining")}


def columns_of(row):
    """The left-out lists that count for one sufficiency row."""
    return [c for c in COLUMNS if c != "supply_left_out" or row["supply_basis"] == IEA_BASIS]


def members_left_out(row):
    """Every member one row's sums leave out, for any reason (the count its table cell prints)."""
    return {code for column in columns_of(row) for code in row[column]}


def _known(x):
    return x == x and x is not None


def _ratio(part, whole):
    return part / whole if _known(part) and _known(whole) and whole > 0 else 0.0


def rest_of_world(supply_projection):
    """(mineral, stage, year) → the IEA's 'rest of world' supply in kt (its remainder, after reconciliation)."""
    rest = supply_projection[supply_projection["row_kind"] == "rest_of_world"]
    return rest.groupby(["mineral", "stage", "year"])["supply_kt"].sum().to_dict()


def move(row, column, rest):
    """The most a member left out of `column` could move a figure of `row` (a fraction: 0.001 is 0.1 percentage
    point), or None where nothing in the data bounds it. The whole 'other countries' or 'rest of world' row is
    the ceiling, against each denominator the figures divide by (world total, demand, cumulative demand)."""
    if column.startswith(("withheld", "unreported")):
        return None
    if column in ("unlisted_production", "unlisted_reserves"):
        what = column.split("_")[1]
        share = row[f"unlisted_{what}_share"]
        if not _known(share):  # no 'other countries' row: the USGS does not say what it leaves out
            return None
        amount = share * row[f"world_{what}_t"]
        demand = row["demand_t"] if what == "production" else row["cumulative_demand_t"]
        return max(share, _ratio(amount, demand))
    stage, year = {"supply_left_out": ("mining", row["supply_year"]), "projected_unnamed": ("mining", row["year"]),
                   "refining_unnamed": ("refining", row["year"])}[column]
    return _ratio(rest.get((row["mineral"], stage, year), 0.0), row["demand_kt"])


def reach(rows, rest):
    """(mineral, column) → the most an absence from `column` moves any figure of `rows` (every view), or None
    where one view leaves it unbounded."""
    out = {}
    for row in rows:
        for column in columns_of(row):
            key = (row["mineral"], column)
            if key in out and out[key] is None:
                continue
            m = move(row, column, rest)
            out[key] = None if m is None else max(m, out.get(key, 0.0))
    return out


def listed(moves):
    """True where an absence can move a figure by at least THRESHOLD, or by an amount nothing bounds."""
    return moves is None or moves >= THRESHOLD


def table(rows, reaches, what, link, where=None, anchors=()):
    """The left-out block of one page, from its sufficiency rows at the default view.

    `what(row, column)` names what a member is left out of in a cell (on a mineral page the sum, 'reserves'; on a
    partnership page the mineral), `link(code)` the member; `where(row)`, if given, names the row a member is left
    out of in a column of its own (on a mineral page, the partnership). Members whose cells are all alike share one row,
    so that dozens of small members the USGS does not list read as one line. Returns {summary, headers, rows,
    counted, counted_note, compact_note, anchors, rule}: `rows` are {members (Markup), size, cells}; `counted` is the
    number of members left out only where they cannot move a figure by THRESHOLD. None where nobody is left out."""
    columns = ("where", *REASONS)
    seen, shown, every = {}, {}, {c: [] for c in columns}  # `every`: each column's texts in the page's order
    for row in rows:
        for column in columns_of(row):
            reason = COLUMNS[column][0]
            for code in row[column]:
                seen.setdefault(code, set()).add(reason)
                if not listed(reaches[(row["mineral"], column)]):
                    continue
                cells = shown.setdefault(code, {c: set() for c in columns})
                for c, text in ((reason, what(row, column)), ("where", where(row) if where else None)):
                    if text:
                        cells[c].add(text)
                        every[c] += [] if text in every[c] else [text]
    if not seen:
        return None
    # A reason nobody listed is left out for gets no column: the table stays narrow enough not to scroll.
    columns = tuple(c for c in columns if every[c] and (c != "where" or where))
    alike = {}
    for code in sorted(shown, key=country_name):
        alike.setdefault(tuple(tuple(t for t in every[c] if t in shown[code][c]) for c in columns), []).append(code)
    out_rows = sorted(({"members": Markup(", ").join(link(code) for code in codes), "size": len(codes),
                        "cells": [", ".join(texts) if c == "where" else cell(texts, every[c])
                                  for c, texts in zip(columns, key)]} for key, codes in alike.items()),
                      key=lambda r: -r["size"])
    counted = len(seen) - len(shown)
    compact = any(text.startswith("all ") for r in out_rows for c, text in zip(columns, r["cells"]) if c != "where")
    return {"summary": summary(seen, counted), "headers": ["Members", *(HEADERS[c] for c in columns)],
            "rows": out_rows, "counted": counted, "anchors": list(anchors), "rule": RULE,
            "compact_note": ('In a column, "all N" means all N that anyone in this table is left out of for that '
                             'reason.' if compact else ""),
            "counted_note": (f"{counted} {'member is' if counted == 1 else 'members are'} counted so." if counted else "")}


def cell(texts, column):
    """One cell: what a member is left out of (`texts`, in the column's order); 'all N but a, b' where shorter
    (more than half of a column of more than three), 'all N' where it is all of it, '—' where it is none."""
    if not texts:
        return "—"
    if len(column) > 3 and len(texts) > len(column) / 2:
        rest = [t for t in column if t not in texts]
        return f"all {len(column)}" + (f" but {', '.join(rest)}" if rest else "")
    return ", ".join(texts)


def summary(seen, counted):
    """'Left out of some sums: 1 member withheld, 64 not listed by the USGS; 3 of them counted, not listed (…)':
    one line, the number of members per reason (a member may have several)."""
    counts = [(sum(reason in reasons for reasons in seen.values()), words)
              for reason, (_, words) in REASONS.items()]
    parts = [f"{n} {words}" for n, words in counts if n]
    first = next(n for n, _ in counts if n)
    parts[0] = f"{first} member{'s' if first != 1 else ''} {parts[0].split(' ', 1)[1]}"
    text = "Left out of some sums: " + ", ".join(parts)
    if counted:
        text += f"; {counted} of them counted, not listed (none can move a figure by 0.1 percentage point)"
    return text


def count_cell(row, anchor):
    """A coverage row's 'Left out' cell: how many members its sums leave out, linking to the block."""
    n = len(members_left_out(row))
    return {"text": f"{n} member{'s' if n != 1 else ''}" if n else "none", "anchor": anchor if n else None}
