"""Where the United States buys today (issue 27): the mineral page's section, the partnership page's table and the
home page's line, from the USGS import sources and net import reliance.

Every figure is a cell of a published table (import_sources, import_reliance, import_shares): nothing is re-derived
here. The forms and series are those import_basis.csv declares for the mineral, named on the page with the reason.
"""

from markupsafe import Markup

from .. import cells
from ..countries import country_name
from ..findings import listed, phrase
from ..frames import records
from ..import_figures import largest_figure, reliance_figure, sources_figure
from ..imports import NOT_A_PARTNER_CELL, latest_sources, list_cell, single_source
from ..measures import INTERVAL_DASH

MAJORITY = 0.5  # "at least half of US imports": the low end of a share at or above this


def interval(row, name):
    """A share of US imports as printed: one figure where both ends agree, else 'low–high'."""
    low, high = (cells.column("import_shares", row, f"{name}_{end}") for end in ("low", "high"))
    return [low] if low.text == high.text else [low, INTERVAL_DASH, high]


def basis_rows(ds, slug):
    """(form, reliance series) pairs import_basis.csv declares for a mineral, and the reason; ([], "") if none."""
    basis = ds.import_basis[ds.import_basis["mineral"] == slug]
    if basis.empty:
        return [], ""
    b = basis.iloc[0]
    return list(zip(list_cell(b["import_forms"]), list_cell(b["reliance_series"]))), b["reason"]


def reliance_parts(row, what):
    """'In 2025 the United States relied on net imports for ≥ 50% of the lithium it used' (a cell), or what the
    USGS code says instead. `what`: the mineral, and the form where the page has several, as parts."""
    year = int(row["year"])
    if row["code"] == "E":
        return [f"In {year} the United States was a net exporter of ", *what]
    if row["reliance"] != row["reliance"]:
        said = "very small" if row["code"] == "s" else "not available"
        return [f"In {year} the USGS gives US net import reliance for ", *what, f" as {said}"]
    return [f"In {year} the United States relied on net imports for ",
            cells.column("import_reliance", row, "reliance"), " of the ", *what, " it used"]


def import_sentence(site, slug, name, form, series, partnership, several):
    """One sentence per declared form: the latest net import reliance, the share of US imports from the
    partnership's members (named), and at most how much from countries of concern. `several`: the mineral has
    several declared forms, so the sentence names its form."""
    row = site.row("import_shares", mineral=slug, form=form, partnership=partnership)
    what = [name.lower(), *([" (", cells.column("import_shares", row, "form"), ")"] if several and row else [])]
    reliance = site.tables["import_reliance"]
    years = reliance[(reliance["mineral"] == slug) & (reliance["series"] == series)]
    parts = reliance_parts(years.loc[years["year"].idxmax()], what) if len(years) else [
        "The USGS gives no net import reliance for ", *what]
    if row is None:
        return [*parts, "."]
    who = phrase(partnership, site.partnership_names[partnership])
    members = set(site.ds.partnership_members.loc[site.ds.partnership_members["partnership"] == partnership,
                                                   "country_iso3"])
    block = _block(site, slug, form)
    named = [country_name(c) for c in block["country_iso3"] if c in members]
    period = row["period"].replace("-", "–")
    if row["note"]:
        parts += [f". {row['note']}"]
    elif named:
        parts += ["; ", *interval(row, "members"), f" of its imports ({period}) came from {who} "
                  f"({', '.join(named)})"]
    else:
        parts += [f"; none of the countries the USGS names as sources ({period}) is among {who}: at most ",
                  cells.column("import_shares", row, "members_high"), " of its imports could be, in 'other countries'"]
    if row["concern_low"] > 0:
        parts += [", and ", *interval(row, "concern"), " from countries of concern"]
    else:
        parts += [", and at most ", cells.column("import_shares", row, "concern_high"), " from countries of concern"]
    return [*parts, "."]


def _block(site, slug, form):
    """The published import-source rows of one mineral and form (newest edition), largest share first, 'other
    countries' last."""
    sources = latest_sources(site.tables["import_sources"])
    block = sources[(sources["mineral"] == slug) & (sources["form"] == form)]
    return block.assign(last=block["row_kind"] != "country").sort_values(["last", "share"], ascending=[True, False])


