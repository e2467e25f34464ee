"""The published tables (downloads/*.csv): columns declared once, with unit, formula, format and key.

The data page documents these columns, the methodology page the formulas, `datapackage.json` describes
them, and `check` validates every table against them before it is written. The sufficiency table's
columns come from the measure declarations (measures.py): each measure with its bound, comparability and
note beside it, so a figure printed on a page can be read back from its cell.
"""

from dataclasses import dataclass, replace

from .errors import DataError
from .imports import as_printed
from .measures import LEFT_OUT, MEASURES, QUANTITIES, two_sided
from .policy_rules import as_of_date
from .schema import STAGES, Field, TABLES


def _f(name, dtype, description, unit="", formula="", format=""):
    return Field(name, dtype, f"{description} {formula}".strip() if formula else description, unit=unit,
                 format=format)


def _copy(table, *names):
    return tuple(TABLES[table].field(n) for n in names)


def _measure_fields(measure):
    return (
        _f(measure.name, "float", measure.description, measure.unit, f"{measure.label}: {measure.formula}.",
           format=measure.format),
        _f(f"{measure.name}_bound", "str", f"'lower' where a member left out of the numerator makes "
           f"{measure.name} a lower bound (≥), 'upper' where one left out of the denominator makes it an upper "
           f"bound (≤), else empty."),
        _f(f"{measure.name}_comparable", "bool", f"false where comparability.csv declares that the two sides of "
           f"{measure.name} count different things for this mineral: published, printed 'n/c', kept out of "
           f"every headline."),
        _f(f"{measure.name}_note", "str", f"Why {measure.name} is not comparable, missing or on another basis, "
           f"in the words a reader sees beside it."),
        *((_f(f"{measure.name}_high", "float", f"The upper side of {measure.name} where the data cap it (a member "
              f"left out of the numerator, whose output the USGS 'other countries' row or the world total less the "
              f"listed figures bounds; or a world total known only from below): printed with {measure.name} as an "
              f"interval, or as '≤' where {measure.name} is missing. Empty where nothing caps it.", measure.unit,
              format=measure.format),) if two_sided(measure) else ()),
    )


SUFFICIENCY = (
    _f("mineral", "str", "Mineral slug."),
    _f("partnership", "str", "Partnership slug."),
    _f("scenario", "str", "IEA scenario code, as demand.csv names it (STEPS, APS, NZE in the 2025 dataset)."),
    _f("year", "int", "Demand year y."),
    _f("demand_scope", "str", "total (all uses) or cleantech (clean-energy technologies only: other uses are "
       "not in the denominator, so every ratio against it is marked † and counted apart)."),
    _f("base_year", "int", "Base year b: the latest USGS production year."),
    _f("reserves_year", "int", "Year of the USGS reserves used."),
    _f("supply_year", "int", "Year of S_p: b, or the IEA's base year."),
    _f("stage", "str", "What the mineral's USGS country table counts (minerals.csv stage): mine, refinery or "
       "smelter output. A refinery or smelter table has no reserves: its reserve measures are missing, with the "
       "reason in their notes."),
    _f("supply_basis", "str", "USGS mine, refinery or smelter production (the mineral's stage), or IEA mine "
       "supply."),
    _f("target_share", "float", "Share of demand the build-out aims to supply from members' mines (default 1).",
       "fraction"),
    *(_f(q.name, "float", q.description, q.unit, format={"t": "tonnes", "kt": "kt"}.get(q.unit, ""))
      for q in QUANTITIES),
    *(_f(column, "list", f"Members (ISO3, space-separated) left out: {meaning}.")
      for column, meaning in LEFT_OUT.items()),
    _f("world_total_excludes", "list", "Countries the USGS world total leaves out (world_total_exceptions.csv): "
       "a world share is then of a total without them."),
    _f("unlisted_production_share", "float", "The USGS 'other countries' share of world production at the mineral's stage: where a "
       "member is not listed, its output may be inside it.", "fraction", format="percent"),
    _f("unlisted_reserves_share", "float", "The USGS 'other countries' share of world reserves.", "fraction",
       format="percent"),
    _f("rest_of_world_share", "float", "Share of the IEA's projected world mine supply it leaves in 'rest of world' "
       "(not attributed to any country): the coverage of the projected measure.", "fraction", format="percent"),
    _f("refining_rest_of_world_share", "float", "Share of the IEA's world refined output, rest of world included, "
       "that it attributes to no country.", "fraction", format="percent"),
    *(field for measure in MEASURES for field in _measure_fields(measure)),
)

