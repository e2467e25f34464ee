"""Like for like, or marked: the rules that keep a ratio honest.

1. Comparability (data/comparability.csv). Where the USGS and the IEA count different things, a
   measure is either put on the IEA's own basis (`iea_mining_supply`) or flagged `not_comparable`:
   still published in the CSV, never in a headline count or sentence.
2. Bounds. A member whose figure is withheld, not available, not listed or not named is left out of a
   sum; a measure built on that sum is a bound, and says which way it leans (measures.Measure).
3. Notes. Every measure that is n/c, missing or on another basis says why, in words a reader sees.

Pure functions over the sufficiency frame; no I/O.
"""

import pandas as pd

from .frames import records
from .measures import MEASURES
from .schema import T_PER_KT

IEA_BASIS = "IEA mine supply"
# A mineral's USGS table counts what its stage yields (minerals.csv `stage`): no reserves past the mine.
HAS_RESERVES = "mine"
RESERVES_MEASURES = ("reserves_sufficiency", "world_reserves_share", "reserve_life_years")


def usgs_basis(stage):
    """What today's supply counts on the USGS basis: 'USGS mine production', 'USGS refinery production' or
    'USGS smelter production' (the stage minerals.csv declares for the mineral)."""
    return f"USGS {stage} production"


def treatments(comparability, treatment):
    """(mineral, measure) pairs declared with `treatment`."""
    rows = comparability[comparability["treatment"] == treatment]
    return set(zip(rows["mineral"], rows["measure"]))


def choose_supply(frame, comparability, iea_base_supply, unnamed_producers, base_year):
    """The numerator of production sufficiency and build-out, in tonnes: `supply_t`, `supply_high_t` (its upper side,
    metrics.upper_side), `supply_year`, `supply_basis` and `supply_left_out` (the members left out of it).

    USGS members' production in the base year (mine output, or refinery or smelter output for a mineral
    whose `stage` says so), except where comparability.csv puts a mineral on
    the IEA's basis: then the IEA's base-year mine supply of the members it names (`iea_base_supply`:
    partnership, mineral, supply_kt, year), with the producing members it does not name left out.
    """
    iea = {m for m, measure in treatments(comparability, "iea_mining_supply") if measure == "production_sufficiency"}
    out = frame.merge(iea_base_supply.rename(columns={"supply_kt": "iea_base_supply_kt", "year": "iea_base_year"}),
                      on=["partnership", "mineral"], how="left")
    on_iea = out["mineral"].isin(iea)
    out["supply_t"] = out["members_production_t"].where(~on_iea, out["iea_base_supply_kt"] * T_PER_KT)
    # The IEA's rest of world is not split by country: on its basis nothing caps the producers it does not name.
    out["supply_high_t"] = out["members_production_high_t"].where(~on_iea)
    # No member named by the IEA and none producing: the members supply nothing, as on the USGS basis.
    nobody = on_iea & out["iea_base_supply_kt"].isna() & (out["members_production_t"] == 0)
    out.loc[nobody, "supply_t"] = 0.0
    out["supply_year"] = out["iea_base_year"].where(on_iea, base_year).fillna(base_year).astype(int)
    out["supply_basis"] = [IEA_BASIS if i else usgs_basis(stage) for i, stage in zip(on_iea, out["stage"])]
    usgs_left = [tuple(sorted({*a, *b, *c})) for a, b, c in zip(
        out["withheld_production"], out["unreported_production"], out["unlisted_production"])]
    out["supply_left_out"] = lookup(out, unnamed_producers).where(on_iea, pd.Series(usgs_left, index=out.index))
    return out.drop(columns=["iea_base_supply_kt", "iea_base_year"])


def mark(frame, comparability):
    """Add `<measure>_comparable` and `<measure>_note` for every declared measure."""
    out = frame.copy()
    declared = {(r.mineral, r.measure): (r.treatment, r.reason) for r in comparability.itertuples()}
    rows = records(out)
    for m in MEASURES:
        treatment = [declared.get((r["mineral"], m.comparability), ("", "")) for r in rows]
        out[f"{m.name}_comparable"] = [t != "not_comparable" for t, _ in treatment]
        out[f"{m.name}_note"] = [reason if reason else missing_reason(r, m.name) if pd.isna(r[m.name]) else ""
                                 for (_, reason), r in zip(treatment, rows)]
    return out


def missing_reason(row, measure):
    """Why `measure` is missing in one sufficiency row, in words a reader sees ('' if it is not)."""
    if measure in RESERVES_MEASURES and row["stage"] != HAS_RESERVES:
        return (f"the USGS publishes no reserves for this mineral: its country table counts "
                f"{row['stage']} output, and reserves are ore in the ground")
    no_supply = pd.isna(row["supply_t"])
    nobody_listed = pd.isna(row["members_production_t"]) and len(row["unlisted_production"]) > 0
    if measure in ("world_share", "production_sufficiency", "buildout_multiple", "buildout_cagr",
                   "reserve_life_years") and nobody_listed:
        return ("no member is listed by the USGS; any output of theirs is inside its 'other countries' row, "
                "which cannot be assigned to a partnership")
    if measure in ("buildout_multiple", "buildout_cagr", "reserve_life_years") and row["supply_t"] == 0:
        return "no member is a listed producer, so nothing can be scaled up from today's output"
    if measure in ("world_share", "production_sufficiency", "buildout_multiple", "buildout_cagr") and no_supply:
        return "every listed member's production is withheld or not available"
    if measure == "reserve_life_years":
        return "no member has both a production and a reserves figure"
    if (measure in ("reserves_sufficiency", "world_reserves_share") and pd.isna(row["members_reserves_t"])
            and len(row["unlisted_reserves"]) > 0):
        return ("no member is listed by the USGS for reserves; any reserves of theirs are inside its 'other "
                "countries' row, which cannot be assigned to a partnership")
    if measure in ("reserves_sufficiency", "world_reserves_share") and pd.isna(row["members_reserves_t"]):
        return "every listed member's reserves are withheld, not available or given only as a bound"
    if measure == "world_reserves_share" and pd.isna(row["world_reserves_t"]):
        return "the USGS gives world reserves only as a bound or not at all"
    for name, stage, share in (("projected_sufficiency", "mining", "rest_of_world_share"),
                               ("refining_sufficiency", "refining", "refining_rest_of_world_share")):
        if measure == name:
            return (f"the IEA publishes no {stage} supply by country for this mineral and year" if pd.isna(row[share])
                    else f"none of the members is among the {stage} countries the IEA names")
    if measure == "historical_cagr":
        return "no member has production figures in both years of the historical growth rate"
    return "not available"


def lookup(frame, codes):
    """Per row of `frame`, the tuple of codes `codes` (indexed by partnership, mineral) holds for it, or ()."""
    codes = codes.to_dict()
    keys = zip(frame["partnership"], frame["mineral"])
    return pd.Series([codes.get(key, ()) for key in keys], index=frame.index, dtype=object)
