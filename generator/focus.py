"""Friendshoring measures: how concentrated supply is, how much of it countries of concern hold, and
which countries a partnership could add.

Pure functions over the dataset's tables. Mining shares are of the USGS world total; refining shares
of the IEA total, rest of world included. Countries of concern (data/countries_of_concern.csv) are
never ranked as candidates.
"""

import numpy as np
import pandas as pd

from .metrics import (country_rows, cumulative_demand, kt_to_t, latest_year, ratio, sufficiency_demand,
                      world_totals)

FOCUS_SCENARIO, FOCUS_YEAR = "NZE", 2030


def hhi(shares):
    """Herfindahl–Hirschman index from market shares (fractions): Σ (share × 100)², 0 to 10,000."""
    shares = pd.Series(shares, dtype=float).dropna()
    return float(((shares * 100) ** 2).sum()) if len(shares) else np.nan


def stage_shares(ds):
    """(stage, year, mineral → country shares, mineral → world total) for mining (USGS) and refining (IEA)."""
    base = latest_year(ds.production)
    mining = country_rows(ds.production, base).dropna(subset=["value_t"])
    refining = ds.supply_projection[ds.supply_projection["stage"] == "refining"]
    refining_year = int(refining["year"].min())
    refining = refining[refining["year"] == refining_year].rename(columns={"supply_kt": "value_t"})
    yield "mining", base, mining, world_totals(ds.production, base)
    yield "refining", refining_year, refining, refining.groupby("mineral")["value_t"].sum()


def concentration(ds):
    """HHI, top producer and its share for mining and refining, world-wide and per partnership.

    World rows (partnership "") also carry `concern_share`: the share held by countries of concern,
    the dependency friendshoring is meant to replace.
    """
    concern = set(ds.countries_of_concern["country_iso3"])
    rows = []
    for stage, year, frame, totals in stage_shares(ds):
        for mineral, group in frame.groupby("mineral"):
            countries = group[group["row_kind"] == "country"].set_index("country_iso3")["value_t"]
            world = totals.get(mineral, np.nan)
            row = _concentration_row(mineral, stage, year, "", countries, world)
            row["concern_share"] = ratio(countries[countries.index.isin(concern)].sum(), world)
            rows.append(row)
            for partnership, members in ds.partnership_members.groupby("partnership"):
                inside = countries[countries.index.isin(members["country_iso3"])]
                rows.append(_concentration_row(mineral, stage, year, partnership, inside, inside.sum()))
    return pd.DataFrame(rows)


def _concentration_row(mineral, stage, year, partnership, countries, total):
    shares = ratio(countries, pd.Series(total, index=countries.index)) if len(countries) else countries
    top = shares.idxmax() if len(shares) and shares.notna().any() else ""
    return {
        "mineral": mineral, "stage": stage, "year": year, "partnership": partnership,
        "hhi": hhi(shares) if top else np.nan,
        "top_country_iso3": top, "top_share": float(shares[top]) if top else np.nan, "concern_share": np.nan,
    }


def ties(ds):
    """country → its existing ties to the United States and its partners ('US FTA, MSP'), from the
    partnerships that declare a `tie` label."""
    labelled = ds.partnerships.loc[ds.partnerships["tie"] != "", ["partnership", "tie"]]
    joined = ds.partnership_members.merge(labelled, on="partnership")
    order = {slug: i for i, slug in enumerate(labelled["partnership"])}
    joined = joined.assign(order=joined["partnership"].map(order)).sort_values(["country_iso3", "order"])
    return joined.groupby("country_iso3")["tie"].agg(", ".join)


def latest_scores(democracy_index):
    """country → its EIU Democracy Index score in the index's latest year."""
    latest = democracy_index[democracy_index["year"] == democracy_index["year"].max()]
    return latest.set_index("country_iso3")["democracy_score"]


def focus(ds, scenario=FOCUS_SCENARIO, year=FOCUS_YEAR):
    """Where to focus: non-members ranked by the sufficiency they would add; members by unused reserves.

    A candidate's production gain is its base-year production ÷ demand(scenario, year) (t ÷ t);
    its reserves gain its reserves ÷ cumulative demand to 2050. Countries of concern are never
    candidates: their role is `excluded`, with the reason. Members are ranked by reserve life
    (reserves ÷ production, years); members with reserves but no production first.
    """
    base, reserves_year = latest_year(ds.production), latest_year(ds.reserves)
    production = country_rows(ds.production, base)[["mineral", "country_iso3", "value_t"]]
    reserves = country_rows(ds.reserves, reserves_year)[["mineral", "country_iso3", "value_t"]]
    countries = production.merge(reserves, on=["mineral", "country_iso3"], how="outer",
                                 suffixes=("_production", "_reserves")).rename(columns={
                                     "value_t_production": "production_t", "value_t_reserves": "reserves_t"})
    demand = sufficiency_demand(ds.demand, ds.minerals)
    point = demand[(demand["scenario"] == scenario) & (demand["year"] == year)].set_index("mineral")["demand_kt"]
    cumulative = cumulative_demand(demand[demand["scenario"] == scenario], base).set_index("mineral")
    countries["production_sufficiency_gain"] = ratio(countries["production_t"],
                                                     kt_to_t(countries["mineral"].map(point)))
    countries["reserves_sufficiency_gain"] = ratio(countries["reserves_t"],
                                                   countries["mineral"].map(cumulative["cumulative_demand_t"]))
    countries["reserve_life_years"] = ratio(countries["reserves_t"], countries["production_t"])
    existing = ties(ds)
    countries["ties"] = countries["country_iso3"].map(lambda c: existing.get(c, ""))
    countries["democracy_score"] = countries["country_iso3"].map(latest_scores(ds.democracy_index))
    concern = ds.countries_of_concern.set_index("country_iso3")["designation"]
    countries["excluded_reason"] = countries["country_iso3"].map(
        lambda c: f"country of concern ({concern[c]})" if c in concern.index else "")
    frames = []
    for partnership, members in ds.partnership_members.groupby("partnership", sort=True):
        is_member = countries["country_iso3"].isin(members["country_iso3"])
        role = np.where(is_member, "member", np.where(countries["excluded_reason"] != "", "excluded", "candidate"))
        frames.append(countries.assign(partnership=partnership, role=role))
    out = pd.concat(frames, ignore_index=True)
    out.loc[out["role"] != "excluded", "excluded_reason"] = ""
    out["scenario"], out["year"] = scenario, year
    out["rank_production"] = _rank(out, "production_sufficiency_gain", out["role"] == "candidate")
    out["rank_reserves"] = _rank(out, "reserves_sufficiency_gain", out["role"] == "candidate")
    unused = out["reserve_life_years"].where(~((out["production_t"] == 0) & (out["reserves_t"] > 0)), np.inf)
    out["rank_unused_reserves"] = _rank(out.assign(unused=unused), "unused", out["role"] == "member")
    return out.sort_values(["partnership", "mineral", "role", "rank_production", "country_iso3"],
                           ignore_index=True)


def _rank(frame, column, eligible):
    """1 = largest; ties broken by country code; missing values and ineligible rows unranked."""
    ranked = frame[eligible & frame[column].notna()].sort_values(
        ["partnership", "mineral", column, "country_iso3"], ascending=[True, True, False, True])
    ranks = ranked.groupby(["partnership", "mineral"]).cumcount() + 1
    return ranks.reindex(frame.index).astype("Int64")
