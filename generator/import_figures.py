"""Figures of where the United States buys today (issue 27): net import reliance over the years the editions give,
and the import sources of one form with the chosen partnership's members highlighted and the borrowed benchmarks
drawn against them. Each returns a figures.Figure; every number in its table is a published cell."""

import pandas as pd
from markupsafe import Markup

from . import cells, charts
from .countries import country_name
from .figures import Figure, member_sets, memberships
from .frames import records

KIND_OF_CODE = {"": charts.RELIANCE_KINDS[0], "—": charts.RELIANCE_KINDS[0], ">": charts.RELIANCE_KINDS[1],
                "<": charts.RELIANCE_KINDS[2], "E": charts.RELIANCE_KINDS[3]}
CODE_WORDS = {"E": "net exporter (E)", "s": "very small (s)", "NA": "not available (NA)"}


def reliance_cell(row):
    """A year's reliance as printed: the cell (with its bound), or the code's meaning where there is no figure."""
    if row["reliance"] == row["reliance"]:
        return cells.column("import_reliance", row, "reliance")
    return CODE_WORDS.get(row["code"], "not available (NA)")


def editions(frame):
    """The Mineral Commodity Summaries editions `frame`'s rows come from (its `edition` column): "2026", "2023–2026"."""
    first, last = int(frame["edition"].min()), int(frame["edition"].max())
    return str(last) if first == last else f"{first}–{last}"


def reliance_figure(years, mineral, figure_id, what):
    """Net import reliance of one series (`years`: its published import_reliance rows, in year order), each year
    from the edition the table names; bounds drawn as bounds, a net exporter at zero, a code with no figure left
    out of the chart and named in its table."""
    drawn = years[years["reliance"].notna() | (years["code"] == "E")]
    frame = pd.DataFrame({
        "year": drawn["year"].astype(int), "reliance": drawn["reliance"].fillna(0.0),
        "kind": drawn["code"].map(KIND_OF_CODE).fillna(charts.RELIANCE_KINDS[0]),
        "label": [str(reliance_cell(r)) for r in records(drawn)],
        "edition": "MCS " + drawn["edition"].astype(int).astype(str)})
    first, last = years.iloc[0], years.iloc[-1]
    span = f"{int(first['year'])}–{int(last['year'])}"
    return Figure(
        id=figure_id, title=f"Net import reliance, {what}, {span}",
        caption=(f"US net import reliance for {what}: imports less exports as a share of consumption, as the USGS "
                 f"series names it. Each year from the newest Mineral Commodity Summaries edition that gives it (named "
                 f"in the table). A triangle is a bound the USGS gives instead of a figure ('>50': at least 50 %, "
                 f"pointing up); a cross at zero, a net exporter. Source: USGS Mineral Commodity Summaries "
                 f"{editions(years)}."),
        alt=f"Net import reliance of the United States for {what}, {span}: {reliance_cell(last)} in "
            f"{int(last['year'])} (USGS).",
        spec=charts.reliance_over_time(frame), data=frame,
        table_columns=["Year", "Net import reliance", "Edition"],
        table_rows=[[f"{int(r['year'])}{' (estimated)' if r['estimated'] else ''}", reliance_cell(r),
                     f"MCS {int(r['edition'])}"] for r in records(years)])


def benchmark_rows(targets):
    """The borrowed benchmarks as a chart draws them: threshold (fraction) and a label that says they are borrowed."""
    return pd.DataFrame({"threshold": targets["threshold_pct"] / 100.0,
                         "benchmark": [f"{n} {t:g}% (borrowed)"
                                       for n, t in zip(targets["name"], targets["threshold_pct"])]})


