"""The answer each page opens with: one quotable sentence of at most 35 words, its caveat built in (the bound
in the figure's sign, the basis, the scenario and year), for every view: scenario, year and partnership.

Words and figures (cells.Fig) only: every figure is a published cell. The brief card (templates/partials/
brief.md.j2) prints the sentence with a short citation and a Copy button.
"""

from .. import cells
from ..findings import ALONE, phrase
from ..schema import HORIZON_YEAR

MAX_WORDS = 35  # a sentence a reader takes in at a glance and a brief can quote whole


def words(parts):
    """How many words a sentence has, as a reader counts them (figures included)."""
    return len(cells.text(parts).split())


def mineral_sentence(row, name, basis, who, scenario, year, iea_basis=""):
    """'Today's mine output of the US + FTA partners covers ≥ 21% of IEA NZE 2030 lithium demand (Li content);
    their reserves, ≥ 72% of cumulative demand to 2050.' for one sufficiency row (one partnership, one view).
    The basis named is the supply's: `iea_basis` (what the IEA counts) where the supply is the IEA's."""
    mineral, output = name.lower(), f"{row['stage']} output"  # mine, refinery or smelter output, as the USGS counts
    if not row["production_sufficiency_comparable"]:
        return [f"For {mineral}, USGS {output} and IEA demand count different things (see the basis below), so "
                f"no like-for-like coverage figure is given for {who}."]
    if row["production_sufficiency"] != row["production_sufficiency"]:
        return [f"No figure for how much of IEA {scenario} {year} {mineral} demand the {output} of {who} covers: ",
                cells.measure(row, "production_sufficiency"), " (see the coverage table)."]
    on_iea = row["supply_basis"].startswith("IEA")
    supply = f"The {row['supply_year']} IEA mine supply" if on_iea else f"Today's {output}"
    basis = iea_basis if on_iea and iea_basis else basis
    scope = ", clean-tech demand only" if row["demand_scope"] == "cleantech" else ""
    parts = [f"{supply} of {who} covers ", cells.measure(row, "production_sufficiency"),
             f" of IEA {scenario} {year} {mineral} demand ({basis}{scope})"]
    reserves = row["reserves_sufficiency"]
    if row["reserves_sufficiency_comparable"] and reserves == reserves:
        parts += [f"; {'its' if row['partnership'] == ALONE else 'their'} reserves, ",
                  cells.measure(row, "reserves_sufficiency"), f" of cumulative demand to {HORIZON_YEAR}"]
    return [*parts, "."]


def count_sentence(f, short_name):
    """'Today's output of the G7 meets NZE 2030 demand for 0 of 4 minerals measured like for like against
    total demand, and 2 of 9 against clean-technology demand only.' for a partnership's findings at one view
    (findings.partnership_findings). Counts are headline_counts cells."""
    partnership, scenario, year = f["partnership"], f["scenario"], f["year"]
    total, clean = f["production_sufficiency"]["total"], f["production_sufficiency"]["cleantech"]
    # Output, not mine output: the minerals counted include refinery- and smelter-stage ones (gallium, silicon).
    parts = [f"Today's output of {phrase(partnership, short_name)} meets {scenario} {year} demand for ",
             total["hit"], " of ", total["of"], " minerals measured like for like against total demand"]
    if clean["minerals"]:
        parts += [", and ", clean["hit"], " of ", clean["of"], " against clean-technology demand only"]
    return [*parts, "."]


def outside_sentence(name, base_year, base, projected, view):
    """'No coverage figure for germanium: no USGS table by country counts it on the IEA's basis. IEA
    clean-technology demand: 21.5 t in 2024, 33.6 t in NZE 2030.' for a mineral outside the engine (`base`,
    `projected`: the demand's figures in the base year and in the default view). True of a mineral with no USGS
    table (germanium) and of one whose table counts another form (boron): the page says which below."""
    return [f"No coverage figure for {name.lower()}: no USGS table by country counts it on the IEA's basis. IEA "
            "clean-technology demand: ", base or "—", f" in {base_year}, ", projected or "—",
            f" in {view.scenario} {view.year}."]