def mineral_section(site, m, link, anchor):
    """The section 'Where the United States buys it today' of a mineral page and its charts (None and [] where
    import_basis.csv declares nothing for it). `anchor`: a country's name as an HTML link, for a chart's table."""
    slug, ds = m.mineral, site.ds
    pairs, _ = basis_rows(ds, slug)
    if not pairs:
        return None, []
    closest = site.closest
    members = set(ds.partnership_members.loc[ds.partnership_members["partnership"] == closest, "country_iso3"])
    concern = set(ds.countries_of_concern["country_iso3"])
    reliance = site.tables["import_reliance"]
    forms, charts = [], []
    for index, (form, series) in enumerate(pairs, start=1):
        suffix = f"-{index}" if len(pairs) > 1 else ""
        what = m.name.lower() + (f" ({form.lower()})" if len(pairs) > 1 else "")
        block = _block(site, slug, form)
        sources = [{"name": link(r["country_iso3"]) if r["row_kind"] == "country" else "Other countries",
                    "share": cells.column("import_sources", r, "share", _code_why(r)),
                    "member": r["country_iso3"] in members, "concern": r["country_iso3"] in concern,
                    "note": cells.column("import_sources", r, "note") if r["note"] else ""}
                   for r in records(block)]
        years = reliance[(reliance["mineral"] == slug) & (reliance["series"] == series)].sort_values("year")
        first = records(block)[0] if len(block) else None
        figures = []
        if len(years):
            figures.append(reliance_figure(years, slug, f"mineral-{slug}-reliance{suffix}", what))
        if len(block):
            figures.append(sources_figure(block, ds.partnership_members, ds.targets, site.partnership_names, closest,
                                          f"mineral-{slug}-imports{suffix}", what, anchor))
        charts += figures
        shares = [{"partnership": p, "name": site.partnership_names[p],
                   **_share_cells(site.row("import_shares", mineral=slug, form=form, partnership=p))}
                  for p in site.partnership_names]
        forms.append({"form": form, "form_cell": cells.column("import_sources", first, "form") if first else form,
                      "series_cell": (cells.column("import_reliance", years.iloc[-1], "series") if len(years)
                                      else series),
                      "notes": _notes(sources), "shares": shares, "figures": [f.id for f in figures],
                      "period": block["period"].iloc[0].replace("-", "–") if len(block) else "",
                      "edition": int(block["edition"].iloc[0]) if len(block) else None,
                      "sentence": cells.html(import_sentence(site, slug, m.name, form, series, closest,
                                                             len(pairs) > 1)),
                      "change": cells.html(change_parts(years))})
    return {"forms": forms, "reason": cells.column("import_basis", site.row("import_basis", mineral=slug), "reason"),
            "closest_name": site.partnership_names[closest]}, charts


def import_sources_of(ds, slug):
    """The rows whose sources a mineral page cites for where the United States buys it."""
    return (ds.import_sources[ds.import_sources["mineral"] == slug],
            ds.import_reliance[ds.import_reliance["mineral"] == slug])


def _code_why(row):
    return f"published as {row['reported_as']}" if row["code"] else ""


def _notes(sources):
    """The USGS notes on a form's sources, each once with the sources it is given for ('China: Includes Hong Kong.';
    a note on every row, for every row)."""
    grouped = {}
    for source in sources:
        if source["note"]:
            grouped.setdefault(source["note"].text, {"note": source["note"], "names": []})["names"].append(source["name"])
    return [{"name": Markup(", ").join(g["names"]) if len(g["names"]) < len(sources) else "all sources",
             "note": g["note"]} for g in grouped.values()]


def _share_cells(row):
    if row is None:
        return {"members": "—", "concern": "—", "screen_fail": "—", "late": ""}
    late = ", ".join(country_name(c) for c in row["joined_after_period"])
    return {"members": NOT_A_PARTNER_CELL if row["note"] else cells.html(interval(row, "members")),
            "concern": cells.html(interval(row, "concern")), "screen_fail": cells.html(interval(row, "screen_fail")),
            "late": late}