FOCUS = (
    _f("partnership", "str", "Partnership slug."),
    _f("mineral", "str", "Mineral slug."),
    _f("country_iso3", "str", "Country (or territory)."),
    _f("sovereign_iso3", "str", "For a territory (territories.csv), the state it belongs to; empty otherwise."),
    _f("role", "str", "member; candidate (a non-member that passes the screen); or excluded (never ranked: see "
       "exclusion)."),
    _f("exclusion", "str", "Why an excluded country is not ranked: country_of_concern, sanctions (comprehensive US "
       "sanctions in force, sanctions.csv), governance (EIU score below 4), no_score (no EIU score), "
       "territory_of_member (its sovereign is a member), or fails_partnership_rule (a rule-based partnership's own "
       "rule)."),
    _f("excluded_reason", "str", "The exclusion in words, with the designation, legal source or score behind it.",
       format="text"),
    _f("ties", "str", "The country's existing ties to the United States and its partners (FTA, MSP, a US "
       "minerals framework, Pax Silica, EU, …), from the partnerships it belongs to."),
    _f("democracy_score", "float", "EIU Democracy Index score the screen reads, latest year (0 to 10); a territory "
       "takes its sovereign's.", "score", format="score"),
    _f("production_t", "float", "Country's base-year production at the mineral's stage (USGS: mine, or refinery or smelter output).", "t", format="tonnes"),
    _f("reserves_t", "float", "Country's reserves (USGS).", "t", format="tonnes"),
    _f("supply_t", "float", "The supply its production gain is measured in, on the same basis as production "
       "sufficiency: USGS production at the mineral's stage, or the IEA's base-year mine supply for a mineral comparability.csv puts "
       "on that basis (missing where the IEA does not name the country).", "t", format="tonnes"),
    _f("production_gain_basis", "str", "Which supply that is, and its year."),
    _f("scenario", "str", "Scenario the gains are measured against."),
    _f("year", "int", "Demand year the production gain is measured against."),
    _f("production_sufficiency_gain", "float", "Production sufficiency the country would add if it joined.",
       "fraction", "supply_t ÷ (1000 × D(m, s, y)).", format="ratio"),
    _f("production_sufficiency_gain_comparable", "bool", "False where comparability.csv declares production "
       "sufficiency not comparable for the mineral: the gain is published but never ranked (n/c)."),
    _f("production_sufficiency_gain_note", "str", "Why the production gain is not comparable, or what its basis "
       "leaves out."),
    _f("reserves_sufficiency_gain", "float", "Reserves sufficiency the country would add if it joined.",
       "fraction", "R_c ÷ C.", format="ratio"),
    _f("reserves_sufficiency_gain_comparable", "bool", "False where reserves sufficiency is not comparable for the "
       "mineral: published but never ranked (n/c)."),
    _f("reserves_sufficiency_gain_note", "str", "Why the reserves gain is not comparable."),
    *(_f(f"{gain}_too_small", "bool", f"True for a candidate whose comparable {gain} is below 0.1 percentage point "
         "(focus.MIN_GAIN): not ranked.") for gain in ("production_sufficiency_gain", "reserves_sufficiency_gain")),
    _f("reserve_life_years", "float", "Country's reserves ÷ its production: unused reserves.", "years",
       format="years"),
    _f("rank_production", "int", "Candidates ranked by comparable production gain (1 = largest)."),
    _f("rank_reserves", "int", "Candidates ranked by comparable reserves gain (1 = largest)."),
    _f("rank_unused_reserves", "int", "Members ranked by unused reserves (reserve life; no production first)."),
)

CONCENTRATION = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "The USGS output the mineral's table counts: mining (mine output), refinery or smelter "
       "(refinery or smelter output, for a mineral with no mine table); or refining (the IEA's refined output)."),
    _f("year", "int", "Year."),
    _f("partnership", "str", "Empty for the world; else concentration among the partnership's members."),
    _f("hhi", "float", "Herfindahl–Hirschman index: 0 (dispersed) to 10,000 (one producer).", "index",
       "HHI = Σ_c (100 × share_c)².", format="index"),
    _f("top_country_iso3", "str", "Largest producer."),
    _f("top_share", "float", "Largest producer's share.", "fraction", format="percent"),
    _f("concern_share", "float", "World rows: the share held by countries of concern (countries_of_concern.csv), "
       "the dependency friendshoring is meant to replace.", "fraction", format="percent"),
    _f("world_total_excludes", "list", "Countries the world total behind the shares leaves out."),
)

