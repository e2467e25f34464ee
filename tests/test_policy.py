"""Policy facts at the as-of date (issue 26): dates in order or refused, confirmations that age, statuses written
from the dated rows, what a measure covers element by element. All on the tiny package (as-of date 2026-06-01)."""

import re

import pandas as pd
import pytest

from generator.errors import DataError
from generator.export_measures import (confirmation_cutoff, exposure, measure_sentence, share_under_measures,
                                       status_words)
from generator.policy_rules import check_policy, rows_to_reconfirm
from generator.schema import CONFIRMATION_MAX_AGE_MONTHS

AS_OF = "2026-06-01"


def measure(**values):
    row = {"measure_id": "X-1", "country_iso3": "CHN", "instrument": "Announcement No. 1", "items": "Ore",
           "mineral": "zinc", "elements": "", "stage": "ore", "kind": "licence", "target_iso3": "",
           "announced": "2025-01-01", "in_force": "2025-01-01", "status": "in_force", "status_until": "",
           "status_confirmed": "2026-01-01", "status_note": "", "source_id": "src-a", "status_source_id": ""}
    return {**row, **values}


def refused(tiny, *rows):
    tiny.export_controls = pd.DataFrame(list(rows))
    with pytest.raises(DataError) as caught:
        check_policy(tiny)
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("row, column, expected", [
    (measure(announced="2027-02-01", in_force="2027-03-01"), "announced", "on or before the as-of date"),
    (measure(announced="2025-03-01", in_force="2025-02-01"), "in_force", "on or after its announcement"),
    (measure(in_force="2026-09-01"), "status", "scheduled: its in_force date (2026-09-01) is after"),
    (measure(status="scheduled"), "status", "scheduled only with an in_force date after"),
    (measure(kind="ban_one_country", target_iso3="CHN"), "target_iso3", "other than the one imposing"),
    (measure(status="not_confirmed", status_note="Suspended until 2026-05-10; what followed is not known."),
     "status_note", "no limit before the as-of date"),
    (measure(elements="Nd;Xx"), "elements", "chemical symbols of rare earths"),
])
def test_a_date_out_of_order_or_a_bad_measure_is_refused_in_one_line(tiny, row, column, expected):
    error = refused(tiny, row)
    assert (error.file, error.row, error.column) == ("export_controls.csv", 2, column)
    assert expected in str(error)


def test_a_future_date_is_allowed_only_as_scheduled(tiny):
    tiny.export_controls = pd.DataFrame([measure(in_force="2026-09-01", status="scheduled")])
    check_policy(tiny)
    assert status_words(tiny.export_controls.iloc[0], AS_OF) == "scheduled to take effect on 2026-09-01"


def test_dates_of_different_precision_compare_on_what_both_give(tiny):
    """Zimbabwe's SI 213: gazetted 2022-12-20, in force '2022-12' (the month): in order."""
    tiny.export_controls = pd.DataFrame([measure(announced="2022-12-20", in_force="2022-12")])
    check_policy(tiny)


def test_the_rows_of_one_measure_share_its_status(tiny):
    error = refused(tiny, measure(), measure(stage="refined", status="not_confirmed"))
    assert (error.row, error.column) == (3, "status")


def test_a_membership_since_after_the_as_of_date_is_refused(tiny):
    members = tiny.partnership_members
    members.loc[(members["partnership"] == "usa") & (members["country_iso3"] == "USA"), "since"] = "2026-07-01"
    with pytest.raises(DataError) as caught:
        check_policy(tiny)
    assert str(caught.value).startswith("partnerships.yaml, row 'usa' member 'USA', column since: found "
                                        "'2026-07-01', expected a date on or before the site's as-of date")


def test_a_date_in_other_digits_is_refused_at_load(tiny_dir):
    from generator.load import load
    path = tiny_dir / "export_controls.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",".join(
        str(v) for v in measure(status="suspended", status_until="٢٠٢٦-٠٧-٠١").values()) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(tiny_dir)
    assert (caught.value.row, caught.value.column) == (2, "status_until")


def test_the_confirmation_cutoff_is_the_threshold_before_the_as_of_date():
    assert CONFIRMATION_MAX_AGE_MONTHS == 12
    assert confirmation_cutoff("2026-12-07") == "2025-12-07"
    assert confirmation_cutoff("2026-01-31") == "2025-01-31"