def sources_figure(block, membership, targets, partnership_names, default, figure_id, what, link):
    """The import sources of one form (`block`: its published import_sources rows, largest first, 'other
    countries' last), members of the chosen partnership highlighted, the borrowed benchmarks as dashed lines."""
    label = [country_name(c) if k == "country" else "Other countries"
             for c, k in zip(block["country_iso3"], block["row_kind"])]
    rows, members_of = records(block), member_sets(membership)
    shares = block["share"].fillna(0.0).to_list()
    labels = [str(cells.column("import_sources", r, "share")) for r in rows]
    frame = pd.concat([pd.DataFrame({
        "country": label, "share": shares, "label": labels, "order": range(len(block)), "partnership": slug,
        "member": [charts.MEMBER if c in members_of.get(slug, ()) else charts.OTHER for c in block["country_iso3"]]})
        for slug in partnership_names], ignore_index=True)
    benchmarks = benchmark_rows(targets)
    members, partnerships_of = members_of.get(default, set()), memberships(membership)
    period = block["period"].iloc[0].replace("-", "–")
    first = block.iloc[0]
    return Figure(
        id=figure_id, title=f"Where the United States buys {what}, {period}",
        caption=(f"Each source's share of US imports of {what} over {period}; a bound is drawn at its value. Choose the "
                 "partnership whose members are highlighted. Dashed lines: benchmarks others set for a single "
                 "supplier's share (the EU for its own consumption, the G7 for its imports), borrowed for comparison: "
                 f"none is a US rule. Source: USGS Mineral Commodity Summaries {int(first['edition'])}."),
        alt=f"US import sources of {what}, {period}: {label[0]} supplies {cells.column('import_sources', first, 'share')}"
            f" (USGS).",
        spec=charts.import_sources(frame, benchmarks, default, partnership_names), data=frame,
        table_columns=["Source", "Share of US imports",
                       Markup('<span data-member-header>{}</span> member').format(partnership_names[default])],
        table_rows=[[link(r["country_iso3"]) if r["row_kind"] == "country" else "Other countries",
                     cells.column("import_sources", r, "share",
                                  f"published as {r['reported_as']}" if r["code"] else ""),
                     Markup('<span data-members="{}">{}</span>').format(
                         partnerships_of.get(r["country_iso3"], ""), "yes" if r["country_iso3"] in members else "")]
                    for r in rows])


def largest_figure(benchmarks, targets, names, usgs_edition):
    """Per mineral and declared form (`benchmarks`: the published import_benchmarks rows), the largest single source's
    share of US imports against the borrowed benchmarks; `names`: mineral slug → name, in reading order;
    `usgs_edition`: "USGS MCS 2026", the import sources' edition."""
    first = benchmarks.drop_duplicates(["mineral", "form"])
    several = first["mineral"].duplicated(keep=False)
    label = [f"{names[m]}{f' ({f.lower()})' if s else ''} ({country_name(c)})"
             for m, f, s, c in zip(first["mineral"], first["form"], several, first["largest_country_iso3"])]
    order = {m: i for i, m in enumerate(names)}
    frame = pd.DataFrame({"mineral": label, "share": first["largest_low"].to_list(),
                          "label": [_interval_label(r) for r in records(first)],
                          "order": [order.get(m, len(order)) for m in first["mineral"]]})
    standings = {t: dict(zip(zip(g["mineral"], g["form"]), records(g)))
                 for t, g in benchmarks.groupby("target")}
    return Figure(
        id="compare-largest-import-source", title="The largest single source of US imports, against borrowed benchmarks",
        caption=("Per mineral, the largest single country's share of US imports (USGS, the form each mineral page "
                 "names; a bound at its low end). Dashed lines: the EU's benchmark for its own consumption of each "
                 "strategic raw material and the G7's goal for its rare-earth and magnet imports, borrowed for "
                 f"comparison: neither is a US rule. Sources: {usgs_edition}; the benchmarks' sources are listed on "
                 "the page."),
        alt="Largest single source of US imports per mineral against the EU 65% and G7 60% benchmarks (USGS).",
        spec=charts.largest_sources(frame, benchmark_rows(targets)), data=frame,
        table_columns=["Mineral (largest source)", "Its share of US imports",
                       *[f"Against {n} (borrowed)" for n in targets["name"]]],
        table_rows=[[text, _interval_text(r), *[STANDING_WORDS[standings[t][(r["mineral"], r["form"])]["standing"]]
                                                for t in targets["target"]]]
                    for text, r in zip(label, records(first))])


STANDING_WORDS = {"above": "above it", "at_or_below": "at or below it", "across": "undecided (a USGS bound spans it)"}


def _interval_text(row):
    low, high = (cells.column("import_benchmarks", row, f"largest_{end}") for end in ("low", "high"))
    return low if low.text == high.text else Markup("{}–{}").format(low, high)


def _interval_label(row):
    """The same as plain text, for a chart's tooltip."""
    low, high = (cells.column("import_benchmarks", row, f"largest_{end}").text for end in ("low", "high"))
    return low if low == high else f"{low}–{high}"
