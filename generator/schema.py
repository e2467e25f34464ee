"""Every curated table and every published column, declared once.

Validation (`load.py`), the methodology and data pages and the download files
all read these declarations, so the documentation cannot drift from the code.
"""

from dataclasses import dataclass

ISO3_PATTERN = r"[A-Z]{3}"
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
SCENARIOS = ("STEPS", "APS", "NZE")
SCENARIO_NAMES = {
    "STEPS": "Stated Policies Scenario",
    "APS": "Announced Pledges Scenario",
    "NZE": "Net Zero Emissions by 2050 Scenario (1.5 °C)",
}
MILESTONE_YEARS = (2030, 2035, 2040, 2045, 2050)
# Plausible years: USGS data years and editions, and the IEA's projection horizon.
FIRST_YEAR, LAST_DATA_YEAR, LAST_PROJECTION_YEAR = 2000, 2040, 2050
# A country's figure that moves more than this many times from one year (or edition) to the next is refused
# unless change_exceptions.csv explains it: the usual sign of a unit slip (t for kt) or a typo.
MAX_CHANGE = 5.0
# Base-year demand above this multiple of world mine production is refused: kt typed where t was meant.
MAX_DEMAND_TO_OUTPUT = 5.0
# An import may hold at most this fraction fewer rows than the last import of the same edition (or the
# edition before): beyond it, the upstream file is taken for truncated.
IMPORT_SHRINK_TOLERANCE = 0.05
# Tables that must have at least one data row.
NON_EMPTY = ("sources", "minerals", "production", "reserves", "demand", "supply_projection", "democracy_index")
NOTE_SEPARATOR = " | "  # between the per-measure clauses of a note ("measure: reason"); reasons may hold ";"
T_PER_KT = 1000.0  # tonnes in a thousand tonnes (USGS figures are t, IEA figures kt)

# Upstream USGS value codes and what they mean (MCS 2026 metadata, value codes).
# A code is kept beside an empty value: it is never turned into a number.
USGS_CODES = {
    "W": "withheld to avoid disclosing company proprietary data",
    "NA": "not available",
    "XX": "world total not calculable",
    "E": "net exporter",
    "s": "very small",
    "—": "zero: the USGS dash, defined as zero in the MCS metadata (kept as a code beside value_t = 0)",
    "Large": "large (no figure published)",
    "Moderate": "moderate (no figure published)",
    "Moderate to large": "moderate to large (no figure published)",
    "Small": "small (no figure published)",
    "included in world total": "not reported separately; included in the world total",
    ">": "lower bound: the true figure is above low_t",
    "<": "upper bound: the true figure is below high_t",
    "range": "range: the true figure lies between low_t and high_t",
}

ROW_KINDS = ("country", "other_countries", "world_total")
# What a USGS country table counts, in supply-chain order: minerals are grouped by it after demand scope.
STAGES = ("mine", "refinery", "smelter")

# Sufficiency measures whose numerator and denominator can count different things
# (declared per mineral in comparability.csv), and what can be done about it.
COMPARABLE_MEASURES = ("production_sufficiency", "projected_sufficiency", "reserves_sufficiency",
                       "refining_sufficiency")
TREATMENTS = ("not_comparable", "iea_mining_supply")


@dataclass(frozen=True)
class Field:
    """One column: its type, unit and constraints."""

    name: str
    dtype: str  # "str", "int", "float" or "bool"
    description: str
    unit: str = ""
    required: bool = True
    allowed: tuple = ()
    pattern: str = ""
    minimum: float = None  # plausibility: the smallest value accepted
    maximum: float = None


@dataclass(frozen=True)
class Table:
    """One curated table in `data/`."""

    name: str
    file: str
    description: str
    fields: tuple
    primary_key: tuple

    @property
    def columns(self):
        return [f.name for f in self.fields]

    def field(self, name):
        return next(f for f in self.fields if f.name == name)


def _f(*args, **kwargs):
    return Field(*args, **kwargs)


SOURCE_ID = _f("source_id", "str", "Id of the entry in sources.csv that this figure comes from.")
MINERAL = _f("mineral", "str", "Mineral slug (minerals.csv); stable, used in URLs.")
COUNTRY = _f("country_iso3", "str", "ISO 3166-1 alpha-3 code; empty for aggregate rows.",
             required=False, pattern=ISO3_PATTERN)