def test_a_stale_confirmation_prints_so_is_not_counted_and_is_listed_until_reconfirmed(tiny):
    """China mines 30 of the world's 40 t of zinc. Its licence was last confirmed on 2025-05-31, more than 12 months
    before 2026-06-01: it reads "in force when last confirmed", counts as not confirmed (75 %), not in force, and
    `check` lists it. Re-confirmed on 2026-05-01, it counts again."""
    tiny.export_controls = pd.DataFrame([measure(status_confirmed="2025-05-31")])
    row = tiny.export_controls.iloc[0]
    assert status_words(row, AS_OF) == "in force when last confirmed (2025-05-31)"
    zinc = share_under_measures(exposure(tiny)).set_index(["mineral", "stage"]).loc[("zinc", "mining")]
    assert pd.isna(zinc["share_in_force"]) and zinc["share_not_confirmed"] == pytest.approx(30 / 40)
    assert rows_to_reconfirm(tiny) == [("export_controls.csv", 2, "X-1", "2025-05-31")]
    tiny.export_controls.loc[0, "status_confirmed"] = "2026-05-01"
    zinc = share_under_measures(exposure(tiny)).set_index(["mineral", "stage"]).loc[("zinc", "mining")]
    assert zinc["share_in_force"] == pytest.approx(30 / 40)
    assert rows_to_reconfirm(tiny) == []
    assert measure_sentence(tiny.export_controls.iloc[0], AS_OF) == (
        "China: Announcement No. 1, in force (last confirmed 2026-05-01)")


def test_the_share_under_a_measure_on_some_elements_is_weighted_by_their_demand(tiny):
    """The tiny package counts neodymium and dysprosium (demand 2024: 10 and 1 kt) as the elements of lithium, its
    stand-in for rare earths. IEA refining 2024: China 0.3 kt of 0.4 (75 %). A licence on dysprosium and samarium
    (not neodymium) covers 1 / (10 + 1) of China's refining: 0.75 / 11 = 6.8 % of world refining, not 75 %."""
    tiny.export_controls = pd.DataFrame([measure(mineral="lithium", stage="refined", elements="Sm;Dy")])
    exposed = exposure(tiny)
    china = exposed[(exposed["stage"] == "refining")].iloc[0]
    assert china["covered_fraction"] == pytest.approx(1 / 11)
    share = share_under_measures(exposed).set_index(["mineral", "stage"]).loc[("lithium", "refining")]
    assert share["share_in_force"] == pytest.approx(0.75 / 11)


def test_a_measure_on_elements_outside_the_supply_basis_covers_none_of_it(tiny):
    tiny.export_controls = pd.DataFrame([measure(mineral="lithium", stage="refined", elements="Ho;Er")])
    share = share_under_measures(exposure(tiny)).set_index(["mineral", "stage"]).loc[("lithium", "refining")]
    assert share["share_in_force"] == 0


# --- The committed data and the built pages -----------------------------------------------------------------

LIMIT = re.compile(r"\b(?:until|till|through|expires?(?: on)?|ends?(?: on)?)\s+([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)")