SHARES = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "USGS: mining (mine output), refinery or smelter (the output of a mineral whose USGS table "
       "counts a refinery's or smelter's, in the engine or outside it), reserves; refining: the IEA's refined "
       "output."),
    _f("year", "int", "Year."),
    _f("row_kind", "str", "country, or rest_of_world (the IEA's unattributed remainder)."),
    _f("country_iso3", "str", "Country; empty for the rest of world."),
    _f("value_t", "float", "The country's figure (IEA kilotonnes × 1,000 for refining).", "t", format="tonnes"),
    _f("share", "float", "Share of the world total (USGS; the IEA total, rest of world included, for refining).",
       "fraction", format="percent"),
    _f("rank", "int", "World rank among the countries with a figure (1 = largest).", format="count"),
    _f("world_total_excludes", "list", "Countries the world total leaves out (world_total_exceptions.csv)."),
)

HEADLINE_COUNTS = (
    _f("partnership", "str", "Partnership slug."),
    _f("scenario", "str", "IEA scenario."),
    _f("year", "int", "Demand year."),
    _f("measure", "str", "production_sufficiency or reserves_sufficiency."),
    _f("group", "str", "total (like for like, against total demand), cleantech (against clean-technology demand "
       "only) or not_comparable (kept out of every count)."),
    _f("minerals", "list", "The minerals in the group."),
    _f("reached", "list", "Those whose measure is at least 1 (100 %)."),
    _f("minerals_count", "int", "How many minerals are in the group.", format="count"),
    _f("reached_count", "int", "How many of them reach 100 %.", format="count"),
)

PARTNERSHIP_LIST = (
    _f("partnership", "str", "Partnership slug."),
    _f("name", "str", "Name."),
    _f("short_name", "str", "Short name."),
    _f("member_count", "int", "Members at the as-of date.", format="count"),
    _f("as_of", "str", "Date the membership is stated for."),
    _f("source_id", "str", "Source of the membership."),
)

SUPPLY_WITHOUT = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "mining or refining."),
    _f("scenario", "str", "IEA scenario of the demand (NZE, STEPS)."),
    _f("year", "int", "Demand year y."),
    _f("basis", "str", "IEA (the IEA's base-case supply by country in year y, rest of world in the world total) for "
       "the minerals the IEA covers; USGS (base-year production at the mineral's stage) for the others."),
    _f("supply_year", "int", "Year of the supply figures: y on the IEA basis, the USGS base year otherwise."),
    _f("demand_scope", "str", "total or cleantech (clean-energy technologies only)."),
    _f("demand_t", "float", "IEA demand D(m, s, y).", "t", format="tonnes"),
    _f("world_supply_t", "float", "World supply at this stage, W.", "t", format="tonnes"),
    _f("unattributed_share", "float", "Share of W the source leaves unattributed (IEA rest of world, USGS other "
       "countries): it may include the suppliers removed, so the shares below may be overstated by up to this.",
       "fraction", format="percent"),
    _f("largest_supplier_iso3", "str", "The largest named supplier, L."),
    _f("largest_supplier_share", "float", "L's share of W.", "fraction", format="percent"),
    _f("supply_without_largest_t", "float", "W less L's supply.", "t", format="tonnes"),
    _f("share_without_largest", "float", "Share of demand the rest of the world covers without L.", "fraction",
       "(W − S_L) ÷ D.", format="ratio"),
    _f("gap_without_largest_t", "float", "Demand left uncovered without L (0 when the rest covers it).", "t",
       "max(D − (W − S_L), 0).", format="tonnes"),
    _f("concern_share", "float", "Share of W supplied by the countries of concern.", "fraction", format="percent"),
    _f("supply_without_concern_t", "float", "W less the countries of concern's supply.", "t", format="tonnes"),
    _f("share_without_concern", "float", "Share of demand the rest of the world covers without every country of "
       "concern.", "fraction", "(W − S_concern) ÷ D.",
       format="ratio"),
    _f("gap_without_concern_t", "float", "Demand left uncovered without the countries of concern.", "t",
       "max(D − (W − S_concern), 0).", format="tonnes"),
    _f("comparability_note", "str", "Why a column set against demand is not comparable."),
)


def _comparable(column):
    return _f(f"{column}_comparable", "bool", f"False where comparability.csv declares that {column} sets against "
              "demand a supply that counts something else: published, printed 'n/c', never in a headline.")


SUPPLY_WITHOUT = tuple(field for f in SUPPLY_WITHOUT for field in (
    (f, _comparable(f.name)) if f.name in ("share_without_largest", "gap_without_largest_t", "share_without_concern",
                                           "gap_without_concern_t") else (f,)))

