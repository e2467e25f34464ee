"""Territories and their sovereign states: which partnership counts which territory, and how one is named."""

import pandas as pd

from .countries import country_name


def with_counted_territories(members, partnerships, territories):
    """Members plus, for each partnership declaring `territories: counted`, its members' territories
    (data/territories.csv), each noted as counted with its sovereign. Other partnerships are unchanged."""
    counted = set(partnerships.loc[partnerships["territories"] == "counted", "partnership"])
    joined = members[members["partnership"].isin(counted)].merge(
        territories.rename(columns={"sovereign_iso3": "country_iso3"}), on="country_iso3")
    added = pd.DataFrame({
        "partnership": joined["partnership"], "country_iso3": joined["territory_iso3"], "since": joined["since"],
        "note": [f"Territory of {country_name(s)}, counted with it (partnerships.yaml)." for s in joined["country_iso3"]],
        "source_id": "",
    })
    return pd.concat([members, added], ignore_index=True)[members.columns]


def with_sovereign(code, territories):
    """'New Caledonia (France)' for a territory, else the country's name."""
    sovereign = territories.set_index("territory_iso3")["sovereign_iso3"].get(code)
    return f"{country_name(code)} ({country_name(sovereign)})" if sovereign else country_name(code)
