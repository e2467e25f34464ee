"""Every curated table and every published column, declared once.

Validation (`load.py`), the methodology and data pages and the download files
all read these declarations, so the documentation cannot drift from the code.
"""

from dataclasses import dataclass

ISO3_PATTERN = r"[A-Z]{3}"
# ASCII digits only: Python's \d also matches other scripts' digits (Arabic-Indic ٢٠٢٦), which int() reads, so a
# date written in them would pass the calendar check and slip past every string comparison of dates.
DATE_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
DAY_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"  # a date to the day; a real calendar date, like DATE_PATTERN
# The IEA scenarios named so far, least to most ambitious: the order views, selectors and tables give them. The
# scenarios themselves come from demand.csv: a new one in the IEA's next dataset loads, and follows these.
SCENARIOS = ("STEPS", "APS", "NZE")
SCENARIO_PATTERN = r"[A-Z][A-Za-z0-9]*"  # an IEA scenario code, such as NZE
SCENARIO_NAMES = {
    "STEPS": "Stated Policies Scenario",
    "APS": "Announced Pledges Scenario",
    "NZE": "Net Zero Emissions by 2050 Scenario (1.5 °C)",
}
MILESTONE_YEARS = (2030, 2035, 2040, 2045, 2050)
HORIZON_YEAR = MILESTONE_YEARS[-1]  # cumulative demand, and so reserves cover, run to the IEA's last milestone
HISTORY_START_YEAR = 2021  # past growth (historical_cagr) runs from this year to the base year
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
# Tables that must have at least one data row (countries_of_concern.csv too: empty, it would rank China as a
# candidate and leave a sentence without its countries).
NON_EMPTY = ("sources", "minerals", "production", "reserves", "demand", "supply_projection", "democracy_index",
             "countries_of_concern")
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
# How a sentence says a country produced at each stage: "China refined 100% of the world's gallium".
STAGE_VERBS = {"mine": "mined", "refinery": "refined", "smelter": "smelted"}
# The `stage` the published shares and concentration name for a mineral's USGS output: never "mining" for a
# mineral whose USGS table counts a refinery's or smelter's output.
OUTPUT_STAGE = {"mine": "mining", "refinery": "refinery", "smelter": "smelter"}
OUTPUT_LABELS = {"mine": "Mine output", "refinery": "Refinery output", "smelter": "Smelter output"}

# Sufficiency measures whose numerator and denominator can count different things
# (declared per mineral in comparability.csv), and what can be done about it.
COMPARABLE_MEASURES = ("production_sufficiency", "projected_sufficiency", "reserves_sufficiency",
                       "refining_sufficiency", "reserve_life_years")