SUPPLY_WITHOUT_GAP = (
    *(f for f in SUPPLY_WITHOUT if f.name in ("mineral", "stage", "scenario", "year")),
    _f("partnership", "str", "Partnership slug."),
    *(f for f in SUPPLY_WITHOUT if f.name in ("basis", "supply_year", "gap_without_concern_t",
                                              "gap_without_concern_t_comparable")),
    _f("partnership_supply_t", "float", "The members' own supply on the same basis and year (on the IEA basis, "
       "members the IEA does not name add nothing: a lower bound).", "t", format="tonnes"),
    _f("gap_to_partnership_supply", "float", "The gap without the countries of concern as a multiple of the "
       "partnership's own supply; missing where it supplies nothing.", "×",
       "gap_without_concern_t ÷ partnership_supply_t.", format="times"),
    _comparable("gap_to_partnership_supply"),
    *(f for f in SUPPLY_WITHOUT if f.name == "comparability_note"),
)

EXPORT_EXPOSURE = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "mining (a measure on ore, share of USGS world mine production) or refining (a measure on "
       "refined products, share of the IEA's world refined output)."),
    _f("year", "int", "Year of the shares."),
    _f("country_iso3", "str", "Country imposing the measure."),
    _f("measure_id", "str", "The measure (export_controls.csv)."),
    _f("kind", "str", "licence, ban, quota or ban_one_country."),
    _f("status", "str", "Status at the as-of date (export_controls.csv), or stale: in force on a confirmation more "
       "than CONFIRMATION_MAX_AGE_MONTHS old. Only in_force counts towards the share under export measures."),
    _f("elements", "str", "The elements the measure covers (chemical symbols); empty for the whole mineral."),
    _f("covered_fraction", "float", "The part of the country's supply the measure covers: 1 for the whole mineral, "
       "else the covered elements' share of clean-technology demand for the elements of the supply basis, in the "
       "year of the shares.", "fraction", format="percent"),
    _f("country_share", "float", "The country's share of world supply at this stage.", "fraction",
       format="percent"),
)

# A USGS row's bound end, printed as the bound the USGS code makes it: low_t of a '>' row reads '> x' (world reserves
# the USGS gives only as a lower bound), high_t of a '<' row '< x'.
CODE_BOUNDS = {("low_t", ">"): "above", ("high_t", "<"): "below"}
USGS = (*_copy("production", "mineral", "row_kind", "country_iso3", "year", "value_t"),
        *(replace(TABLES["production"].field(name), format="tonnes") for name in ("low_t", "high_t")),
        replace(TABLES["production"].field("reported_as"), format="text"),
        _f("flags", "str", "Upstream code where there is no plain figure (W withheld, NA not available, > < bounds, "
           "range, …) and 'e' where the USGS marks the figure as estimated, separated by spaces."),
        *_copy("production", "edition"),
        _f("source", "str", "Id of the source entry (sources.csv)."))

EXPORT_SHARE = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "mining or refining."),
    _f("year", "int", "Year of the shares."),
    _f("share_in_force", "float", "Share of world supply at this stage under at least one export measure in force "
       "at the as-of date (each country counted once, at the largest part of its supply a measure covers).",
       "fraction", format="percent"),
    _f("share_not_confirmed", "float", "Share in countries whose only measures have a status no source confirms.",
       "fraction", format="percent"),
)

ELEMENT_DEMAND = (
    _f("mineral", "str", "The mineral whose page shows the elements (rare-earths)."),
    _f("item", "str", "A rare-earth element (rare_earth_elements.csv), or the group light or heavy."),
    _f("scenario", "str", "IEA scenario."),
    _f("year", "int", "Year."),
    _f("demand_kt", "float", "IEA clean-technology demand (the group: the sum of its elements).", "kt", format="kt"),
    _f("share", "float", "Share of the elements' total demand.", "fraction", format="percent"),
)
OUTSIDE_SUMMARY = (
    _f("mineral", "str", "A mineral outside the engine with a USGS refinery or smelter table."),
    _f("year", "int", "Latest year of its USGS table."),
    _f("top_country_iso3", "str", "Largest producer."),
    _f("top_share", "float", "Largest producer's share of the USGS world total.", "fraction", format="percent"),
    _f("concern_share", "float", "Share held by countries of concern.", "fraction", format="percent"),
)

