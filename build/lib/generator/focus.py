"""Friendshoring measures: how concentrated supply is, how much of it countries of concern hold, and
which countries a partnership could add.

Pure functions over the dataset's tables. Mining shares are of the USGS world total; refining shares
of the IEA total, rest of world included. Only countries that pass the candidate screen (screen.py:
not a country of concern, not under comprehensive US sanctions, EIU score at least 4) are ranked.
"""

import numpy as np
import pandas as pd

from .bounds import usgs_basis
from .load import DEMOCRACY_THRESHOLD
from .metrics import (country_rows, cumulative_demand, kt_to_t, latest_year, ratio, sufficiency_demand,
                      world_totals)
from .schema import OUTPUT_STAGE
from .screen import partnership_exclusion, screen
from .view import DEFAULT

FOCUS_SCENARIO, FOCUS_YEAR = DEFAULT.scenario, DEFAULT.year  # the view the gains are ranked against
# A candidate is ranked only if it adds at least this much cover (0.1 percentage point): below it, a ranking of
# countries that add nothing a reader could see.
MIN_GAIN = 0.001


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
    output = ds.minerals.set_index("mineral")["stage"].map(OUTPUT_STAGE)
    for source, year, frame, totals in stage_shares(ds):
        for mineral, group in frame.groupby("mineral"):
            stage = output[mineral] if source == "mining" else source
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


def gain_bases(ds, countries):
    """The supply each country's production gain is measured in, on the same basis as production sufficiency.

    `supply_t` is the USGS base-year production at the mineral's stage (mine, refinery or smelter; t), or, for a mineral comparability.csv puts on the IEA's
    mine-supply basis, the IEA's base-year mine supply of that country (kt × 1000; missing where the IEA does not
    name it). Adds `production_gain_basis`, and per gain `<gain>_comparable` (bool) and `<gain>_note` (why not,
    or what the basis leaves out).
    """
    treatment = ds.comparability.set_index(["mineral", "measure"])
    iea = ds.supply_projection[(ds.supply_projection["stage"] == "mining")
                               & (ds.supply_projection["row_kind"] == "country")]
    iea_year = int(iea["year"].min()) if len(iea) else None
    iea = iea[iea["year"] == iea_year].set_index(["mineral", "country_iso3"])["supply_kt"]
    base = latest_year(ds.production)
    stage = ds.minerals.set_index("mineral")["stage"]
    out = countries.copy()
    rows = []
    for r in countries.itertuples():
        production = treatment["treatment"].get((r.mineral, "production_sufficiency"), "")
        reserves = treatment["treatment"].get((r.mineral, "reserves_sufficiency"), "")
        row = {"supply_t": r.production_t, "production_gain_basis": f"{usgs_basis(stage[r.mineral])} {base}",
               "production_sufficiency_gain_comparable": production != "not_comparable",
               "production_sufficiency_gain_note": "", "reserves_sufficiency_gain_comparable": reserves != "not_comparable",
               "reserves_sufficiency_gain_note": ""}
        if production == "iea_mining_supply":
            row["supply_t"] = kt_to_t(iea.get((r.mineral, r.country_iso3), np.nan))
            row["production_gain_basis"] = f"IEA mine supply {iea_year}"
            if row["supply_t"] != row["supply_t"]:
                row["production_sufficiency_gain_note"] = ("not named by the IEA: its output, if any, sits in the "
                                                           "IEA's rest of world")
        if production == "not_comparable":
            row["production_sufficiency_gain_note"] = treatment.at[(r.mineral, "production_sufficiency"), "reason"]
        if reserves == "not_comparable":
            row["reserves_sufficiency_gain_note"] = treatment.at[(r.mineral, "reserves_sufficiency"), "reason"]
        rows.append(row)
    for column in ("supply_t", "production_gain_basis", "production_sufficiency_gain_comparable",
                   "production_sufficiency_gain_note", "reserves_sufficiency_gain_comparable",
                   "reserves_sufficiency_gain_note"):
        out[column] = [row[column] for row in rows]
    return out


def focus(ds, scenario=FOCUS_SCENARIO, year=FOCUS_YEAR):
    """Where to focus: non-members that pass the screen (screen.py) ranked by the sufficiency they would add;
    members ranked by unused reserves.

    A candidate's production gain is its supply on the basis of production sufficiency (USGS base-year mine
    production, or the IEA's base-year mine supply where comparability.csv says so) ÷ demand(scenario, year)
    (t ÷ t); its reserves gain its reserves ÷ cumulative demand to 2050. A gain declared not comparable is
    published, flagged, and never ranked. A country the screen excludes has role `excluded`, with its `exclusion`
    (typed) and reason. A candidate whose comparable gain is below MIN_GAIN is not ranked (`<gain>_too_small`).
    Members are ranked by reserve life (reserves ÷ production, years); members with reserves
    but no production first.
    """
    base, reserves_year = latest_year(ds.production), latest_year(ds.reserves)
    production = country_rows(ds.production, base)[["mineral", "country_iso3", "value_t"]]
    reserves = country_rows(ds.reserves, reserves_year)[["mineral", "country_iso3", "value_t"]]
    countries = production.merge(reserves, on=["mineral", "country_iso3"], how="outer",
                                 suffixes=("_production", "_reserves")).rename(columns={
                                     "value_t_production": "production_t", "value_t_reserves": "reserves_t"})
    countries = gain_bases(ds, countries)
    demand = sufficiency_demand(ds.demand, ds.minerals)
    point = demand[(demand["scenario"] == scenario) & (demand["year"] == year)].set_index("mineral")["demand_kt"]
    cumulative = cumulative_demand(demand[demand["scenario"] == scenario], base).set_index("mineral")
    countries["production_sufficiency_gain"] = ratio(countries["supply_t"], kt_to_t(countries["mineral"].map(point)))
    countries["reserves_sufficiency_gain"] = ratio(countries["reserves_t"],
                                                   countries["mineral"].map(cumulative["cumulative_demand_t"]))
    countries["reserve_life_years"] = ratio(countries["reserves_t"], countries["production_t"])
    existing = ties(ds)
    countries["ties"] = countries["country_iso3"].map(lambda c: existing.get(c, ""))
    screened = screen(sorted(countries["country_iso3"].unique()), ds.countries_of_concern, ds.sanctions,
                      ds.democracy_index, ds.territories)
    countries = countries.merge(screened, on="country_iso3", how="left")
    ruled = set(ds.partnerships.loc[ds.partnerships["rule"] == "eiu_democracy", "partnership"])
    frames = []
    for partnership, members in ds.partnership_members.groupby("partnership", sort=True):
        is_member = countries["country_iso3"].isin(members["country_iso3"])
        exclusion, reason = partnership_exclusion(countries, set(members["country_iso3"]),
                                                  DEMOCRACY_THRESHOLD if partnership in ruled else None)
        role = np.where(is_member, "member", np.where(exclusion != "", "excluded", "candidate"))
        frames.append(countries.assign(partnership=partnership, role=role, exclusion=exclusion.where(~is_member, ""),
                                       excluded_reason=reason.where(~is_member, "")))
    out = pd.concat(frames, ignore_index=True)
    out["scenario"], out["year"] = scenario, year
    candidate = out["role"] == "candidate"
    for gain, rank in (("production_sufficiency_gain", "rank_production"),
                       ("reserves_sufficiency_gain", "rank_reserves")):
        comparable = candidate & out[f"{gain}_comparable"]
        out[f"{gain}_too_small"] = comparable & (out[gain] < MIN_GAIN)
        out[rank] = _rank(out, gain, comparable & ~out[f"{gain}_too_small"])
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