TREATMENTS = ("not_comparable", "iea_mining_supply", "stage_output")


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
    format: str = ""  # how the site prints it: a key of measures.FORMATS ("" for a column it never prints)


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
           unit="t", required=False, minimum=0, format="tonnes"),
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
            _f("basis", "str", "What one tonne of the USGS figures counts (e.g. 'Li content')."),
            _f("iea_basis", "str", "What one tonne of the IEA's figures counts, where it is not the same as basis "
               "(rare earths: the four magnet rare earths); empty where it is.", required=False),
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
            _f("scenario", "str", "IEA scenario code (STEPS, APS, NZE in the 2025 dataset); the 2024 base-year "
               "value is repeated in each.", pattern=SCENARIO_PATTERN),
            _f("year", "int", "Year (2024 is the observed base year).", minimum=FIRST_YEAR,
               maximum=LAST_PROJECTION_YEAR),
            _f("scope", "str", "total = all uses; cleantech = clean-energy technologies only.",
               allowed=("total", "cleantech")),
            _f("demand_kt", "float", "Demand, thousand tonnes of contained mineral.", unit="kt", minimum=0,
               format="kt"),
            SOURCE_ID,
        ), ("mineral", "scenario", "year", "scope")),
        Table("supply_projection", "supply_projection.csv",
              "IEA base-case supply by country (top producers plus rest of world).", (
                  MINERAL,
                  _f("stage", "str", "Supply-chain stage.", allowed=("mining", "refining")),
                  _f("row_kind", "str", "country, rest_of_world, or world_total (the IEA's stated world total: "
                     "where the rows sum above it, rest of world is read as the remainder).",
                     allowed=("country", "rest_of_world", "world_total")),
                  COUNTRY,
                  _f("year", "int", "Year.", minimum=FIRST_YEAR, maximum=LAST_PROJECTION_YEAR),
                  _f("supply_kt", "float", "Supply, thousand tonnes.", unit="kt", minimum=0, format="kt"),
                  SOURCE_ID,
              ), ("mineral", "stage", "row_kind", "country_iso3", "year")),
        Table("partnerships", "partnerships.yaml",
              "One entry per partnership (YAML): these keys and no others; exactly one of members, rule or "
              "members_as_of.", (
                  _f("partnership", "str", "Slug, stable, used in URLs.", pattern=r"[a-z0-9-]+"),
                  _f("name", "str", "Display name."),
                  _f("short_name", "str", "Name in tables and chart legends."),
                  _f("description", "str", "One or two sentences a reader sees on its page."),
                  _f("as_of", "str", "Date the membership was checked against the source (YYYY-MM-DD).",
                     pattern=DAY_PATTERN),
                  _f("source_id", "str", "Source of the membership (sources.csv)."),
                  _f("members", "list", "The members, each a mapping with the keys of a member (below).", required=False),
                  _f("rule", "str", "Members derived at load instead of listed: eiu_democracy (EIU score above 6 "
                     "in the index's latest full year).", required=False, allowed=("eiu_democracy",)),
                  _f("members_as_of", "str", "Slug of another partnership whose members with a since on or before "
                     "as_of this one takes.", required=False),
                  _f("ended", "str", "Date it stopped being current.", required=False, pattern=DATE_PATTERN),
                  _f("status_note", "str", "What replaced it.", required=False),
                  _f("status_source_id", "str", "Where that is published (sources.csv).", required=False),
                  _f("tie", "str", "How membership reads beside a candidate country (e.g. 'US FTA').",
                     required=False),
                  _f("headline", "bool", "true on the one partnership the home page quotes.", required=False),
                  _f("finding", "bool", "true on each partnership whose findings the home page states, in this "
                     "file's order.", required=False),
                  _f("eu_note", "str", "How the European Union takes part.", required=False),
                  _f("territories", "str", "counted or not_counted: whether members' territories count with them "
                     "(not declared reads as not counted).", required=False, allowed=("counted", "not_counted")),
                  _f("territories_note", "str", "The source or the stated judgement behind `territories`.",
                     required=False),
              ), ("partnership",)),
        Table("partnership_member", "partnerships.yaml",
              "One member in a partnership's members list (YAML): these keys and no others.", (
                  _f("country", "str", "ISO 3166-1 alpha-3 code of the member.", pattern=ISO3_PATTERN),
                  _f("since", "str", "Date the member joined (YYYY, YYYY-MM or YYYY-MM-DD), on or before the "
                     "partnership's as_of; empty when not published.", required=False, pattern=DATE_PATTERN),
                  _f("note", "str", "Note on the membership.", required=False),
                  _f("source_id", "str", "Source of this member's date, where it is not the partnership's own.",
                     required=False),
              ), ("country",)),
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
            _f("democracy_score", "float", "EIU score, 0 (authoritarian) to 10 (full democracy).", minimum=0, format="score",
               maximum=10),
            SOURCE_ID,
        ), ("country_iso3", "year")),
        Table("country_names", "country_names.csv",
              "Country names that pycountry does not resolve, mapped by hand: as upstream files spell them, and the "
              "short names readers type on the build page (UK, DRC).", (
                  _f("name", "str", "The name as an upstream file spells it, or as a reader types it."),
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
                     "on the same basis as its demand; stage_output: the numerator is the members' USGS refinery or smelter "
                     "output (the mineral's stage), set against IEA demand on the same metal-content basis: comparable, "
                     "with the stage said beside every figure.", allowed=TREATMENTS),
                  _f("reason", "str", "Why, in a sentence a reader sees beside the figure."),
              ), ("mineral", "measure")),
        Table("change_exceptions", "change_exceptions.csv",
              "Figures that really do move more than MAX_CHANGE times between years, between editions, or since "
              "the last commit, each with its reason.", (
                  _f("table", "str", "The table of the figure.", allowed=("production", "reserves",
                                                                         "refinery_production", "demand",
                                                                         "supply_projection", "cleantech_demand")),
                  _f("mineral", "str", "Mineral slug (the item, for cleantech_demand)."),
                  _f("country_iso3", "str", "ISO 3166-1 alpha-3 code; empty for a row with no country (demand, "
                     "the IEA's rest of world).", pattern=ISO3_PATTERN, required=False),
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

# The keys of a member in partnerships.yaml, and the partnership_members column each fills.
MEMBER_KEYS = dict(zip(TABLES["partnership_member"].columns, TABLES["partnership_members"].columns[1:]))

# Minerals outside the engine and the rare-earth elements (issue 17): what the IEA's clean-technology demand covers
# beyond the minerals the engine measures. Their export measures are rows of export_controls.csv (issue 26): every
# status sentence is written from those rows at the as-of date, never held here.
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
          ), ("mineral",)),
    Table("rare_earth_elements", "rare_earth_elements.csv",
          "The rare-earth elements the IEA gives clean-technology demand for, light or heavy.", (
              _f("element", "str", "Slug.", pattern=r"[a-z0-9-]+"),
              _f("mineral", "str", "The mineral of minerals.csv whose page shows the element."),
              _f("name", "str", "Display name."),
              _f("symbol", "str", "Chemical symbol."),
              _f("group", "str", "light or heavy rare earth.", allowed=("light", "heavy")),
              _f("iea_demand_name", "str", "Name in the IEA data explorer (cleantechByMineral)."),
              _f("in_supply_basis", "bool", "Counted in the IEA's magnet rare earths, the basis of the page's supply "
                 "figures: the share under a measure on some elements is weighted by demand over these."),
              _f("note", "str", "Note.", required=False),
          ), ("element",)),
    Table("cleantech_demand", "cleantech_demand.csv",
          "IEA clean-technology demand of the rare-earth elements and of the minerals outside the engine.", (
              _f("item", "str", "A rare-earth element (rare_earth_elements.csv) or a mineral of minerals_outside.csv."),
              _f("scenario", "str", "IEA scenario code; the 2024 base-year value is repeated in each.",
                 pattern=SCENARIO_PATTERN),
              _f("year", "int", "Year (2024 is the observed base year).", minimum=FIRST_YEAR,
                 maximum=LAST_PROJECTION_YEAR),
              _f("demand_kt", "float", "Clean-technology demand, thousand tonnes of contained element.", unit="kt",
                 minimum=0, format="kt"),
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

# --- Policy facts (issue 15): sanctions, territories, export measures, each row dated and sourced -------------

# The EIU Democracy Index score a candidate must reach to be ranked: 4 is the lower edge of the EIU's "hybrid
# regime" band (below it, "authoritarian"). Declared once; focus.py, the pages and the tests read it from here.
MIN_CANDIDATE_SCORE = 4.0
EXPORT_STAGES = ("ore", "refined", "products", "technology")
EXPORT_KINDS = ("licence", "ban", "quota", "ban_one_country")
EXPORT_STATUSES = ("in_force", "scheduled", "suspended", "lifted", "not_confirmed")
# A status last confirmed more than this many months before the as-of date is not taken as current: it prints "in
# force when last confirmed (date)", is kept out of every share under a measure in force, and `check` lists it for
# re-confirmation. Declared once; export_measures.py, policy_rules.py, the pages and the tests read it from here.
CONFIRMATION_MAX_AGE_MONTHS = 12
# The rare earths by chemical symbol: a measure on some of them names them in export_controls.csv `elements`.
RARE_EARTH_SYMBOLS = ("Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
                      "Lu")
SANCTION_STATUSES = ("in_force", "lifted")
TERRITORY_RULES = ("not_counted", "counted")

TABLES.update({t.name: t for t in (
    Table("as_of", "as_of.csv",
          "The site's as-of date: the day every policy fact (sanctions, export measures, agreements) was last checked "
          "against its source. One row.", (
              _f("as_of", "str", "The as-of date (YYYY-MM-DD).", pattern=DAY_PATTERN),
              _f("note", "str", "What was checked on that date."),
          ), ("as_of",)),
    Table("sanctions", "sanctions.csv",
          "Comprehensive US sanctions or embargo programmes, by country, with their legal source: a country under one "
          "in force is never ranked as a candidate.", (
              _f("country_iso3", "str", "ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN),
              _f("programme", "str", "The programme as OFAC names it."),
              _f("legal_source", "str", "The regulations or order that impose it (e.g. 31 CFR part 515)."),
              _f("status", "str", "Status at the as-of date.", allowed=SANCTION_STATUSES),
              _f("status_date", "str", "Date the status took effect or was last confirmed.", pattern=DATE_PATTERN),
              _f("note", "str", "What changed, where it did.", required=False),
              SOURCE_ID,
          ), ("country_iso3",)),
    Table("territories", "territories.csv",
          "Territories the USGS reports apart from their sovereign state: shown with the state they belong to, and "
          "never offered as candidates to a partnership their sovereign is in.", (
              _f("territory_iso3", "str", "The territory's own ISO 3166-1 alpha-3 code.", pattern=ISO3_PATTERN),
              _f("sovereign_iso3", "str", "The state it belongs to.", pattern=ISO3_PATTERN),
              _f("status", "str", "Its status within that state, in a few words."),
              _f("basis", "str", "Where the status is stated: a source, or 'judgement' with the reasoning in status."),
              SOURCE_ID,
          ), ("territory_iso3",)),
    Table("export_controls", "export_controls.csv",
          "Export measures on the minerals and their products, one row per measure × mineral × stage, each with its "
          "dates, its status at the as-of date and its source.", (
              _f("measure_id", "str", "Stable id of the measure (country, issuer, year, number).", pattern=r"[A-Za-z0-9-]+"),
              _f("country_iso3", "str", "Country imposing the measure.", pattern=ISO3_PATTERN),
              _f("instrument", "str", "The legal instrument (announcement, regulation, decision)."),
              _f("items", "str", "What the measure covers, as the instrument describes it.", format="text"),
              _f("mineral", "str", "The site's mineral the items touch (minerals.csv or minerals_outside.csv); empty for "
                 "items of minerals the site does not cover (antimony, bismuth, …).", required=False),
              _f("elements", "str", "The elements of the mineral the measure covers, by chemical symbol separated by "
                 "';' (rare earths: Sm;Gd;Tb;Dy;Lu;Sc;Y); empty when it covers the whole mineral. The share under "
                 "the measure counts only these, weighted by element demand.", required=False,
                 pattern=r"[A-Z][a-z]?(;[A-Z][a-z]?)*"),
              _f("stage", "str", "ore (ore, concentrate and mine intermediates such as cobalt hydroxide), refined "
                 "(refined metals, oxides and chemicals), products (magnets, batteries, anodes, alloys), technology.",
                 allowed=EXPORT_STAGES),
              _f("kind", "str", "licence (exports need a licence), ban, quota, or ban_one_country (aimed at the country "
                 "in target_iso3).", allowed=EXPORT_KINDS),
              _f("target_iso3", "str", "The country a measure is aimed at (always given for ban_one_country).", required=False,
                 pattern=ISO3_PATTERN),
              _f("announced", "str", "Date announced.", pattern=DATE_PATTERN),
              _f("in_force", "str", "Date in force; empty when it never took effect.", required=False,
                 pattern=DATE_PATTERN),
              _f("status", "str", "Status at the as-of date: in_force, scheduled (in_force is a date after the as-of "
                 "date), suspended (until status_until), lifted, or not_confirmed (no source found for the status "
                 "at the as-of date). The pages write every status sentence from this row at the as-of date.",
                 allowed=EXPORT_STATUSES),
              _f("status_until", "str", "End date of a suspension.", required=False, pattern=DATE_PATTERN),
              _f("status_confirmed", "str", "Date the status was last confirmed against a source (or, for "
                 "not_confirmed, the date of the last status a source gave). More than CONFIRMATION_MAX_AGE_MONTHS "
                 "before the as-of date, an in_force status is printed as 'in force when last confirmed' and not "
                 "counted.", pattern=DATE_PATTERN),
              _f("status_note", "str", "What the latest source says, and what is not confirmed; history in the past "
                 "tense (the status itself is written from the columns above).", required=False),
              SOURCE_ID,
              _f("status_source_id", "str", "Source of the status, where it is not the measure's own.", required=False),
          ), ("measure_id", "mineral", "stage")),
    Table("control_notes", "control_notes.csv",
          "Where a country's mines are largely owned from elsewhere: a note shown beside the mining shares, which count "
          "where the mine is, not who owns it. A controlled-share figure appears only with a citable source.", (
              MINERAL,
              _f("country_iso3", "str", "Country where the mines are.", pattern=ISO3_PATTERN),
              _f("note", "str", "The note, as its source supports it."),
              SOURCE_ID,
          ), ("mineral", "country_iso3")),
)})

# --- Where the United States buys today (issue 27): USGS import sources and net import reliance ---------------

# Codes of the USGS import-source and net-import-reliance cells (MCS 2026 metadata): kept beside an empty value,
# never turned into a number; a bound keeps its figure in low_pct or high_pct.
IMPORT_CODES = {
    ">": "lower bound: the true share is above low_pct (the USGS '>50', '>99')",
    "<": "upper bound: the true share is below high_pct (the USGS '<25', '<1')",
    "E": "net exporter: exports exceed imports, no reliance",
    "NA": "not available",
    "s": "very small",
    "—": "zero: the USGS dash (kept as a code beside value 0)",
}
LIST_SEPARATOR = ";"  # between the items of a list cell in import_basis.csv (forms may hold commas)
_PERCENT = dict(unit="percent", required=False, minimum=0, maximum=100)

TABLES.update({t.name: t for t in (
    Table("import_sources", "import_sources.csv",
          "USGS import sources of the United States: each country's share of US imports of a product form over the "
          "period, as the Mineral Commodity Summaries give them (one row per country, and 'other countries').", (
              _f("mineral", "str", "Mineral slug (minerals.csv or minerals_outside.csv)."),
              _f("edition", "int", "USGS Mineral Commodity Summaries edition.", minimum=FIRST_YEAR,
                 maximum=LAST_DATA_YEAR),
              _f("period", "str", "Years the shares are of (first-last).", pattern=r"\d{4}-\d{4}"),
              _f("form", "str", "Product form, as the USGS names it ('All', 'Metal', 'Refined copper', …)."),
              _f("row_kind", "str", "country, or the USGS aggregate 'other_countries'.",
                 allowed=("country", "other_countries")),
              COUNTRY,
              _f("share_pct", "float", "Share of US imports of the form over the period; empty where the USGS gives a "
                 "bound or a code.", **_PERCENT),
              _f("low_pct", "float", "Lower bound (the USGS '>99').", **_PERCENT),
              _f("high_pct", "float", "Upper bound (the USGS '<1').", **_PERCENT),
              _f("code", "str", "Upstream code where there is no plain figure (see IMPORT_CODES).", required=False,
                 allowed=tuple(IMPORT_CODES)),
              SOURCE_ID,
              _f("reported_as", "str", "The cell exactly as published."),
              _f("note", "str", "The USGS note for this row ('Includes Hong Kong.').", required=False),
          ), ("mineral", "edition", "form", "row_kind", "country_iso3")),
    Table("import_reliance", "import_reliance.csv",
          "USGS net import reliance of the United States (imports less exports, as a percentage of consumption); each "
          "year from the newest edition that gives it.", (
              _f("mineral", "str", "Mineral slug (minerals.csv or minerals_outside.csv)."),
              _f("series", "str", "The series as the MCS 2026 data release names it, with the consumption basis "
                 "('… as a percentage of apparent consumption: Compounds and metals')."),
              _f("year", "int", "Year.", minimum=FIRST_YEAR, maximum=LAST_DATA_YEAR),
              _f("value_pct", "float", "Net import reliance; empty where the USGS gives a bound or a code.",
                 **_PERCENT),
              _f("low_pct", "float", "Lower bound (the USGS '>50').", **_PERCENT),
              _f("high_pct", "float", "Upper bound (the USGS '<25').", **_PERCENT),
              _f("code", "str", "Upstream code where there is no plain figure (see IMPORT_CODES).", required=False,
                 allowed=tuple(IMPORT_CODES)),
              _f("estimated", "bool", "True where the USGS marks the figure as estimated."),
              _f("edition", "int", "USGS Mineral Commodity Summaries edition the figure is taken from.",
                 minimum=FIRST_YEAR, maximum=LAST_DATA_YEAR),
              SOURCE_ID,
              _f("reported_as", "str", "The cell exactly as published, with the file's column where it is not MCS "
                 "2026's."),
              _f("note", "str", "The USGS note (how net imports are defined).", required=False),
          ), ("mineral", "series", "year")),
    Table("import_basis", "import_basis.csv",
          "Per mineral, the USGS import form and reliance series that match the site's basis (several forms, "
          "platinum and palladium, separated by ';'). Hand-edited.", (
              MINERAL,
              _f("import_forms", "str", "The import_sources.csv form(s) the shares of US imports are of."),
              _f("reliance_series", "str", "The import_reliance.csv series, one per form."),
              _f("salient_columns", "str", "Pattern (regular expression, any case) of the same series' column in the "
                 "MCS 2022-2024 salient statistics files, one per form; empty: none.", required=False),
              _f("reason", "str", "Why this form matches the site's basis, in a sentence a reader sees."),
          ), ("mineral",)),
)})

# Borrowed benchmarks a largest single source is drawn against (issue 27): none is a US rule.
TARGET_STATUSES = ("confirmed", "not_confirmed")
TARGET_KINDS = ("max_single_country", "min_extraction", "min_processing", "min_recycling")
TABLES.update({t.name: t for t in (
    Table("targets", "targets.csv",
          "Diversification benchmarks others set (the EU for its consumption, the G7 for its imports), each with what it "
          "applies to and its source: the site draws the largest single source against them, labelled as borrowed.", (
              _f("target", "str", "Stable id.", pattern=r"[a-z0-9-]+"),
              _f("name", "str", "Who sets it, as a label reads."),
              _f("kind", "str", "max_single_country (at most this share from any one country: drawn against the "
                 "largest source), or min_extraction, min_processing, min_recycling (at least this share of the "
                 "owner's consumption made at home: declared, not drawn).", allowed=TARGET_KINDS),
              _f("threshold_pct", "float", "The share the benchmark sets (a maximum or a minimum, as kind says).",
                 unit="percent", minimum=0, maximum=100),
              _f("applies_to", "str", "What its owner applies it to, in a sentence a reader sees."),
              _f("year", "int", "The year it is to be met by.", minimum=FIRST_YEAR, maximum=LAST_PROJECTION_YEAR),
              _f("fact_date", "str", "Date of the instrument that sets it.", pattern=DAY_PATTERN),
              _f("status", "str", "confirmed against its source, or not_confirmed.", allowed=TARGET_STATUSES),
              _f("status_confirmed", "str", "Date it was confirmed; empty when not confirmed.", required=False,
                 pattern=DAY_PATTERN),
              SOURCE_ID,
              _f("note", "str", "What was and was not confirmed.", required=False),
          ), ("target",)),
)})
