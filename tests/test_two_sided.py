"""Two-sided figures (issue 25, criterion 4): where the data bound a figure on both sides it reads as an interval,
each end rounded on its safe side; '≤ x' where only the upper side is known; '≥ x' where nothing caps it. Worked by
hand on the tiny package (with rows added here) and on the real data."""

import pandas as pd
import pytest

from conftest import committed_sufficiency
from generator import cells
from generator.load import load
from generator.measures import FORMATS, label
from generator.metrics import sufficiency
from generator.totals import usgs_world_totals

def row(results, partnership, mineral="lithium", scenario="NZE", year=2030):
    found = results[(results["partnership"] == partnership) & (results["mineral"] == mineral)
                    & (results["scenario"] == scenario) & (results["year"] == year)]
    assert len(found) == 1
    return found.iloc[0].to_dict()


def printed(r, name):
    return cells.measure(r, name).text


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def bounded_dir(tiny_dir):
    """The tiny package with lithium 2025 bounded from above: the USGS world total is 220 t, its listed figures 200 t
    (AUS 100, CHL 60, CHN 40) and 'other countries' 10 t, so the withheld United States holds at most
    220 − 210 = 10 t and an unlisted member (New Zealand) at most 10 t. World reserves read '> 4,000 t'."""
    production, reserves = tiny_dir / "production.csv", tiny_dir / "reserves.csv"
    edit(production, "lithium,other_countries,,2025,0,,,,false,2026,src-a,0 t,",
         "lithium,other_countries,,2025,10,,,,false,2026,src-a,10 t,")
    edit(production, "lithium,world_total,,2025,200,,,,false,2026,src-a,200 t,",
         "lithium,world_total,,2025,220,,,,false,2026,src-a,220 t,")
    edit(reserves, "lithium,world_total,,2025,3800,,,,false,2026,src-a,3800 t,",
         "lithium,world_total,,2025,,4000,,>,false,2026,src-a,>4000 t,")
    return tiny_dir


def test_a_withheld_member_is_capped_by_the_world_total_less_the_listed_producers(bounded_dir):
    r = row(sufficiency(load(bounded_dir)), "pair")
    # Australia 100 t counted, the United States withheld: at most 220 − (100 + 60 + 40 + 10) = 10 t.
    assert r["members_production_t"] == 100 and r["members_production_high_t"] == 110
    # Today's supply against NZE 2030 demand (400 t): 100 / 400 = 25 % to 110 / 400 = 27.5 % (up: 28 %).
    assert r["production_sufficiency"] == pytest.approx(0.25)
    assert r["production_sufficiency_high"] == pytest.approx(0.275)
    assert printed(r, "production_sufficiency") == "25–28%"
    # World share: 100 / 220 = 45.45 % (down: 45 %) to 110 / 220 = 50 %.
    assert printed(r, "world_share") == "45–50%"


def test_an_unlisted_member_is_capped_by_other_countries(bounded_dir):
    r = row(sufficiency(load(bounded_dir)), "none")
    # New Zealand is not listed: its output, if any, is inside the 10 t of 'other countries'.
    assert pd.isna(r["production_sufficiency"]) and r["production_sufficiency_high"] == pytest.approx(10 / 400)
    assert printed(r, "production_sufficiency") == "≤ 2.5%"
    assert printed(r, "world_share") == "≤ 4.6%"  # 10 / 220 = 4.545 %, rounded up


def test_a_member_the_world_total_leaves_out_has_no_upper_side(bounded_dir):
    """US lithium: the USGS world total excludes US output, so nothing caps a withheld US figure: '≥' stays."""
    (bounded_dir / "world_total_exceptions.csv").write_text(
        "table,mineral,year,rule,reason\nproduction,lithium,2025,excludes_usa,Excludes U.S. production.\n",
        encoding="utf-8")
    r = row(sufficiency(load(bounded_dir)), "pair")
    assert pd.isna(r["production_sufficiency_high"]) and pd.isna(r["world_share_high"])
    assert printed(r, "production_sufficiency") == "≥ 25%"


def test_a_world_total_no_larger_than_its_listed_parts_caps_nothing(tiny_sufficiency):
    """The tiny package as it is: lithium 2025's world total, 200 t, is exactly its listed figures (100 + 60 + 40 + 0):
    it leaves nothing for the withheld United States, whose output is not none, so the figure stays '≥'."""
    r = row(tiny_sufficiency, "pair")
    assert pd.isna(r["members_production_high_t"]) and pd.isna(r["production_sufficiency_high"])
    assert printed(r, "production_sufficiency") == "≥ 25%"


