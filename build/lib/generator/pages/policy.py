"""Policy facts on the home and compare pages: the one line on export measures, and supply without the dominant
supplier for every mineral side by side."""

from .. import cells
from ..countries import country_name
from ..policy_rules import as_of_date

VIEWS = (("NZE", 2030), ("NZE", 2035), ("STEPS", 2030), ("STEPS", 2035))


def export_line(site):
    """One sentence: who has export measures in force at the as-of date, on which of the site's minerals at the ore
    or refined stage, and that more have a status no source confirms (named, not counted: no figure to source)."""
    controls = site.ds.export_controls
    in_force = controls[controls["status"] == "in_force"]
    touched = set(in_force.loc[(in_force["mineral"] != "") & in_force["stage"].isin(["ore", "refined"]), "mineral"])
    minerals = [name.lower() for slug, name in site.names.items() if slug in touched]
    countries = [country_name(c) for c in sorted(in_force["country_iso3"].unique())]
    return (f"Export measures: at {as_of_date(site.ds)}, measures in force by {_words(countries)} cover the ore or "
            f"refined output of {_words(minerals)}; more, among them China's suspended October 2025 controls, "
            f"have a status no source confirms.")


def _words(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else "none"


def without_rows(site):
    """Per mineral and stage: the largest supplier and its share, the share of demand covered without it (NZE
    2030), and without every country of concern for NZE and STEPS in 2030 and 2035."""
    frame = site.results.supply_without
    out = []
    for (mineral, stage), group in frame.groupby(["mineral", "stage"], sort=False):
        rows = {(r["scenario"], r["year"]): r for r in group.to_dict("records")}
        first = group.iloc[0]
        if ("NZE", 2030) not in rows:
            continue
        out.append({"mineral": mineral, "name": site.names[mineral], "stage": stage, "basis": first["basis"],
                    "largest": country_name(first["largest_supplier_iso3"]),
                    "largest_share": cells.column("supply_without", rows[("NZE", 2030)], "largest_supplier_share"),
                    "without_largest": cells.column("supply_without", rows[("NZE", 2030)], "share_without_largest"),
                    "without_concern": [cells.column("supply_without", rows[v], "share_without_concern")
                                        if v in rows else "—" for v in VIEWS],
                    "cleantech": first["demand_scope"] == "cleantech"})
    return out