WORLD_TOTALS = (
    _f("mineral", "str", "Mineral slug."),
    _f("source", "str", "usgs_production, usgs_reserves (the USGS table's latest year), iea_mining or iea_refining "
       "(the IEA's supply by country)."),
    _f("year", "int", "Year."),
    _f("stated_t", "float", "The world total the source states.", "t", format="tonnes"),
    _f("parts_t", "float", "The sum of its parts: the USGS countries and 'other countries' with a figure, or all the "
       "IEA's rows, rest of world included.", "t", format="tonnes"),
    _f("world_t", "float", "The world total every share divides by.", "t", "USGS: max(stated_t, parts_t); IEA: "
       "stated_t.", format="tonnes"),
    _f("rule", "str", "stated; sum_of_parts (the rounded USGS total is below its parts); remainder (the IEA's rows "
       "sum above its total: its rest of world, already holding a country it lists, is read as the remainder)."),
    _f("double_counted_iso3", "str", "The country the IEA lists and also counts in its rest of world (remainder "
       "rows)."),
    _f("unassigned_t", "float", "USGS: what the listed countries without a figure (withheld, not available) hold "
       "together at most, the stated total less every figure and 'other countries': the upper side of a withheld "
       "member. Empty where it leaves nothing (a rounded total no larger than its listed parts caps nothing).", "t",
       "stated_t − parts_t where positive.", format="tonnes"),
    _f("world_low_t", "float", "USGS: the bound of a world total given only as '> x', or its listed parts where they "
       "are larger: a share of it is an upper bound.", "t", format="tonnes"),
)


def _interval(name, what):
    return (_f(f"{name}_low", "float", f"Share of US imports of the form {what}: low end (the countries the USGS "
               "names, at their lower bounds).", "fraction", format="percent"),
            _f(f"{name}_high", "float", f"Share of US imports of the form {what}: high end (adding what the USGS "
               "leaves in 'other countries', which may hold them, and upper bounds).", "fraction", format="percent"))


# Issue 27: where the United States buys today.
IMPORT_SHARES = (
    _f("mineral", "str", "Mineral slug."),
    _f("form", "str", "The USGS product form (import_basis.csv declares the one matching the site's basis).",
       format="text"),
    _f("partnership", "str", "Partnership slug."),
    _f("edition", "int", "USGS Mineral Commodity Summaries edition."),
    _f("period", "str", "Years the USGS shares are of."),
    *_interval("members", "from the partnership's members at its as-of date (empty for the United States alone, "
               "not a trading partner)"),
    *_interval("concern", "from countries of concern"),
    *_interval("screen_fail", "from non-members failing the candidate screen (country of concern, comprehensive "
               "US sanctions, EIU score below the threshold or none)"),
    _f("largest_country_iso3", "str", "The largest single source the USGS names."),
    *_interval("largest", "from the largest single source"),
    _f("joined_after_period", "list", "Members counted that joined after the import period ended: the imports "
       "predate their membership."),
    _f("note", "str", "Why a share is missing."),
)


# Columns of the import tables a page prints as the USGS wrote them: text cells (a form's name can hold a figure,
# "Magnesium metal (99.8% purity)", and so can a note).
IMPORT_TEXT = ("form", "note", "series", "reason")


def _as_text(table):
    return tuple(replace(f, format="text") if f.name in IMPORT_TEXT else f for f in TABLES[table].fields)


def _printed(table, name, what):
    """A curated import table as published: its columns, and its figure as the site prints it (a fraction)."""
    return (*_as_text(table),
            _f(name, "float", f"{what} as a fraction: the figure, or the bound's value where the USGS gives a bound.",
               "fraction", format="percent"),
            _f(f"{name}_bound", "str", "'lower' where the USGS gives '>x', 'upper' where it gives '<x', else empty."))


STANDINGS = ("above", "at_or_below", "across")
IMPORT_BENCHMARKS = (
    _f("mineral", "str", "Mineral slug."),
    _f("form", "str", "The declared USGS import form.", format="text"),
    _f("target", "str", "The borrowed benchmark (targets.csv): not a US rule."),
    _f("threshold", "float", "The most one country may supply under the benchmark.", "fraction", format="percent"),
    _f("largest_country_iso3", "str", "The largest single source of US imports the USGS names."),
    *_interval("largest", "from the largest single source"),
    _f("standing", "str", "above: the largest source's share exceeds the benchmark at its low end; at_or_below: "
       "not even at its high end; across: the USGS bounds leave it undecided."),
)
OUTPUT_BENCHMARKS = (
    _f("partnership", "str", "Partnership slug."),
    _f("mineral", "str", "Mineral slug."),
    _f("target", "str", "The borrowed benchmark (targets.csv): not a US rule."),
    _f("year", "int", "Year of the output (concentration.csv)."),
    _f("threshold", "float", "The most one country may supply under the benchmark.", "fraction", format="percent"),
    _f("top_country_iso3", "str", "The member with the largest output."),
    _f("top_share", "float", "Its share of the members' own output (concentration.csv).", "fraction",
       format="percent"),
    _f("meets", "bool", "True where no member supplies more than the threshold of the members' own output."),
)