def _usgs_fields(year_description):
    return (
        MINERAL,
        _f("row_kind", "str", "country, or the USGS aggregates 'other_countries' and 'world_total'.",
           allowed=ROW_KINDS),
        COUNTRY,
        _f("year", "int", year_description, minimum=FIRST_YEAR, maximum=LAST_DATA_YEAR),
        _f("value_t", "float", "The figure, in tonnes of the mineral's basis; empty when the USGS gives a code.",
           unit="t", required=False, minimum=0),
        _f("low_t", "float", "Lower end of a range or lower bound.", unit="t", required=False, minimum=0),
        _f("high_t", "float", "Upper end of a range or upper bound.", unit="t", required=False, minimum=0),
        _f("code", "str", "Upstream code when there is no plain figure (see USGS_CODES).",
           required=False, allowed=tuple(USGS_CODES)),
        _f("estimated", "bool", "True where the USGS marks the figure as estimated."),
        _f("edition", "int", "USGS Mineral Commodity Summaries edition the figure is taken from.",
           minimum=FIRST_YEAR, maximum=LAST_DATA_YEAR),
        SOURCE_ID,
        _f("reported_as", "str", "The cell exactly as published, with its unit.", required=False),
        _f("note", "str", "The USGS note for this row.", required=False),
    )


