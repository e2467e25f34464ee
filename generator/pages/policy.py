"""Policy facts on the home and compare pages: the one line on export measures, and supply without the dominant
supplier for every mineral side by side."""

from ..countries import country_name
from ..policy_rules import as_of_date

VIEWS = (("NZE", 2030), ("NZE", 2035), ("STEPS", 2030), ("STEPS", 2035))


def export_line(site):
    """One sentence: how many measures are in force at the as-of date, by how many countries, over how many of the
    site's minerals at the ore or refined stage, and how many have a status no source confirms."""
    controls = site.ds.export_controls
    in_force = controls[controls["status"] == "in_force"]
    touched = in_force.loc[(in_force["mineral"] != "") & in_force["stage"].isin(["ore", "refined"]), "mineral"]
    unsure = controls.loc[controls["status"] == "not_confirmed", "measure_id"].nunique()
    countries = ", ".join(country_name(c) for c in sorted(in_force["country_iso3"].unique()))
    return (f"Export measures: at {as_of_date(site.ds)}, {in_force['measure_id'].nunique()} measures in force "
            f"({countries}) cover the ore or refined output of {touched.nunique()} of the {len(site.names)} "
            f"minerals here; "
            f"{unsure} more, among them China's suspended October 2025 controls, have a status no source confirms.")


def without_rows(site):
    """Per mineral and stage: the largest supplier and its share, the share of demand covered without it (NZE
    2030), and without every country of concern for NZE and STEPS in 2030 and 2035."""
    frame = site.results.supply_without
    out = []
    for (mineral, stage), group in frame.groupby(["mineral", "stage"], sort=False):
        at = group.set_index(["scenario", "year"])
        first = group.iloc[0]
        if ("NZE", 2030) not in at.index:
            continue
        out.append({"mineral": mineral, "name": site.names[mineral], "stage": stage, "basis": first["basis"],
                    "comparable": bool(first["comparable"]), "note": first["comparability_note"],
                    "largest": country_name(first["largest_supplier_iso3"]),
                    "largest_share": at.at[("NZE", 2030), "largest_supplier_share"],
                    "without_largest": at.at[("NZE", 2030), "share_without_largest"],
                    "without_concern": [at["share_without_concern"].get(v, float("nan")) for v in VIEWS],
                    "cleantech": first["demand_scope"] == "cleantech"})
    return out
