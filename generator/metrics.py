"""The measures of the question, as pure functions over tidy DataFrames.

No file I/O and no globals: every input is an argument. Units: USGS figures are
tonnes (`_t`), IEA figures thousand tonnes (`_kt`); ratios are fractions (1.0 = 100 %).
A ratio whose denominator is zero or missing is missing (NaN), never infinite.
"""

import numpy as np
import pandas as pd

from . import bounds
from .measures import MEASURES, QUANTITY, TWO_SIDED
from .schema import HISTORY_START_YEAR, HORIZON_YEAR, MILESTONE_YEARS, T_PER_KT
from .totals import excluded_from_world_totals, usgs_world_totals
from .view import scenarios


def kt_to_t(kt):
    """Thousand tonnes → tonnes."""
    return kt * T_PER_KT


def t_to_kt(t):
    """Tonnes → thousand tonnes."""
    return t / T_PER_KT


def ratio(numerator, denominator):
    """numerator ÷ denominator (scalars or Series); missing where the denominator is zero or missing."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.astype(float).where(denominator != 0)
    if pd.isna(denominator) or denominator == 0:
        return np.nan
    return numerator / denominator


def growth_rate(multiple, years):
    """Constant yearly growth rate that multiplies a quantity by `multiple` in `years` years."""
    multiple = pd.Series(multiple, dtype=float)
    years = pd.Series(years, dtype=float, index=multiple.index)
    valid = (multiple > 0) & (years > 0)
    return (multiple.where(valid) ** (1 / years.where(valid)) - 1).astype(float)


def latest_year(frame):
    return int(frame["year"].max())


def country_rows(values, year):
    """One year's country rows of a USGS table (production or reserves)."""
    return values[(values["year"] == year) & (values["row_kind"] == "country")]


def world_totals(values, year):
    """mineral → the USGS world total in tonnes that shares divide by (totals.usgs_world_totals: the larger of the
    stated total and the sum of its parts; missing where the USGS gives none)."""
    return usgs_world_totals(values, year)["world_t"]


def member_totals(values, membership, year, excludes=None):
    """Members' total per partnership × mineral for one year of a USGS table (production or reserves), in tonnes.

    Columns: members_t (sum of the members' figures), and three tuples of ISO3 codes of members left out
    of it: withheld (W), unreported (listed with no figure) and unlisted (not listed while the USGS's
    'other countries' row may hold them). members_t is 0 when no member is listed and 'other countries'
    holds nothing, missing when no listed member has a figure, or none is listed but 'other countries'
    may hold them. unlisted_share is the 'other countries' share of the world total. high_t is members_t's
    upper side where someone is left out (upper_side); `excludes`: mineral → the countries its world total
    leaves out.
    """
    rows = values[values["year"] == year]
    countries = rows[rows["row_kind"] == "country"]
    other = rows[rows["row_kind"] == "other_countries"].set_index("mineral")
    # 'Other countries' may hold a member unless the USGS gives it as zero (or gives no such row).
    other_open = (other["value_t"].fillna(-1) != 0).to_dict()
    minerals = sorted(values["mineral"].unique())
    grid = (membership[["partnership"]].drop_duplicates()
            .merge(pd.DataFrame({"mineral": minerals}), how="cross"))
    listed = membership.merge(countries, on="country_iso3")
    listed["withheld"] = listed["country_iso3"].where(listed["code"] == "W")
    listed["unreported"] = listed["country_iso3"].where(listed["value_t"].isna() & (listed["code"] != "W"))
    totals = listed.groupby(["partnership", "mineral"]).agg(
        members_t=("value_t", lambda v: v.sum(min_count=1)),
        withheld=("withheld", _codes), unreported=("unreported", _codes),
    ).reset_index()
    out = grid.merge(totals, on=["partnership", "mineral"], how="left", indicator=True)
    no_listed_member = out.pop("_merge") == "left_only"
    out.loc[no_listed_member, "members_t"] = 0.0
    for column in ("withheld", "unreported"):
        out[column] = [v if isinstance(v, tuple) else () for v in out[column]]
    listed_pairs = set(zip(countries["mineral"], countries["country_iso3"]))
    members = membership.groupby("partnership")["country_iso3"].agg(sorted).to_dict()
    out["unlisted"] = [tuple(c for c in members[p] if (m, c) not in listed_pairs) if other_open.get(m, False)
                       else () for p, m in zip(out["partnership"], out["mineral"])]
    out.loc[no_listed_member & (out["unlisted"].map(len) > 0), "members_t"] = np.nan
    totals = usgs_world_totals(values, year)
    world = totals["world_t"]
    out["unlisted_share"] = out["mineral"].map(ratio(other["value_t"], world.reindex(other.index)))
    out["high_t"] = upper_side(out, other["value_t"], totals["unassigned_t"], excludes or {})
    return out