def test_no_built_page_gives_a_past_date_as_a_present_or_future_limit(built_site):
    """'suspended until 2026-11-10' on a page whose as-of date is later is a status gone stale. The data page's
    changelog is left out: each of its entries is dated, history as of that day."""
    docs = built_site[0]
    as_of = (docs.parent / "data" / "as_of.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]

    def text(page):
        body = page.read_text(encoding="utf-8")
        return re.sub(r"\n## Data changelog \{#changelog\}.*?(?=\n## )", "", body, flags=re.S)

    stale = [(page.name, m.group(0)) for page in docs.rglob("*.md")
             for m in LIMIT.finditer(text(page)) if m.group(1) < as_of]
    assert stale == []


def test_one_measure_reads_the_same_on_every_page_that_names_it(built_site):
    """No. 23 of 2023 covers gallium and germanium: their pages, the minerals index and the home page all give its
    status in the one sentence written from its rows."""
    from generator.load import load
    docs = built_site[0]
    ds = load(docs.parent / "data")
    as_of = ds.as_of["as_of"].iloc[0]
    row = ds.export_controls[ds.export_controls["measure_id"] == "CHN-2023-23"].iloc[0]
    sentence = measure_sentence(row, as_of)
    pages = [p for p in docs.rglob("*.md") if "No. 23 of 2023" in p.read_text(encoding="utf-8")]
    assert {"gallium.md", "germanium.md"} <= {p.name for p in pages}
    for page in (docs / "minerals" / "gallium.md", docs / "minerals" / "germanium.md"):
        assert sentence in page.read_text(encoding="utf-8"), page.name
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for mention in re.finditer(r"Announcement No\. 23 of 2023, ([^;.|\n<\"]*)", text):
            assert mention.group(0) in sentence, (page.name, mention.group(0))


# --- The screen on every offer (criterion 4) -----------------------------------------------------------------

def test_a_country_page_offers_only_what_the_screen_allows(tiny):
    """Tiny package: China is a country of concern; New Zealand scores 6.0, not above the Democracies' 6; New
    Caledonia (added here) belongs to Australia, a member of 'pair' and of the Democracies."""
    from types import SimpleNamespace
    from generator.pages.country import join_offers
    tiny.territories = pd.DataFrame([{"territory_iso3": "NCL", "sovereign_iso3": "AUS", "status": "collectivity",
                                      "basis": "judgement", "source_id": "src-a"}])
    site = SimpleNamespace(ds=tiny, partnership_names={"pair": "Pair", "usa": "US alone", "none": "NZ",
                                                       "democracies": "Democracies"})
    offers, refused = join_offers(site, "CHN", set())
    assert offers == [] and [r["partnerships"] for r in refused] == [["Pair", "US alone", "NZ", "Democracies"]]
    assert refused[0]["reason"].startswith("country of concern")
    offers, refused = join_offers(site, "NZL", {"none"})
    assert [o["name"] for o in offers] == ["Pair", "US alone"]
    assert refused == [{"reason": "fails the partnership's own rule, an EIU Democracy Index score above 6",
                        "partnerships": ["Democracies"]}]
    offers, refused = join_offers(site, "NCL", set())
    assert [o["name"] for o in offers] == ["US alone", "NZ"]
    assert [r["partnerships"] for r in refused] == [["Pair", "Democracies"]]
    assert "territory of Australia" in refused[0]["reason"]


def test_the_build_page_knows_why_a_member_fails_the_screen(tiny):
    from generator.pages.build import screen_reasons
    reasons = screen_reasons(tiny, ["AUS", "CHN", "NZL"])
    assert list(reasons) == ["CHN"] and reasons["CHN"].startswith("country of concern")


def test_no_country_page_offers_a_country_the_screen_refuses(built_site):
    """Every "What if it joined?" link adds a country that passes the candidate screen, is not a territory of a
    member, and, added to the Democracies, scores above the rule's threshold."""
    from urllib.parse import parse_qs, unquote, urlparse
    from generator.load import DEMOCRACY_THRESHOLD, load
    from generator.screen import latest_scores, screen
    docs = built_site[0]
    ds = load(docs.parent / "data")
    codes = sorted(ds.countries_of_concern["country_iso3"].tolist() + ds.democracy_index["country_iso3"].tolist()
                   + ds.territories["territory_iso3"].tolist() + [p.stem.upper() for p in
                                                                (docs / "countries").glob("*.md")])
    screened = screen(sorted(set(codes)), ds.countries_of_concern, ds.sanctions, ds.democracy_index,
                      ds.territories).set_index("country_iso3")
    sovereign = ds.territories.set_index("territory_iso3")["sovereign_iso3"]
    scores = latest_scores(ds.democracy_index)
    offers = 0
    for page in (docs / "countries").glob("*.md"):
        for href in re.findall(r'href="(\.\./\.\./build/\?[^"]+)"', page.read_text(encoding="utf-8")):
            query = parse_qs(urlparse(unquote(href.replace("&amp;", "&"))).query)
            *members, added = query["members"][0].split(",")
            assert screened.at[added, "exclusion"] == "", (page.name, href)
            assert sovereign.get(added) not in members, (page.name, href)
            if query["name"][0].startswith("Democracies"):
                assert scores.get(sovereign.get(added, added), 0) > DEMOCRACY_THRESHOLD, (page.name, href)
            offers += 1
    assert offers > 100