PUBLISHED = {
    "sufficiency": SUFFICIENCY,
    "focus": FOCUS,
    "concentration": CONCENTRATION,
    "shares": SHARES,
    "headline_counts": HEADLINE_COUNTS,
    "production": USGS,
    "reserves": USGS,
    "demand": _copy("demand", "mineral", "scenario", "year", "scope", "demand_kt", "source_id"),
    "supply_projection": TABLES["supply_projection"].fields,
    "partnerships": (*_copy("partnership_members", "partnership", "country_iso3", "since"),
                     replace(TABLES["partnership_members"].field("note"), format="text"),
                     *_copy("partnership_members", "source_id")),
    "partnership_list": PARTNERSHIP_LIST,
    "democracy_index": TABLES["democracy_index"].fields,
    "comparability": TABLES["comparability"].fields,
    "countries_of_concern": TABLES["countries_of_concern"].fields,
    "minerals": _copy("minerals", "mineral", "name", "basis", "iea_demand_scope", "basis_note", "stage",
                      "critical_2025"),
    # Issue 17: the minerals outside the engine, their USGS refinery tables, and the rare-earth elements.
    "minerals_outside": _copy("minerals_outside", "mineral", "name", "stage", "basis", "critical_2025",
                              "usgs_published", "why_outside", "basis_note"),
    "refinery_production": USGS,
    "rare_earth_elements": _copy("rare_earth_elements", "element", "mineral", "name", "symbol", "group",
                                 "in_supply_basis", "note"),
    "cleantech_demand": TABLES["cleantech_demand"].fields,
    "sources": TABLES["sources"].fields,
    "supply_without": SUPPLY_WITHOUT,
    "supply_without_gap": SUPPLY_WITHOUT_GAP,
    "export_controls": TABLES["export_controls"].fields,
    "export_exposure": EXPORT_EXPOSURE,
    "export_share": EXPORT_SHARE,
    "element_demand": ELEMENT_DEMAND,
    "outside_summary": OUTSIDE_SUMMARY,
    "sanctions": TABLES["sanctions"].fields,
    "territories": TABLES["territories"].fields,
    "world_totals": WORLD_TOTALS,
    # Issue 27: where the United States buys today.
    "import_sources": _printed("import_sources", "share", "The share of US imports"),
    "import_reliance": _printed("import_reliance", "reliance", "Net import reliance"),
    "import_basis": _as_text("import_basis"),
    "targets": (*(replace(f, format="text") if f.name in ("name", "applies_to", "note") else f
                  for f in TABLES["targets"].fields),
                _f("threshold", "float", "threshold_pct as a fraction.", "fraction", format="percent")),
    "import_benchmarks": IMPORT_BENCHMARKS,
    "output_benchmarks": OUTPUT_BENCHMARKS,
    "import_shares": IMPORT_SHARES,
}

# Each published table's key: the columns that pick exactly one row (a figure's data-cell names them).
KEYS = {
    "sufficiency": ("mineral", "partnership", "scenario", "year"),
    "focus": ("partnership", "mineral", "country_iso3"),
    "concentration": ("mineral", "stage", "partnership"),
    "shares": ("mineral", "stage", "row_kind", "country_iso3"),
    "headline_counts": ("partnership", "scenario", "year", "measure", "group"),
    "production": TABLES["production"].primary_key,
    "reserves": TABLES["reserves"].primary_key,
    "demand": TABLES["demand"].primary_key,
    "supply_projection": TABLES["supply_projection"].primary_key,
    "partnerships": ("partnership", "country_iso3"),
    "partnership_list": ("partnership",),
    "democracy_index": TABLES["democracy_index"].primary_key,
    "comparability": TABLES["comparability"].primary_key,
    "countries_of_concern": TABLES["countries_of_concern"].primary_key,
    "minerals": ("mineral",),
    "sources": ("source_id",),
    "supply_without": ("mineral", "stage", "scenario", "year"),
    "supply_without_gap": ("mineral", "stage", "scenario", "year", "partnership"),
    "export_controls": TABLES["export_controls"].primary_key,
    "export_exposure": ("mineral", "stage", "country_iso3", "measure_id"),
    "export_share": ("mineral", "stage"),
    "element_demand": ("mineral", "item", "scenario", "year"),
    "outside_summary": ("mineral",),
    "minerals_outside": ("mineral",),
    "refinery_production": TABLES["refinery_production"].primary_key,
    "rare_earth_elements": ("element",),
    "cleantech_demand": TABLES["cleantech_demand"].primary_key,
    "sanctions": TABLES["sanctions"].primary_key,
    "territories": TABLES["territories"].primary_key,
    "world_totals": ("mineral", "source", "year"),
    **{name: TABLES[name].primary_key for name in ("import_sources", "import_reliance", "import_basis", "targets")},
    "import_shares": ("mineral", "form", "partnership"),
    "import_benchmarks": ("mineral", "form", "target"),
    "output_benchmarks": ("partnership", "mineral", "target"),
}

