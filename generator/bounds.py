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
    declared = {}  # mineral → (measures not comparable, "measure, …: reason | …")
    for mineral, rows in comparability.groupby("mineral"):
        flagged, clauses = [], []
        for measure, treatment, reason in zip(rows["measure"], rows["treatment"], rows["reason"]):
            measures = [measure, *(FOLLOWS_PRODUCTION if measure == "production_sufficiency" else ())]
            if treatment == "not_comparable":
                flagged += measures
            clauses.append(f"{', '.join(measures)}: {reason}")
        declared[mineral] = (" ".join(flagged), NOTE_SEPARATOR.join(clauses))
    out["not_comparable"] = [declared.get(m, ("", ""))[0] for m in out["mineral"]]
    out["comparability_note"] = [declared.get(m, ("", ""))[1] for m in out["mineral"]]
    columns = zip(_join(out["withheld_production"], out["unreported_production"]),
                  _join(out["withheld_reserves"], out["unreported_reserves"]), out["supply_left_out"],
                  out["supply_basis"], _lookup(out, unnamed_mining), _lookup(out, unnamed_refining),
                  out["projected_sufficiency"].notna() & (out["rest_of_world_share"] > 0),
                  out["refining_sufficiency"].notna() & (out["refining_rest_of_world_share"] > 0))
    marks = [_row_marks(*values) for values in columns]
    out["bounds"] = [b for b, _ in marks]
    out["left_out_members"] = [w for _, w in marks]
    return out


def _row_marks(usgs_left, reserves_left, supply_left, supply_basis, mining_unnamed, refining_unnamed,
               projected_partial, refining_partial):
    """(bounds, left_out_members) of one row: which measures lean which way, and who was left out and why."""
    lean, who = {}, []
    if usgs_left:
        lean["world_share"] = "lower"
    if supply_left:
        lean.update({"production_sufficiency": "lower", "buildout_multiple": "upper", "buildout_cagr": "upper"})
        reason = ("mine producers the IEA does not name (in its rest of world)"
                  if supply_basis == "IEA mine supply" else "production withheld or not available")
        who.append(f"{supply_left}: {reason}")
    elif usgs_left:
        who.append(f"{usgs_left}: production withheld or not available")
    if reserves_left:
        lean.update({"world_reserves_share": "lower", "reserves_sufficiency": "lower"})
        who.append(f"{reserves_left}: reserves withheld or not available")
    if mining_unnamed and projected_partial:
        lean["projected_sufficiency"] = "lower"
        who.append(f"{mining_unnamed}: mine producers the IEA does not name (in its rest of world)")
    if refining_unnamed and refining_partial:
        lean["refining_sufficiency"] = "lower"
        who.append("members the IEA does not name as refiners (in its rest of world)")
    return " ".join(f"{m}:{side}" for m, side in lean.items()), "; ".join(dict.fromkeys(who))


def _lookup(frame, codes):
    """Per row of `frame`, the codes `codes` (indexed by partnership, mineral) hold for it, or ''."""
    codes = codes.to_dict()
    keys = zip(frame["partnership"], frame["mineral"])
    return pd.Series([codes.get(key, "") for key in keys], index=frame.index, dtype=object)


def _join(*columns):
    """Space-separated ISO3 codes from several code columns, without duplicates."""
    values = zip(*(column.fillna("") for column in columns))
    return pd.Series([" ".join(sorted(set(" ".join(row).split()))) for row in values], index=columns[0].index,
                     dtype=object)


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