def upper_side(totals, other_t, unassigned_t, excludes):
    """The most the members can hold (t), per row of `totals` (member_totals' columns), where someone is left out:
    their figures, plus the USGS 'other countries' row (mineral → t) where a member is not listed, plus what the
    listed countries without a figure hold together (mineral → t, totals.usgs_world_totals) where a member is
    withheld or not available. Missing where nobody is left out (the sum is exact), where a part it needs is
    missing (an 'other countries' row given only as a bound), and where a member without a figure is one the world
    total leaves out (`excludes`: mineral → ISO3 codes; US lithium): nothing caps it then, and the figure stays
    one-sided."""
    rows = []
    for r in totals[["mineral", "members_t", "withheld", "unreported", "unlisted"]].itertuples():
        without = (*r.withheld, *r.unreported)
        if not (without or r.unlisted) or set(without) & set(excludes.get(r.mineral, ())):
            rows.append(np.nan)
            continue
        high = 0.0 if pd.isna(r.members_t) else r.members_t
        high += other_t.get(r.mineral, np.nan) if r.unlisted else 0.0
        high += unassigned_t.get(r.mineral, np.nan) if without else 0.0
        rows.append(high)
    return pd.Series(rows, index=totals.index, dtype=float)


def no_tuples_missing(frame, columns):
    """`frame` with the left-out lists in `columns` empty (()) where a left join found no row: no table, nobody
    left out."""
    out = frame.copy()
    for column in columns:
        out[column] = [v if isinstance(v, tuple) else () for v in out[column]]
    return out


def _codes(countries):
    """The ISO3 codes of a group, sorted, as a tuple: lists of members are typed, never joined strings."""
    return tuple(sorted(countries.dropna()))


def sufficiency_demand(demand, minerals):
    """The demand each mineral is measured against: total demand where the IEA gives it, else clean-tech."""
    scope = minerals.set_index("mineral")["iea_demand_scope"]
    return demand[demand["scope"] == demand["mineral"].map(scope)][["mineral", "scenario", "year", "scope", "demand_kt"]]


def cumulative_demand_t(milestones, start_year, end_year=HORIZON_YEAR):
    """Demand summed over every year from start_year to end_year inclusive, in tonnes.

    `milestones` maps year → demand_kt at the IEA milestone years; years between them
    are interpolated linearly.
    """
    years = sorted(milestones)
    every_year = np.arange(start_year, end_year + 1)
    return kt_to_t(float(np.interp(every_year, years, [milestones[y] for y in years]).sum()))


def cumulative_demand(demand, start_year):
    """mineral × scenario → cumulative demand (t) from start_year to 2050."""
    rows = [
        {"mineral": m, "scenario": s, "cumulative_demand_t":
            cumulative_demand_t(dict(zip(g["year"].astype(int), g["demand_kt"])), start_year)}
        for (m, s), g in demand.groupby(["mineral", "scenario"], sort=True)
    ]
    return pd.DataFrame(rows)


def _members_with_both(first, second, membership, suffixes):
    """Per partnership × mineral, the sums of two country figures over the members that have both.

    `first` and `second`: mineral, country_iso3, value_t. A member missing either figure (withheld,
    not available) is left out of both sums, so the ratio of the two is like for like.
    """
    both = first.merge(second, on=["mineral", "country_iso3"], suffixes=suffixes).dropna(
        subset=[f"value_t{suffixes[0]}", f"value_t{suffixes[1]}"])
    joined = membership.merge(both, on="country_iso3")
    return joined.groupby(["partnership", "mineral"])[[f"value_t{s}" for s in suffixes]].sum().reset_index()


def history(production, membership, start_year, end_year):
    """history_start_t, history_end_t: members' production in start_year and end_year (t), over the
    members with a figure in both, so a country that appears or is withheld in one year does not fake growth."""
    sums = _members_with_both(country_rows(production, start_year), country_rows(production, end_year),
                              membership, ("_start", "_end"))
    return sums.rename(columns={"value_t_start": "history_start_t", "value_t_end": "history_end_t"})


def life(production, reserves, membership, production_year, reserves_year):
    """life_production_t, life_reserves_t: members' production and reserves (t), over the members with both.

    A member whose production is withheld still has reserves: counting them over the others'
    output would inflate the reserve life (G7 lithium: 1,071 years with the US, 286 without).
    """
    sums = _members_with_both(country_rows(production, production_year), country_rows(reserves, reserves_year),
                              membership, ("_production", "_reserves"))
    return sums.rename(columns={"value_t_production": "life_production_t", "value_t_reserves": "life_reserves_t"})