def test_world_reserves_given_as_a_lower_bound(bounded_dir):
    ds = load(bounded_dir)
    assert usgs_world_totals(ds.reserves, 2025).loc["lithium", "world_low_t"] == 4000
    results = sufficiency(ds)
    # The United States holds 300 t of reserves of a world above 4,000 t: at most 7.5 %.
    r = row(results, "usa")
    assert pd.isna(r["world_reserves_share"]) and printed(r, "world_reserves_share") == "≤ 7.5%"
    # The pair: (1,000 + 300) / 4,000 = 32.5 %, rounded up.
    assert printed(row(results, "pair"), "world_reserves_share") == "≤ 33%"
    world = ds.reserves[(ds.reserves["row_kind"] == "world_total") & (ds.reserves["year"] == 2025)
                        & (ds.reserves["mineral"] == "lithium")].iloc[0].to_dict()
    world["flags"] = ">"
    assert cells.column("reserves", world, "low_t").text == "> 4,000\xa0t"


def test_a_bound_below_the_listed_parts_gives_way_to_them(tiny_dir):
    """A world total '> x' below what the USGS lists is at least the listed sum (zirconium reserves 2025: > 70 Mt with
    77.49 Mt listed): a share of it never passes 100 %."""
    edit(tiny_dir / "reserves.csv", "lithium,world_total,,2025,3800,,,,false,2026,src-a,3800 t,",
         "lithium,world_total,,2025,,3000,,>,false,2026,src-a,>3000 t,")
    ds = load(tiny_dir)
    assert usgs_world_totals(ds.reserves, 2025).loc["lithium", "world_low_t"] == 3800
    assert row(sufficiency(ds), "pair")["world_reserves_share_high"] == pytest.approx(1300 / 3800)


def test_the_interval_reads_each_end_on_its_safe_side():
    ratio = FORMATS["ratio"]
    assert label(ratio, 0.135356, "lower", high=0.157670) == "13–16%"  # nearest would read 14–16 %
    assert label(ratio, float("nan"), high=0.022314) == "≤ 2.3%"
    assert label(ratio, 0.25, "lower", high=0.25) == "25%"  # both ends read the same
    assert label(ratio, 0.25, "lower", high=0.2504) == "25–26%"  # the high end is rounded up
    assert label(ratio, 0.25, "lower", high=12.0) == "≥ 25%"  # '25%–more than 10×' says nothing more
    assert label(ratio, 0.0001, "lower", high=0.0009) == "< 0.1%"
    assert label(ratio, 0.25, "lower", high=0.30, comparable=False) == "n/c"
    assert label(ratio, 0.25, "lower", high=0.30, cleantech=True) == "25–30%†"


@pytest.fixture(scope="module")
def real():
    return committed_sufficiency()


def test_eu27_cobalt_prints_its_upper_bound(real):
    """No EU member is listed by the USGS for cobalt in 2025: their output is inside 'other countries', 9,100 t. NZE
    2030 demand is 407,814 t (IEA, total): at most 9,100 / 407,814 = 2.23 %, read up as 2.3 %. The world total is the
    sum of the listed parts, 314,600 t (the rounded 310,000 t is below them): at most 2.89 % of world output."""
    r = row(real, "eu27", "cobalt")
    assert pd.isna(r["production_sufficiency"])
    assert r["members_production_high_t"] == 9100 and r["world_production_t"] == 314_600
    assert r["demand_t"] == pytest.approx(407_814.0249576266)
    assert r["production_sufficiency_high"] == pytest.approx(9100 / 407_814.0249576266)
    assert printed(r, "production_sufficiency") == "≤ 2.3%"
    assert printed(r, "world_share") == "≤ 2.9%"


def test_democracies_cobalt_reads_as_an_interval(real):
    r = row(real, "democracies", "cobalt")
    assert r["production_sufficiency_bound"] == "lower"
    assert printed(r, "production_sufficiency") == "13–16%"


def test_us_lithium_stays_a_lower_bound(real):
    """The USGS lithium world total excludes US output: a partnership holding the withheld United States has no upper
    side."""
    r = row(real, "democracies", "lithium")
    assert "USA" in r["withheld_production"] and pd.isna(r["production_sufficiency_high"])
    assert printed(r, "production_sufficiency").startswith("≥ ")


def test_nickel_world_reserves_share_is_an_upper_bound(real):
    """World nickel reserves: '> 140,000,000 t'. The United States' 340,000 t are then at most 0.243 %: '≤ 0.25%'."""
    r = row(real, "usa", "nickel")
    assert pd.isna(r["world_reserves_share"]) and r["world_reserves_low_t"] == 140_000_000
    assert printed(r, "world_reserves_share") == "≤ 0.25%"