TABLES = {
    t.name: t
    for t in (
        Table("sources", "sources.csv", "Every publication a figure comes from.", (
            _f("source_id", "str", "Stable id, cited by every row of every table."),
            _f("title", "str", "Title of the publication or data release."),
            _f("publisher", "str", "Publisher."),
            _f("edition", "str", "Edition or version.", required=False),
            _f("published", "str", "Publication date (ISO 8601); empty where the page carries none.",
               required=False, pattern=DATE_PATTERN),
            _f("url", "str", "URL or DOI link.", pattern=r"https?://\S+"),
            _f("licence", "str", "Licence of the source data."),
            _f("citation", "str", "Citation text."),
        ), ("source_id",)),
        Table("minerals", "minerals.csv", "The minerals covered, with their basis and upstream names.", (
            _f("mineral", "str", "Slug, stable, used in URLs.", pattern=r"[a-z0-9-]+"),
            _f("name", "str", "Display name."),
            _f("basis", "str", "What one tonne counts (e.g. 'Li content')."),
            _f("usgs_commodity", "str", "Commodity name in the USGS MCS 2026 long file."),
            _f("usgs_commodity_2025", "str", "COMMODITY in the USGS MCS 2025 world file."),
            _f("usgs_file_code", "str", "Commodity code of the MCS 2023/2024 per-commodity files."),
            _f("iea_demand_name", "str", "Mineral name in the IEA data explorer."),
            _f("iea_demand_scope", "str", "Widest demand scope the IEA publishes for it.",
               allowed=("total", "cleantech")),
            _f("iea_supply_name", "str", "Mineral name in the IEA supply tables.", required=False),
            _f("basis_note", "str", "What is compared when USGS supply is divided by IEA demand.",
               required=False),
            _f("stage", "str", "Supply-chain stage the USGS country table counts: mine output, or refinery or "
               "smelter output where the USGS publishes no mine table.", allowed=STAGES),
            _f("critical_2025", "bool", "On the USGS 2025 list of critical minerals (the MCS 2026 data release's "
               "'Is critical mineral 2025' column, checked by the USGS importer)."),
            _f("usgs_production", "str", "Pattern (regular expression, any case) the USGS production rows' type "
               "or detail matches in every layout, e.g. 'mine production' or 'primary production'."),
            _f("usgs_reserves", "str", "Pattern the MCS 2026 reserves detail matches where the table has more "
               "than one reserves series; empty: every reserves row.", required=False),
        ), ("mineral",)),
        Table("production", "production.csv",
              "USGS mine production by country; each year from the newest edition that covers it.",
              _usgs_fields("Production year."), ("mineral", "row_kind", "country_iso3", "year")),
        Table("reserves", "reserves.csv", "USGS reserves by country, one set per edition.",
              _usgs_fields("Year the reserves are stated for (edition year − 1)."),
              ("mineral", "row_kind", "country_iso3", "year")),
        Table("demand", "demand.csv", "IEA demand by scenario and year.", (
            MINERAL,
            _f("scenario", "str", "IEA scenario; the 2024 base-year value is repeated in each.",
               allowed=SCENARIOS),
            _f("year", "int", "Year (2024 is the observed base year).", minimum=FIRST_YEAR,
               maximum=LAST_PROJECTION_YEAR),
            _f("scope", "str", "total = all uses; cleantech = clean-energy technologies only.",
               allowed=("total", "cleantech")),
            _f("demand_kt", "float", "Demand, thousand tonnes of contained mineral.", unit="kt", minimum=0),
            SOURCE_ID,
        ), ("mineral", "scenario", "year", "scope")),
        Table("supply_projection", "supply_projection.csv",
              "IEA base-case supply by country (top producers plus rest of world).", (
                  MINERAL,
                  _f("stage", "str", "Supply-chain stage.", allowed=("mining", "refining")),
                  _f("row_kind", "str", "country or rest_of_world.", allowed=("country", "rest_of_world")),
                  COUNTRY,
                  _f("year", "int", "Year.", minimum=FIRST_YEAR, maximum=LAST_PROJECTION_YEAR),
                  _f("supply_kt", "float", "Supply, thousand tonnes.", unit="kt", minimum=0),
                  SOURCE_ID,
              ), ("mineral", "stage", "row_kind", "country_iso3", "year")),
        Table("partnership_members", "partnerships.yaml",
              "Members of each listed partnership (rule-based ones are derived at load).", (
                  _f("partnership", "str", "Partnership slug."),
                  _f("country_iso3", "str", "Member country.", pattern=ISO3_PATTERN),
                  _f("since", "str", "Date the member joined; empty when not published.",
                     required=False, pattern=DATE_PATTERN),
                  _f("note", "str", "Note on the membership.", required=False),
                  _f("source_id", "str", "Source of this member's date, where it is not the partnership's own.",
                     required=False),
              ), ("partnership", "country_iso3")),
        Table("democracy_index", "democracy_index.csv", "EIU Democracy Index scores (via OWID).", (
            _f("country_iso3", "str", "ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN),
            _f("year", "int", "Year of the index.", minimum=FIRST_YEAR, maximum=LAST_DATA_YEAR),
            _f("democracy_score", "float", "EIU score, 0 (authoritarian) to 10 (full democracy).", minimum=0,
               maximum=10),
            SOURCE_ID,
        ), ("country_iso3", "year")),
        Table("country_names", "country_names.csv",
              "Upstream country names that pycountry does not resolve, mapped by hand.", (
                  _f("name", "str", "The name as an upstream file spells it."),
                  _f("country_iso3", "str", "ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN),
                  _f("reason", "str", "Why the mapping is needed."),
              ), ("name",)),
        Table("corrections", "corrections.csv",
              "Known upstream defects, fixed at import, each with its reason.", (
                  _f("edition", "int", "USGS edition the correction applies to."),
                  MINERAL,
                  _f("country", "str", "Country as spelled upstream."),
                  _f("column", "str", "Upstream column (or statistic) corrected."),
                  _f("value", "str", "Value to use instead of the published cell."),
                  _f("reason", "str", "Why."),
              ), ("edition", "mineral", "country", "column")),
        Table("countries_of_concern", "countries_of_concern.csv",
              "Countries never offered as partners: the dependency friendshoring is meant to replace.", (
                  _f("country_iso3", "str", "ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN),
                  _f("designation", "str", "The legal designation that makes it a country of concern."),
                  SOURCE_ID,
              ), ("country_iso3",)),
        Table("comparability", "comparability.csv",
              "Measures whose two sides count different things, and what the engine does about it.", (
                  MINERAL,
                  _f("measure", "str", "The sufficiency.csv column concerned.", allowed=COMPARABLE_MEASURES),
                  _f("treatment", "str", "not_comparable: published, flagged and kept out of every headline; "
                     "iea_mining_supply: the numerator is the IEA's base-year mine supply of the members it names, "
                     "on the same basis as its demand.", allowed=TREATMENTS),
                  _f("reason", "str", "Why, in a sentence a reader sees beside the figure."),
              ), ("mineral", "measure")),
        Table("change_exceptions", "change_exceptions.csv",
              "Country figures that really do move more than MAX_CHANGE times between years or editions, "
              "each with its reason.", (
                  _f("table", "str", "production, reserves or refinery_production.",
                     allowed=("production", "reserves", "refinery_production")),
                  MINERAL,
                  _f("country_iso3", "str", "ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN),
                  _f("year", "int", "The later of the two years (or the year revised by a newer edition)."),
                  _f("reason", "str", "Why the change is real."),
              ), ("table", "mineral", "country_iso3", "year")),
        Table("world_total_exceptions", "world_total_exceptions.csv",
              "Mineral-years whose countries do not sum to the USGS world total, with the reason.", (
                  _f("table", "str", "production, reserves or refinery_production.",
                     allowed=("production", "reserves", "refinery_production")),
                  MINERAL,
                  _f("year", "int", "Year."),
                  _f("rule", "str", "excludes_usa: the world total leaves out US production; "
                     "skip: the check does not apply.", allowed=("excludes_usa", "skip")),
                  _f("reason", "str", "Why."),
              ), ("table", "mineral", "year")),
    )
}

# Minerals outside the engine and the rare-earth elements (issue 17): what the IEA's clean-technology demand covers
# beyond the minerals the engine measures, with China's export licences where a source confirms one.
EXPORT_LICENCE = ("licence", "none_found", "not_confirmed")
_EXPORT_FIELDS = (
    _f("export_licence", "str", "licence: an export licence is required (export_measure says which measure); "
       "none_found: no measure in the sources consulted; not_confirmed: no source confirms the status.",
       allowed=EXPORT_LICENCE),
    _f("export_measure", "str", "The measure and its dates, as the source gives them."),
    _f("status_as_of", "str", "Date of the latest source that confirms the status.", required=False,
       pattern=DATE_PATTERN),
    _f("source_id", "str", "Source of the measure (sources.csv).", required=False),
    _f("status_source_id", "str", "Source of the status at status_as_of (sources.csv).", required=False),
)
TABLES.update({t.name: t for t in (
    Table("minerals_outside", "minerals_outside.csv",
          "IEA clean-technology minerals the engine does not measure: those whose USGS table has no reserves "
          "(refinery or smelter stage) and those with no USGS table by country. Each has its own page.", (
              _f("mineral", "str", "Slug, stable, used in URLs.", pattern=r"[a-z0-9-]+"),
              _f("name", "str", "Display name."),
              _f("stage", "str", "What the USGS country table counts; empty where there is none.", required=False,
                 allowed=STAGES),
              _f("basis", "str", "What one tonne of the USGS figure counts.", required=False),
              _f("usgs_commodity", "str", "Commodity name in the USGS MCS 2026 long file."),
              _f("usgs_commodity_2025", "str", "COMMODITY in the USGS MCS 2025 world file.", required=False),
              _f("usgs_file_code", "str", "Commodity code of the MCS 2023/2024 per-commodity files.", required=False),
              _f("usgs_production", "str", "Pattern the USGS production rows match (as in minerals.csv); empty: "
                 "no USGS table by country.", required=False),
              _f("iea_demand_name", "str", "Mineral name in the IEA data explorer (cleantechByMineral)."),
              _f("critical_2025", "bool", "On the USGS 2025 list of critical minerals (checked by the USGS importer)."),
              _f("usgs_published", "str", "What the USGS publishes for it, in a sentence a reader sees."),
              _f("why_outside", "str", "Why the engine does not measure it."),
              _f("basis_note", "str", "What the USGS and IEA figures count, shown beside them."),
              *_EXPORT_FIELDS,
          ), ("mineral",)),
    Table("rare_earth_elements", "rare_earth_elements.csv",
          "The rare-earth elements the IEA gives clean-technology demand for, light or heavy.", (
              _f("element", "str", "Slug.", pattern=r"[a-z0-9-]+"),
              _f("mineral", "str", "The mineral of minerals.csv whose page shows the element."),
              _f("name", "str", "Display name."),
              _f("symbol", "str", "Chemical symbol."),
              _f("group", "str", "light or heavy rare earth.", allowed=("light", "heavy")),
              _f("iea_demand_name", "str", "Name in the IEA data explorer (cleantechByMineral)."),
              *_EXPORT_FIELDS,
              _f("note", "str", "Note.", required=False),
          ), ("element",)),
    Table("cleantech_demand", "cleantech_demand.csv",
          "IEA clean-technology demand of the rare-earth elements and of the minerals outside the engine.", (
              _f("item", "str", "A rare-earth element (rare_earth_elements.csv) or a mineral of minerals_outside.csv."),
              _f("scenario", "str", "IEA scenario; the 2024 base-year value is repeated in each.", allowed=SCENARIOS),
              _f("year", "int", "Year (2024 is the observed base year).", minimum=FIRST_YEAR,
                 maximum=LAST_PROJECTION_YEAR),
              _f("demand_kt", "float", "Clean-technology demand, thousand tonnes of contained element.", unit="kt",
                 minimum=0),
              SOURCE_ID,
          ), ("item", "scenario", "year")),
    Table("refinery_production", "refinery_production.csv",
          "USGS refinery or smelter production by country of the minerals outside the engine; each year from the "
          "newest edition that covers it.", _usgs_fields("Production year."),
          ("mineral", "row_kind", "country_iso3", "year")),
)})

# Countries plus "other countries" must sum to the USGS world total within this
# fraction: USGS rounds world totals to two or three significant figures.
WORLD_TOTAL_TOLERANCE = 0.06