# Columns whose values are limited to a declared set (checked before the tables are written).
ALLOWED = {
    **{("sufficiency", f"{m.name}_bound"): ("", "lower", "upper") for m in MEASURES},
    ("headline_counts", "group"): ("total", "cleantech", "not_comparable"),
    ("sufficiency", "stage"): STAGES,
    ("concentration", "stage"): ("mining", "refinery", "smelter", "refining"),
    ("shares", "stage"): ("mining", "refinery", "smelter", "reserves", "refining"),
    ("focus", "role"): ("candidate", "member", "excluded"),
    ("world_totals", "source"): ("usgs_production", "usgs_reserves", "iea_mining", "iea_refining"),
    ("world_totals", "rule"): ("stated", "sum_of_parts", "remainder"),
    ("import_sources", "share_bound"): ("", "lower", "upper"),
    ("import_reliance", "reliance_bound"): ("", "lower", "upper"),
    ("import_benchmarks", "standing"): STANDINGS,
}


@dataclass(frozen=True)
class Invariant:
    """A rule every published table obeys, checked before anything is written. `broken(name, frame, fields,
    as_of_year)` returns the rows that break it (a boolean Series), or None where the rule does not apply to the
    table. The methodology page lists `text`."""

    rule: str
    text: str
    broken: object


def _columns(fields, *formats):
    return [f.name for f in fields if f.format in formats]


def _outside(frame, columns, low, high):
    values = frame[columns].astype(float)
    return ((values < low) | (values > high)).any(axis=1) if columns else None


def _shares_over_one(name, frame, fields, as_of_year):
    if name != "shares":
        return None
    totals = frame.groupby(["mineral", "stage", "year"])["share"].transform("sum")
    return totals > 1 + SUM_TOLERANCE


def _gap_over_demand(name, frame, fields, as_of_year):
    gaps = [f.name for f in fields if f.name.startswith("gap_without_")]
    if "demand_t" not in frame or not gaps:
        return None
    return (frame[gaps].astype(float).gt(frame["demand_t"] * (1 + SUM_TOLERANCE), axis=0)).any(axis=1)


def _low_over_high(name, frame, fields, as_of_year):
    return frame["low_t"] > frame["high_t"] if {"low_t", "high_t"} <= set(frame) else None


def _figure_and_code(name, frame, fields, as_of_year):
    if not {"value_t", "flags"} <= set(frame):
        return None
    code = frame["flags"].str.replace(r"(^| )e$", "", regex=True).str.strip()
    return frame["value_t"].notna() & ~code.isin(("", "—"))


def _observed_after_as_of(name, frame, fields, as_of_year):
    return frame["year"] > as_of_year if {"value_t", "flags", "year"} <= set(frame) else None


SUM_TOLERANCE = 1e-9  # float sums of shares that are 1 by construction
INVARIANTS = (
    Invariant("a share lies between 0 and 100 %", "Every share (a column printed as a percentage) lies between 0 and "
              "100 %.", lambda name, frame, fields, _: _outside(frame, _columns(fields, "percent"), 0, 1)),
    Invariant("the country shares of one mineral, stage and year sum to at most 100 %", "The country shares of one "
              "mineral, stage and year sum to at most 100 %.", _shares_over_one),
    Invariant("an HHI lies between 0 and 10,000", "A Herfindahl–Hirschman index lies between 0 and 10,000.",
              lambda name, frame, fields, _: _outside(frame, _columns(fields, "index"), 0, 10_000)),
    Invariant("a quantity, coverage or multiple is never negative", "No quantity, coverage, multiple or reserve life "
              "is negative (growth rates may be).",
              lambda name, frame, fields, _: _outside(frame, _columns(fields, "tonnes", "kt", "ratio", "times",
                                                                      "years"), 0, float("inf"))),
    Invariant("a gap is never larger than demand", "A gap left without a supplier is never larger than the demand it "
              "is a gap in.", _gap_over_demand),
    Invariant("a range has its low end at most its high end", "A range or bound has its low end at most its high "
              "end.", _low_over_high),
    Invariant("a row holds a figure or a code, never both", "A row holds either a figure or a withheld or "
              "not-available code, never both (the USGS dash, zero, is both a code and 0).", _figure_and_code),
    Invariant("an observed year is not after the as-of date", "An observed (USGS) year is not after the year of the "
              "site's as-of date.", _observed_after_as_of),
)


