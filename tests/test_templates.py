"""Templates hold layout only: no arithmetic inside a Jinja expression."""

import re

import pytest

from conftest import ROOT

EXPRESSION = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
ARITHMETIC = re.compile(r"(?<![\w\"'])(?:[\w\].)]+)\s*[-+*/%]\s*(?:[\w(\[.]+)(?![\"'])")


def strip_strings(expression):
    return re.sub(r"\"[^\"]*\"|'[^']*'", '""', expression)


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.j2")), ids=lambda p: p.name)
def test_no_arithmetic_in_templates(template):
    for match in EXPRESSION.finditer(template.read_text(encoding="utf-8")):
        expression = strip_strings(match.group(1) or match.group(2))
        assert not ARITHMETIC.search(expression), f"{template.name}: {expression.strip()}"


def test_the_check_catches_arithmetic():
    assert ARITHMETIC.search(strip_strings(" (tolerance * 100) | round "))
    assert ARITHMETIC.search(strip_strings(" row.value / 1000 "))
    assert not ARITHMETIC.search(strip_strings(' row.value | pct("a - b") '))


# --- the brief sentence each page opens with (generator/pages/brief.py) ------------------------------------------

def tiny_rows(tiny):
    """The engine's sufficiency table of a changed tiny package (the package as it is: the tiny_sufficiency fixture)."""
    from generator.engine import compute
    return compute(tiny).sufficiency


def test_mineral_brief_carries_its_bound_basis_and_scenario(tiny_sufficiency):
    from generator import cells
    from generator.pages.brief import MAX_WORDS, mineral_sentence, words
    suff = tiny_sufficiency
    row = suff[(suff["mineral"] == "lithium") & (suff["partnership"] == "pair") & (suff["scenario"] == "NZE")
               & (suff["year"] == 2030)].iloc[0]
    parts = mineral_sentence(row, "Lithium", "Li content", "the Pair", "NZE", 2030)
    # Pair = AUS + USA. Production: AUS 100 t (USA withheld, so a lower bound) of 400 t NZE 2030 demand = ≥ 25 %.
    # Reserves: 1,000 + 300 t of cumulative demand 2025–2050 = 150 + 200 + 250 + 300 + 350 + 21 × 400 = 9,650 t,
    # 13.5 %, to two significant figures 13 %.
    assert cells.text(parts) == ("Today's mine output of the Pair covers ≥ 25% of IEA NZE 2030 lithium demand "
                                 "(Li content); their reserves, 13% of cumulative demand to 2050.")
    figures = [p for p in parts if isinstance(p, cells.Fig)]
    assert [f.cell for f in figures] == [
        "downloads/sufficiency.csv?mineral=lithium&partnership=pair&scenario=NZE&year=2030#production_sufficiency",
        "downloads/sufficiency.csv?mineral=lithium&partnership=pair&scenario=NZE&year=2030#reserves_sufficiency"]
    assert words(parts) <= MAX_WORDS


def test_mineral_brief_follows_the_partnership_and_scenario(tiny_sufficiency):
    from generator import cells
    from generator.pages.brief import mineral_sentence
    suff = tiny_sufficiency
    row = suff[(suff["mineral"] == "lithium") & (suff["partnership"] == "democracies") & (suff["scenario"] == "APS")
               & (suff["year"] == 2040)].iloc[0]
    # Democracies (AUS, CHL, USA; USA withheld): 100 + 60 = 160 t of 400 t APS 2040 demand = ≥ 40 %.
    text = cells.text(mineral_sentence(row, "Lithium", "Li content", "the democracies", "APS", 2040))
    assert text.startswith("Today's mine output of the democracies covers ≥ 40% of IEA APS 2040 lithium demand")


def test_a_brief_on_the_iea_basis_names_that_basis_and_its_year(tiny):
    """Rare earths, like for like: the IEA's magnet rare-earth supply is set against its magnet rare-earth demand,
    and the sentence names that basis and year, not the USGS's oxide tonnes of 2025."""
    import pandas as pd
    from generator import cells
    from generator.pages.brief import mineral_sentence
    tiny.comparability = pd.DataFrame([["lithium", "production_sufficiency", "iea_mining_supply", "IEA basis."]],
                                      columns=["mineral", "measure", "treatment", "reason"])
    suff = tiny_rows(tiny)
    row = suff[(suff["mineral"] == "lithium") & (suff["partnership"] == "pair") & (suff["scenario"] == "NZE")
               & (suff["year"] == 2030)].iloc[0]
    # The IEA names Australia, 0.1 kt in 2024, of 0.4 kt NZE 2030 demand: 25 %, a lower bound (the withheld United
    # States is a producer the IEA does not name).
    text = cells.text(mineral_sentence(row, "Lithium", "Li content", "the Pair", "NZE", 2030, "Li in brine"))
    assert text.startswith("The 2024 IEA mine supply of the Pair covers ≥ 25% of IEA NZE 2030 lithium demand "
                           "(Li in brine)")


def test_mineral_brief_says_why_there_is_no_figure(tiny_sufficiency):
    from generator import cells
    from generator.pages.brief import mineral_sentence
    suff = tiny_sufficiency
    row = suff[(suff["mineral"] == "lithium") & (suff["partnership"] == "pair") & (suff["scenario"] == "NZE")
               & (suff["year"] == 2030)].iloc[0].copy()
    row["production_sufficiency_comparable"] = False
    text = cells.text(mineral_sentence(row, "Lithium", "Li content", "the Pair", "NZE", 2030))
    assert text == ("For lithium, USGS mine output and IEA demand count different things (see the basis below), so no "
                    "like-for-like coverage figure is given for the Pair.")


def test_count_brief_counts_like_for_like_minerals(tiny_sufficiency):
    from generator import cells
    from generator.findings import partnership_findings
    from generator.pages.brief import count_sentence
    suff = tiny_sufficiency
    # The Democracies (the registry slug "democracies" reads "the democracies"): lithium (total demand) ≥ 40 % and
    # zinc (clean-tech demand only) 10 of 20 t = 50 %: none reached.
    parts = count_sentence(partnership_findings(suff, "democracies", "NZE", 2030), "Democracies")
    assert cells.text(parts) == ("Today's output of the democracies meets NZE 2030 demand for 0 of 1 minerals "
                                 "measured like for like against total demand, and 0 of 1 against clean-technology "
                                 "demand only.")
    assert all("headline_counts.csv?partnership=democracies&scenario=NZE&year=2030" in p.cell
               for p in parts if isinstance(p, cells.Fig))
