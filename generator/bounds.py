"""Like for like, or marked: the two rules that keep a ratio honest.

1. Comparability (data/comparability.csv). Where the USGS and the IEA count different things, a
   measure is either put on the IEA's own basis (`iea_mining_supply`) or flagged `not_comparable`:
   still published in the CSV, never in a headline count or sentence.
2. Bounds. A member whose figure is withheld or not available is missing from a sum; a ratio built on
   that sum is a bound, and says which way it leans (`lower`: the true figure is at least this).

Pure functions over the sufficiency frame; no I/O.
"""

import pandas as pd

from .schema import NOTE_SEPARATOR, T_PER_KT

# Measures that share the production-sufficiency numerator and so its comparability and bound.
FOLLOWS_PRODUCTION = ("buildout_multiple", "buildout_cagr")


def treatments(comparability, treatment):
    """(mineral, measure) pairs declared with `treatment`."""
    rows = comparability[comparability["treatment"] == treatment]
    return set(zip(rows["mineral"], rows["measure"]))


def choose_supply(frame, comparability, iea_base_supply, unnamed_producers, base_year):
    """The numerator of production sufficiency and build-out, in tonnes: `supply_t`, `supply_year`, `supply_basis`.

    USGS members' mine production in the base year, except where comparability.csv puts a mineral on
    the IEA's basis: then the IEA's base-year mine supply of the members it names (`iea_base_supply`:
    partnership, mineral, supply_kt, year), with the producing members it does not name left out.
    """
    iea = {m for m, measure in treatments(comparability, "iea_mining_supply") if measure == "production_sufficiency"}
    out = frame.merge(iea_base_supply.rename(columns={"supply_kt": "iea_base_supply_kt", "year": "iea_base_year"}),
                      on=["partnership", "mineral"], how="left")
    on_iea = out["mineral"].isin(iea)
    out["supply_t"] = out["members_production_t"].where(~on_iea, out["iea_base_supply_kt"] * T_PER_KT)
    # No member named by the IEA and none producing: the members supply nothing, as on the USGS basis.
    nobody = on_iea & out["iea_base_supply_kt"].isna() & (out["members_production_t"] == 0)
    out.loc[nobody, "supply_t"] = 0.0
    out["supply_year"] = out["iea_base_year"].where(on_iea, base_year).fillna(base_year).astype(int)
    out["supply_basis"] = ["IEA mine supply" if i else "USGS mine production" for i in on_iea]
    unnamed = _lookup(out, unnamed_producers)
    usgs_left = _join(out["withheld_production"], out["unreported_production"])
    out["supply_left_out"] = unnamed.where(on_iea, usgs_left)
    return out.drop(columns=["iea_base_supply_kt", "iea_base_year"])


def mark(frame, comparability, unnamed_mining, unnamed_refining):
    """Add `not_comparable`, `comparability_note`, `bounds` and `left_out_members` to every row.

    unnamed_mining: partnership × mineral → producing members the IEA does not name in mine supply;
    unnamed_refining: the same for refining (every member not named may refine).
    """
    out = frame.copy()
    by_mineral = {m: g for m, g in comparability.groupby("mineral")}
    not_comparable, notes = [], []
    for mineral in out["mineral"]:
        rows = by_mineral.get(mineral, comparability.iloc[:0])
        flagged, clauses = [], []
        for measure, treatment, reason in zip(rows["measure"], rows["treatment"], rows["reason"]):
            measures = [measure, *(FOLLOWS_PRODUCTION if measure == "production_sufficiency" else ())]
            if treatment == "not_comparable":
                flagged += measures
            clauses.append(f"{', '.join(measures)}: {reason}")
        not_comparable.append(" ".join(flagged))
        notes.append(NOTE_SEPARATOR.join(clauses))
    out["not_comparable"], out["comparability_note"] = not_comparable, notes
    mining_unnamed, refining_unnamed = _lookup(out, unnamed_mining), _lookup(out, unnamed_refining)
    usgs_left = _join(out["withheld_production"], out["unreported_production"])
    reserves_left = _join(out["withheld_reserves"], out["unreported_reserves"])
    left_out, bounds = [], []
    for i in out.index:
        row = out.loc[i]
        lean, who = {}, []
        if usgs_left[i]:
            lean["world_share"] = "lower"
        if row["supply_left_out"]:
            lean.update({"production_sufficiency": "lower", "buildout_multiple": "upper", "buildout_cagr": "upper"})
            reason = ("mine producers the IEA does not name (in its rest of world)"
                      if row["supply_basis"] == "IEA mine supply" else "production withheld or not available")
            who.append(f"{row['supply_left_out']}: {reason}")
        elif usgs_left[i]:
            who.append(f"{usgs_left[i]}: production withheld or not available")
        if reserves_left[i]:
            lean.update({"world_reserves_share": "lower", "reserves_sufficiency": "lower"})
            who.append(f"{reserves_left[i]}: reserves withheld or not available")
        if mining_unnamed[i] and pd.notna(row["projected_sufficiency"]) and row["rest_of_world_share"] > 0:
            lean["projected_sufficiency"] = "lower"
            who.append(f"{mining_unnamed[i]}: mine producers the IEA does not name (in its rest of world)")
        if refining_unnamed[i] and pd.notna(row["refining_sufficiency"]) and row["refining_rest_of_world_share"] > 0:
            lean["refining_sufficiency"] = "lower"
            who.append("members the IEA does not name as refiners (in its rest of world)")
        bounds.append(" ".join(f"{measure}:{side}" for measure, side in lean.items()))
        left_out.append("; ".join(dict.fromkeys(who)))
    out["bounds"], out["left_out_members"] = bounds, left_out
    return out


def _lookup(frame, codes):
    """Per row of `frame`, the codes `codes` (indexed by partnership, mineral) hold for it, or ''."""
    keys = zip(frame["partnership"], frame["mineral"])
    return pd.Series([codes.get(key, "") for key in keys], index=frame.index, dtype=object)


def _join(*columns):
    """Space-separated ISO3 codes from several code columns, without duplicates."""
    joined = pd.concat(columns, axis=1).fillna("").agg(" ".join, axis=1)
    return joined.map(lambda text: " ".join(sorted(set(text.split()))))


def bound_of(row, measure):
    """'lower', 'upper' or '' for one measure of one sufficiency row."""
    for token in str(row.get("bounds", "") or "").split():
        name, _, side = token.partition(":")
        if name == measure:
            return side
    return ""


def is_comparable(row, measure):
    """False where comparability.csv (or the measure it follows) flags the measure for this row's mineral."""
    return measure not in str(row.get("not_comparable", "") or "").split()
