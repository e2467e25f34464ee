"""The committed policy facts: agreements carry their dates and sources, and no fact has expired."""

import pytest

from conftest import committed_data


@pytest.fixture(scope="module")
def committed():
    return committed_data()


def member(ds, partnership, country):
    rows = ds.partnership_members[(ds.partnership_members["partnership"] == partnership)
                                  & (ds.partnership_members["country_iso3"] == country)]
    assert len(rows) == 1, (partnership, country)
    return rows.iloc[0]


@pytest.mark.parametrize("partnership, country, since, source", [
    ("us-frameworks", "COD", "2025-12-04", "followup-drc-spa-2025"),   # US–DRC Strategic Partnership Agreement
    ("us-frameworks", "SAU", "2025-11-18", "aawsat-sau-framework-2025"),
    ("us-frameworks", "KAZ", "2025-11-06", "qazinform-kaz-mou-2025"),
    ("us-frameworks", "GBR", "2026-02-04", "ukgov-us-mou-2026"),
    ("us-frameworks", "MEX", "2026-02-04", "ustr-mexico-plan-2026"),
    ("pax-silica", "IND", "2026-02-20", "wam-india-pax-2026"),
    ("us-fta", "AUS", "2005-01-01", "crs-fta-2005"),                    # FTA entry into force
    ("us-fta", "CHL", "2004-01-01", "crs-fta-2005"),
    ("us-fta", "MEX", "2020-07-01", "state-usmca-2020"),                # USMCA
    ("us-fta", "SLV", "2006-03-01", "usembassy-sv-cafta-dr"),           # CAFTA-DR's first entry into force
    ("us-fta", "CRI", "2009-01-01", "usembassy-sv-cafta-dr"),           # and its last
    ("us-fta", "KOR", "2012-03-15", "crs-korus-2014"),
    ("us-fta", "PAN", "2012-10-31", "whitehouse-panama-2012"),
    ("us-fta-japan", "PER", "2009-02-01", "ustr-peru-2009"),            # the same dates in the FTA + Japan grouping
])
def test_an_agreement_member_appears_with_its_date_and_source(committed, partnership, country, since, source):
    row = member(committed, partnership, country)
    assert (row["since"], row["source_id"]) == (since, source)
    assert source in set(committed.sources["source_id"])


def test_only_israels_fta_date_is_left_unconfirmed(committed):
    """19 of the 20 FTA partners have an entry-into-force date from a source; Israel's (1985) is found only in
    encyclopaedia copies, so it stays empty and says so."""
    fta = committed.partnership_members[(committed.partnership_members["partnership"] == "us-fta")
                                        & (committed.partnership_members["country_iso3"] != "USA")]
    undated = fta[fta["since"] == ""]
    assert (len(fta), list(undated["country_iso3"])) == (20, ["ISR"])
    assert "not confirmed" in undated.iloc[0]["note"]
    assert "wikimili-fta" not in set(committed.sources["source_id"])


def test_pax_silica_founders_signed_on_launch_day(committed):
    founders = committed.partnership_members[(committed.partnership_members["partnership"] == "pax-silica")
                                             & (committed.partnership_members["since"] == "2025-12-12")]
    assert set(founders["country_iso3"]) == {"USA", "JPN", "KOR", "SGP", "GBR", "ISR", "AUS"}


def test_chinas_expired_suspensions_are_not_confirmed(committed):
    """Both November 2025 suspensions ended before the as-of date, and no source says what followed."""
    controls = committed.export_controls.set_index(["measure_id", "mineral", "stage"])
    assert controls.at[("CHN-2025-57", "rare-earths", "refined"), "status"] == "not_confirmed"
    assert controls.at[("CHN-2024-46-2", "gallium", "refined"), "status"] == "not_confirmed"
    assert "2026-11-27" in controls.at[("CHN-2024-46-2", "gallium", "refined"), "status_note"]


def test_the_rare_earths_refining_share_under_no_18_counts_only_its_elements(committed):
    """No. 18 of 2025 names dysprosium and terbium among the magnet rare earths, not neodymium or praseodymium.
    IEA clean-technology demand 2024 (kt): Nd 14.567, Pr 2.32253, Dy 1.53113, Tb 0.434428, so Dy + Tb are
    1.965558 / 18.855088 = 10.4 % of it. IEA refining 2024 (kt): China 73.7567 of 73.7567 + 3.6252 (Malaysia)
    + 0.96135 (US) + 2.4619 (rest of world) = 80.8051, 91.3 %. Under No. 18, once confirmed within 12 months:
    0.9128 × 0.1042 = 9.5 % of world refining, not 91 %."""
    from generator.export_measures import exposure, share_under_measures
    import copy
    ds = copy.copy(committed)  # the module's dataset stays as committed
    ds.export_controls = controls = committed.export_controls.copy()
    controls.loc[controls["measure_id"] == "CHN-2025-18", "status_confirmed"] = ds.as_of["as_of"].iloc[0]
    exposed = exposure(ds)
    china = exposed[(exposed["mineral"] == "rare-earths") & (exposed["stage"] == "refining")
                    & (exposed["measure_id"] == "CHN-2025-18")].iloc[0]
    elements = (1.53113 + 0.434428) / (14.567 + 2.32253 + 1.53113 + 0.434428)
    china_share = 73.75667016860831 / (73.75667016860831 + 3.62523562207358 + 0.96135 + 2.4618712374581975)
    assert china["covered_fraction"] == pytest.approx(elements)
    assert china["country_share"] == pytest.approx(china_share)
    shares = share_under_measures(exposed).set_index(["mineral", "stage"])
    assert shares.at[("rare-earths", "refining"), "share_in_force"] == pytest.approx(china_share * elements)
    assert round(china_share * elements, 3) == 0.095