def change_parts(years):
    """Whether reliance rose or fell from the first to the last year the editions give, and by how much where both
    ends are figures (a bound or a code has no difference to give)."""
    if len(years) < 2:
        return []
    first, last = years.iloc[0], years.iloc[-1]
    ends = f"{int(first['year'])} (MCS {int(first['edition'])}) to {int(last['year'])} (MCS {int(last['edition'])})"
    figures = all(r["code"] == "" and r["reliance"] == r["reliance"] for r in (first, last))
    if not figures:
        return [f"From {ends} the USGS gives a bound or a code at one end at least, so no change is computed: "
                "read the years above."]
    if last["reliance"] == first["reliance"]:
        return [f"Net import reliance was the same in {ends}: ", cells.column("import_reliance", last, "reliance"),
                "."]
    direction = "rose" if last["reliance"] > first["reliance"] else "fell"
    return [f"Net import reliance {direction} from ", cells.column("import_reliance", first, "reliance"), " to ",
            cells.column("import_reliance", last, "reliance"), f" from {ends}."]


def partnership_rows(site, slug, sufficiency_rows):
    """Per mineral and declared form: the share of US imports from the partnership's members, beside what the
    members' output could cover of demand (the default view): where it already supplies, and where it only could."""
    out = []
    for mineral, name in site.names.items():
        pairs, _ = basis_rows(site.ds, mineral)
        for form, _series in pairs:
            row = site.row("import_shares", mineral=mineral, form=form, partnership=slug)
            if row is None:
                continue
            covers = sufficiency_rows.get(mineral)
            out.append({"mineral": mineral, "name": name, "form": cells.column("import_shares", row, "form"),
                        **_share_cells(row),
                        "covers": cells.html([cells.measure(covers, "production_sufficiency")]) if covers else "—"})
    return out


def imports_period(site):
    """The years the newest import sources are of, as a page prints them ('2021–2024'), or ''."""
    periods = latest_sources(site.tables["import_sources"])["period"]
    return periods.max().replace("-", "–") if len(periods) else ""


def home_line(site):
    """One sentence, words only (no figure to source): the minerals of which countries of concern supply at least
    half of US imports, and those the headline partnership's members do (low ends, the form each page names)."""
    shares = site.results.import_shares
    if shares.empty:
        return ""
    mine = shares[shares["mineral"].isin(site.names)]
    concern = [site.names[s] for s in site.names if (mine.loc[mine["mineral"] == s, "concern_low"] >= MAJORITY).any()]
    closest = mine[mine["partnership"] == site.closest]
    partners = [site.names[s] for s in site.names
                if (closest.loc[closest["mineral"] == s, "members_low"] >= MAJORITY).any()]
    who = phrase(site.closest, site.partnership_names[site.closest])
    return (f"Where the United States buys today (USGS import sources, {imports_period(site)}, in the form each mineral page names): "
            f"countries of concern supply at least half of US imports of {listed(concern)}; {who} at least "
            f"half of {listed(partners)}.")



def benchmark_section(site):
    """The compare page's borrowed benchmarks: per mineral, the largest single source of US imports against each
    target (a chart and its table), and per partnership the minerals where one member supplies more than the
    target's share of the members' own output. Words where no figure is printed; None without targets."""
    ds, benchmarks = site.ds, site.tables["import_benchmarks"]
    if ds.targets.empty or benchmarks.empty:
        return None, []
    capped = single_source(ds.targets)  # the benchmarks a largest source is set against
    figure = largest_figure(benchmarks[benchmarks["mineral"].isin(site.names)], capped, site.names, site.editions.usgs)
    meets = {(r["target"], r["mineral"], r["partnership"]): r["meets"]
             for r in records(site.tables["output_benchmarks"])}
    words = {True: "meets", False: "no", None: "—"}
    grids = [[{"mineral": slug, "name": name,
               "cells": [words[meets.get((t, slug, p))] for p in site.partnership_names]}
              for slug, name in site.names.items()] for t in capped["target"]]
    targets = [{"name": cells.column("targets", r, "name"), "threshold": cells.column("targets", r, "threshold"),
                "applies_to": cells.column("targets", r, "applies_to"), "year": r["year"],
                "status": r["status"], "note": cells.column("targets", r, "note") if r["note"] else ""}
               for r in records(site.tables["targets"]) if r["target"] in set(capped["target"])]
    for target, grid in zip(targets, grids):
        target["grid"] = grid
    return {"figure": figure.id, "targets": targets, "partnerships": site.partnership_names}, [figure]