def iea_supply(supply_projection, membership, stage):
    """IEA base-case supply of the members the IEA names, per partnership × mineral × year, for one stage.

    Columns: <stage>_supply_kt (missing when no member is named), <stage>_rest_of_world_share
    (the share of the IEA's world total, rest of world included, that it attributes to no country).
    """
    rows = supply_projection[supply_projection["stage"] == stage]
    world = rows.groupby(["mineral", "year"])["supply_kt"].sum()
    rest = rows[rows["row_kind"] == "rest_of_world"].groupby(["mineral", "year"])["supply_kt"].sum()
    shares = ratio(rest, world).rename(f"{stage}_rest_of_world_share").reset_index()
    named = membership.merge(rows[rows["row_kind"] == "country"], on="country_iso3")
    members = named.groupby(["partnership", "mineral", "year"])["supply_kt"].sum().rename(f"{stage}_supply_kt")
    grid = membership[["partnership"]].drop_duplicates().merge(shares, how="cross")
    return grid.merge(members.reset_index(), on=["partnership", "mineral", "year"], how="left")


def unnamed_members(supply_projection, membership, stage, producers=None):
    """partnership × mineral → members the IEA does not name at `stage` (a tuple of ISO3 codes).

    With `producers` (mineral, country_iso3 of USGS-listed producers), only members that produce
    count: a member with no mine cannot hide in the IEA's rest of world.
    """
    rows = supply_projection[(supply_projection["stage"] == stage) & (supply_projection["row_kind"] == "country")]
    named = rows[["mineral", "country_iso3"]].drop_duplicates().assign(named=True)
    covered = pd.DataFrame({"mineral": sorted(supply_projection.loc[supply_projection["stage"] == stage,
                                                                    "mineral"].unique())})
    candidates = membership.merge(covered, how="cross")
    if producers is not None:
        candidates = candidates.merge(producers, on=["mineral", "country_iso3"])
    joined = candidates.merge(named, on=["mineral", "country_iso3"], how="left")
    unnamed = joined[joined["named"].isna()]
    return unnamed.groupby(["partnership", "mineral"])["country_iso3"].agg(_codes).rename(f"{stage}_unnamed")


def producers(production, year):
    """mineral, country_iso3 of every country the USGS lists with output in `year` (a figure above 0, or W/NA)."""
    rows = country_rows(production, year)
    return rows.loc[~(rows["value_t"] == 0), ["mineral", "country_iso3"]]


def sufficiency(ds, target_share=1.0):
    """One row per mineral × partnership × scenario × milestone year: the quantities, then every measure
    declared in measures.py evaluated over them, with its bound, comparability and note."""
    return evaluate(quantities(ds, target_share), ds.comparability)


