"""Supply without the dominant supplier, and the share of supply under an export measure, on the tiny package.

Tiny data: lithium on the IEA basis (2030 mine supply: Australia 0.2 kt, rest of world 0.2 kt; no 2030 refining
split), zinc on the USGS basis (2025: Australia 10 t, China 30 t, world 40 t); NZE and STEPS demand at every
milestone: lithium 0.4 kt, zinc 0.02 kt (clean-technology only). China is the one country of concern.
"""

import pandas as pd
import pytest

from generator.export_measures import exposure, share_under_measures
from generator.policy_rules import check_policy
from generator import cells
from generator.engine import compute
from generator.errors import DataError
from generator.published import published_tables
from generator.supply_without import gap_against_partnerships, supply_without


def one(frame, **keys):
    selected = frame
    for column, value in keys.items():
        selected = selected[selected[column] == value]
    assert len(selected) == 1, selected
    return selected.iloc[0]


def test_without_the_largest_supplier_worked_by_hand(tiny):
    without = supply_without(tiny)
    zinc = one(without, mineral="zinc", stage="mining", scenario="NZE", year=2030)
    # USGS basis: China is the largest (30 of 40 t, 75 %). Without it 10 t remain against 20 t of demand: 50 %,
    # a gap of 10 t. China is also the only country of concern, so the two views agree.
    assert (zinc["basis"], zinc["largest_supplier_iso3"]) == ("USGS", "CHN")
    assert zinc["largest_supplier_share"] == pytest.approx(0.75)
    assert zinc["share_without_largest"] == pytest.approx(10 / 20)
    assert zinc["gap_without_largest_t"] == pytest.approx(10)
    assert zinc["share_without_concern"] == pytest.approx(10 / 20)
    lithium = one(without, mineral="lithium", stage="mining", scenario="STEPS", year=2030)
    # IEA basis, 2030: Australia 200 t is the largest named supplier of 400 t (half unattributed). Without it 200 t
    # cover half of the 400 t of demand; no country of concern is named, so all 400 t remain: 100 %, no gap.
    assert (lithium["basis"], lithium["largest_supplier_iso3"]) == ("IEA", "AUS")
    assert lithium["unattributed_share"] == pytest.approx(0.5)
    assert lithium["share_without_largest"] == pytest.approx(200 / 400)
    assert lithium["share_without_concern"] == pytest.approx(1.0) and lithium["gap_without_concern_t"] == 0
    # The IEA gives no 2030 refining split for lithium here: no refining row rather than a made-up one.
    assert without[(without["mineral"] == "lithium") & (without["stage"] == "refining")].empty
    # NZE and STEPS, 2030 and 2035 (zinc, on the USGS basis, has both years; lithium has IEA supply for 2030 only).
    assert set(without["scenario"]) == {"NZE", "STEPS"} and set(without["year"]) == {2030, 2035}


def test_the_gap_is_set_against_each_partnerships_own_output(tiny):
    gaps = gap_against_partnerships(tiny, supply_without(tiny))
    # Zinc without China leaves a 10 t gap; the pair (Australia, United States) mines 10 t: the gap is 1× its output.
    pair = one(gaps, mineral="zinc", scenario="NZE", year=2030, partnership="pair")
    assert pair["partnership_supply_t"] == pytest.approx(10) and pair["gap_to_partnership_supply"] == pytest.approx(1)
    # New Zealand mines none: no multiple, rather than a division by zero.
    assert pd.isna(one(gaps, mineral="zinc", scenario="NZE", year=2030, partnership="none")["gap_to_partnership_supply"])


def test_a_not_comparable_stage_is_published_flagged(tiny):
    tiny.comparability = pd.DataFrame([["lithium", "projected_sufficiency", "not_comparable", "different things"]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    lithium = one(supply_without(tiny), mineral="lithium", stage="mining", scenario="NZE", year=2030)
    assert lithium["comparability_note"] == "different things"
    # Each column set against demand is n/c on its own; the shares of world supply are comparable figures.
    for column in ("share_without_largest", "gap_without_largest_t", "share_without_concern", "gap_without_concern_t"):
        assert not lithium[f"{column}_comparable"]
    assert "largest_supplier_share_comparable" not in lithium and lithium["largest_supplier_share"] == 0.5
    # Printed, an n/c column reads n/c with its reason, never its value; the supply-only share stays a figure.
    tables = published_tables(tiny, compute(tiny))
    row = one(tables["supply_without"], mineral="lithium", stage="mining", scenario="NZE", year=2030)
    printed = cells.column("supply_without", row, "share_without_largest")
    assert (printed.text, printed.why) == ("n/c", "different things")
    assert cells.column("supply_without", row, "largest_supplier_share").text == "50%"
    gap = one(tables["supply_without_gap"], mineral="lithium", stage="mining", scenario="NZE", year=2030,
              partnership="pair")
    assert cells.column("supply_without_gap", gap, "gap_to_partnership_supply").text == "n/c"


def measure(**values):
    row = {"measure_id": "X-1", "country_iso3": "CHN", "instrument": "Test", "items": "Ore", "mineral": "zinc",
           "elements": "", "stage": "ore", "kind": "licence", "target_iso3": "", "announced": "2025-01-01", "in_force": "2025-01-01",
           "status": "in_force", "status_until": "", "status_confirmed": "2026-01-01", "status_note": "",
           "source_id": "src-a", "status_source_id": ""}
    return {**row, **values}


def test_share_of_mining_under_an_export_measure(tiny):
    tiny.export_controls = pd.DataFrame([measure(), measure(measure_id="X-2", status="not_confirmed"),
                                         measure(measure_id="X-3", country_iso3="AUS", status="not_confirmed")])
    shares = share_under_measures(exposure(tiny))
    zinc = one(shares, mineral="zinc", stage="mining")
    # China mines 30 of 40 t under a licence in force (counted once, though it has two measures); Australia's
    # 10 t sit under a measure whose status is not confirmed, shown apart and not counted.
    assert zinc["share_in_force"] == pytest.approx(0.75)
    assert zinc["share_not_confirmed"] == pytest.approx(0.25)


def test_an_expired_suspension_is_refused(tiny):
    # The as-of date is 2026-06-01. A suspension "until 2026-05-31" has expired: the fact must be updated.
    tiny.export_controls = pd.DataFrame([measure(status="suspended", status_until="2026-05-31",
                                                 status_confirmed="2025-11-07")])
    with pytest.raises(DataError) as refused:
        check_policy(tiny)
    error = refused.value
    assert (error.file, error.row, error.column) == ("export_controls.csv", 2, "status_until")
    assert "expired" in str(error) and "\n" not in str(error)
    # Until the as-of date itself, it stands.
    tiny.export_controls.loc[0, "status_until"] = "2026-06-01"
    check_policy(tiny)


def test_the_timeline_splits_a_measure_where_its_confirmed_status_ends():
    from generator.policy_figures import timeline_rows
    measures = pd.DataFrame([measure(), measure(measure_id="X-2", in_force="", announced="2025-10-09",
                                                status="not_confirmed", status_confirmed="2025-11-07")])
    rows = timeline_rows(measures, "2026-06-01")
    # In force since 2025-01-01: one bar to the as-of date. Announced 2025-10-09, never in force, suspended
    # 2025-11-07 with nothing confirmed since: "announced" to 2025-11-07, then "not confirmed" to the as-of date.
    assert rows[["start", "end", "segment"]].values.tolist() == [
        ["2025-01-01", "2026-06-01", "in force"],
        ["2025-10-09", "2025-11-07", "announced, never in force"],
        ["2025-11-07", "2026-06-01", "status not confirmed"]]