def check_invariants(name, frame, as_of_year):
    """DataError naming the table, the first breaking row's key and the rule."""
    for invariant in INVARIANTS:
        broken = invariant.broken(name, frame, PUBLISHED[name], as_of_year)
        if broken is not None and broken.any():
            row = frame[broken].iloc[0]
            raise DataError(f"downloads/{name}.csv", "/".join(str(row[k]) for k in KEYS[name]), "-",
                            "a row that breaks the rule", invariant.rule)


def with_flags(values):
    """USGS rows with one `flags` column (code and 'e' for estimated) and `source`."""
    estimated = values["estimated"].map({True: "e", False: ""})
    flags = (values["code"] + " " + estimated).str.strip()
    return values.assign(flags=flags, source=values["source_id"])


def published_tables(ds, results):
    """name → DataFrame with exactly the declared columns, in declared order, checked against the declarations and
    the invariants."""
    as_of_year = int(as_of_date(ds)[:4])
    frames = {
        "sufficiency": results.sufficiency,
        "focus": results.focus,
        "concentration": results.concentration,
        "shares": results.shares,
        "headline_counts": results.headline_counts,
        "production": with_flags(ds.production),
        "reserves": with_flags(ds.reserves),
        "demand": ds.demand,
        "supply_projection": ds.supply_projection,
        "partnerships": ds.partnership_members,
        "partnership_list": ds.partnerships,
        "democracy_index": ds.democracy_index,
        "comparability": ds.comparability,
        "countries_of_concern": ds.countries_of_concern,
        "minerals": ds.minerals,
        "minerals_outside": ds.minerals_outside,
        "refinery_production": with_flags(ds.refinery_production),
        "rare_earth_elements": ds.rare_earth_elements,
        "cleantech_demand": ds.cleantech_demand,
        "sources": ds.sources,
        "supply_without": results.supply_without,
        "supply_without_gap": results.supply_without_gap,
        "export_controls": ds.export_controls,
        "export_exposure": results.export_exposure,
        "export_share": results.export_share,
        "element_demand": results.element_demand,
        "outside_summary": results.outside_summary,
        "sanctions": ds.sanctions,
        "territories": ds.territories,
        "world_totals": results.world_totals,
        "import_sources": as_printed(ds.import_sources, "share_pct", "share"),
        "import_reliance": as_printed(ds.import_reliance, "value_pct", "reliance"),
        "import_basis": ds.import_basis,
        "targets": ds.targets.assign(threshold=ds.targets["threshold_pct"] / 100.0),
        "import_benchmarks": results.import_benchmarks,
        "output_benchmarks": results.output_benchmarks,
        "import_shares": results.import_shares,
    }
    tables = {}
    for name, fields in PUBLISHED.items():
        missing = [f.name for f in fields if f.name not in frames[name].columns]
        if missing:
            raise DataError(f"downloads/{name}.csv", "-", missing[0], "no such column", "every declared column")
        tables[name] = frames[name][[f.name for f in fields]].reset_index(drop=True)
        check(name, tables[name])
        check_invariants(name, tables[name], as_of_year)
    return tables


def check(name, frame):
    """A published table before it is written: unique key, no missing key value, allowed values only."""
    file, key = f"downloads/{name}.csv", list(KEYS[name])
    duplicated = frame.duplicated(key, keep=False)
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        raise DataError(file, int(duplicated.idxmax()) + 2, "+".join(key), "/".join(str(row[k]) for k in key),
                        "a unique key")
    for column in key:
        if frame[column].isna().any():
            raise DataError(file, int(frame[column].isna().idxmax()) + 2, column, "empty", "a key value")
    for (table, column), allowed in ALLOWED.items():
        if table == name:
            bad = ~frame[column].isin(allowed)
            if bad.any():
                raise DataError(file, int(bad.idxmax()) + 2, column, frame.loc[bad.idxmax(), column],
                                f"one of {', '.join(repr(a) for a in allowed)}")


def row_key(name, row):
    """{key column: value} of one row of a published table, as a data-cell names it."""
    return {k: row[k] for k in KEYS[name]}