def quantities(ds, target_share=1.0):
    """The quantities the measures divide (measures.QUANTITIES), the members left out of each, and the
    context of each row (scope, base years, basis, the shares the IEA and the USGS leave unattributed)."""
    base, reserves_year = latest_year(ds.production), latest_year(ds.reserves)
    membership = ds.partnership_members[["partnership", "country_iso3"]]
    keys = ["partnership", "mineral"]
    excludes = excluded_from_world_totals(ds.world_total_exceptions, "production", base)
    production = member_totals(ds.production, membership, base, excludes).rename(columns={
        "members_t": "members_production_t", "withheld": "withheld_production",
        "unreported": "unreported_production", "unlisted": "unlisted_production",
        "unlisted_share": "unlisted_production_share", "high_t": "members_production_high_t"})
    reserves = member_totals(ds.reserves, membership, reserves_year).rename(columns={
        "members_t": "members_reserves_t", "withheld": "withheld_reserves", "unreported": "unreported_reserves",
        "unlisted": "unlisted_reserves", "unlisted_share": "unlisted_reserves_share",
        "high_t": "members_reserves_high_t"})
    demand = sufficiency_demand(ds.demand, ds.minerals)
    mining = iea_supply(ds.supply_projection, membership, "mining")
    # A mineral whose USGS table is a refinery's or smelter's has no reserves: its reserves are missing, never 0.
    frame = (no_tuples_missing(production.merge(reserves, on=keys, how="left"),
                               ("withheld_reserves", "unreported_reserves", "unlisted_reserves"))
             .merge(demand[demand["year"].isin(MILESTONE_YEARS)], on="mineral")
             .merge(cumulative_demand(demand, base), on=["mineral", "scenario"])
             .merge(history(ds.production, membership, HISTORY_START_YEAR, base), on=keys, how="left")
             .merge(life(ds.production, ds.reserves, membership, base, reserves_year), on=keys, how="left")
             .merge(mining, on=[*keys, "year"], how="left")
             .merge(iea_supply(ds.supply_projection, membership, "refining"), on=[*keys, "year"], how="left")
             .rename(columns={"mining_supply_kt": "projected_supply_kt", "scope": "demand_scope",
                              "mining_rest_of_world_share": "rest_of_world_share"}))
    frame["stage"] = frame["mineral"].map(ds.minerals.set_index("mineral")["stage"])
    frame["world_production_t"] = frame["mineral"].map(world_totals(ds.production, base))
    frame["world_reserves_t"] = frame["mineral"].map(world_totals(ds.reserves, reserves_year))
    frame["world_reserves_low_t"] = frame["mineral"].map(usgs_world_totals(ds.reserves, reserves_year)["world_low_t"])
    frame["world_total_excludes"] = [excludes.get(m, ()) for m in frame["mineral"]]
    frame["base_year"], frame["reserves_year"] = base, reserves_year
    frame["history_years"] = float(base - HISTORY_START_YEAR)
    frame["demand_t"] = kt_to_t(frame["demand_kt"])
    frame["target_share"] = target_share
    frame["target_demand_t"] = target_share * frame["demand_t"]
    iea_base = mining[mining["year"] == mining["year"].min()].dropna(subset=["mining_supply_kt"])
    iea_base = iea_base[[*keys, "year"]].assign(supply_kt=iea_base["mining_supply_kt"])
    unnamed_producers = unnamed_members(ds.supply_projection, membership, "mining", producers(ds.production, base))
    frame = bounds.choose_supply(frame, ds.comparability, iea_base, unnamed_producers, base)
    frame["buildout_years"] = (frame["year"] - frame["supply_year"]).astype(float)
    projected_partial = frame["projected_supply_kt"].notna() & (frame["rest_of_world_share"] > 0)
    refining_partial = frame["refining_supply_kt"].notna() & (frame["refining_rest_of_world_share"] > 0)
    frame["projected_unnamed"] = bounds.lookup(frame, unnamed_producers).where(projected_partial, ())
    frame["refining_unnamed"] = bounds.lookup(
        frame, unnamed_members(ds.supply_projection, membership, "refining")).where(refining_partial, ())
    order = {s: i for i, s in enumerate(scenarios(ds.demand))}
    return frame.sort_values(["mineral", "partnership", "scenario", "year"], ignore_index=True,
                             key=lambda column: column.map(order) if column.name == "scenario" else column)


def evaluate(frame, comparability):
    """Every measure declared in measures.py over a frame of quantities: its value, `<measure>_bound`
    ('lower', 'upper' or ''), `<measure>_comparable` and `<measure>_note` (why it is n/c, missing, or on
    another basis). A member left out of the numerator makes a measure a lower bound, one left out of the
    denominator an upper bound, both no bound (measures.Measure)."""
    out = frame.copy()
    for m in MEASURES:
        multiple = ratio(out[m.numerator], out[m.denominator])
        out[m.name] = growth_rate(multiple, out[m.years]) if m.years else multiple
        low = _any_left_out(out, QUANTITY[m.numerator].left_out)
        high = _any_left_out(out, QUANTITY[m.denominator].left_out)
        out[f"{m.name}_bound"] = np.select([low & ~high & out[m.name].notna(), high & ~low & out[m.name].notna()],
                                           ["lower", "upper"], "")
        if m.name in TWO_SIDED:
            out[f"{m.name}_high"] = upper_end(out, m, low, high)
    return bounds.mark(out, comparability)


def upper_end(frame, m, low, high):
    """`m`'s upper side (its unit), where the data bound it from above: the numerator's upper side (Quantity.high)
    where a member is left out of it, over the denominator, or over the denominator's lower bound (Quantity.low)
    where the denominator is known only from below. Missing elsewhere, and where a member is left out of the
    denominator (the measure leans both ways). `low`, `high`: whether a member is left out of the numerator and
    of the denominator, per row."""
    numerator, denominator = QUANTITY[m.numerator], QUANTITY[m.denominator]
    top = frame[numerator.high].where(low, frame[m.numerator]) if numerator.high else frame[m.numerator]
    bottom = frame[m.denominator]
    unbounded = bottom.isna()
    if denominator.low:
        bottom = bottom.fillna(frame[denominator.low])
    multiple = ratio(top, bottom)
    value = growth_rate(multiple, frame[m.years]) if m.years else multiple
    # Two-sided only where something was uncertain and the data cap it: a member left out of the numerator, or a
    # denominator known only from below.
    return value.where((low | unbounded) & ~high).astype(float)


def _any_left_out(frame, columns):
    flags = pd.Series(False, index=frame.index)
    for column in columns:
        flags |= frame[column].map(len) > 0
    return flags

