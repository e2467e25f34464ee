"""The published tables (downloads/*.csv): columns declared once, with unit and formula.

The data page documents these columns and the methodology page the formulas, both
from the declarations below; `published_tables` selects exactly these columns.
"""

from .schema import Field, TABLES


def _f(name, dtype, description, unit="", formula=""):
    return Field(name, dtype, f"{description} {formula}".strip() if formula else description, unit=unit)


def _copy(table, *names):
    return tuple(TABLES[table].field(n) for n in names)


SUFFICIENCY = (
    _f("mineral", "str", "Mineral slug."),
    _f("partnership", "str", "Partnership slug."),
    _f("scenario", "str", "IEA scenario (STEPS, APS, NZE)."),
    _f("year", "int", "Demand year y."),
    _f("demand_kt", "float", "IEA demand D(m, s, y) in the mineral's widest published scope.", "kt"),
    _f("demand_scope", "str", "total (all uses) or cleantech (clean-energy technologies only: other uses are "
       "not in the denominator, so every ratio against it is marked † and counted apart)."),
    _f("base_year", "int", "Base year b: the latest USGS production year."),
    _f("members_production_t", "float", "Members' mine production in the base year, P_p; withheld and unavailable "
       "figures excluded.", "t", "P_p = Σ_{c ∈ p} P_c(b)."),
    _f("world_production_t", "float", "USGS world mine production in the base year, P_w.", "t"),
    _f("world_share", "float", "Members' share of world mine production.", "fraction", "world share = P_p ÷ P_w."),
    _f("members_reserves_t", "float", "Members' reserves, R_p (latest USGS edition).", "t", "R_p = Σ_{c ∈ p} R_c."),
    _f("world_reserves_share", "float", "Members' share of world reserves.", "fraction", "R_p ÷ R_w."),
    _f("supply_t", "float", "The supply set against demand for production sufficiency and build-out, S_p: P_p, "
       "or for a mineral comparability.csv puts on the IEA's basis, the IEA's base-year mine supply of the members "
       "it names.", "t"),
    _f("supply_year", "int", "Year of S_p: b, or the IEA's base year."),
    _f("supply_basis", "str", "USGS mine production or IEA mine supply."),
    _f("production_sufficiency", "float", "Share of demand today's member output would cover.", "fraction",
       "S_p ÷ (1000 × D(m, s, y))."),
    _f("projected_supply_kt", "float", "IEA base-case mining supply in year y of the members the IEA names.", "kt"),
    _f("projected_sufficiency", "float", "Share of demand the members' projected mine supply would cover.", "fraction",
       "M_p(y) ÷ D(m, s, y)."),
    _f("rest_of_world_share", "float", "Share of the IEA's projected world mine supply it leaves in 'rest of world' "
       "(not attributed to any country): the coverage of the projected measure.", "fraction"),
    _f("refining_supply_kt", "float", "IEA base-case refined output in year y of the members the IEA names.", "kt"),
    _f("refining_sufficiency", "float", "Share of demand the members' refined output would cover: the midstream, "
       "where supply is most concentrated.", "fraction", "F_p(y) ÷ D(m, s, y)."),
    _f("refining_rest_of_world_share", "float", "Share of the IEA's world refined output, rest of world included, "
       "that it attributes to no country.", "fraction"),
    _f("cumulative_demand_t", "float", "Demand summed over every year from b to 2050, interpolated linearly "
       "between IEA milestone years.", "t", "C = 1000 × Σ_{t=b}^{2050} D(m, s, t)."),
    _f("reserves_sufficiency", "float", "How many times members' reserves cover cumulative demand to 2050.",
       "fraction", "R_p ÷ C."),
    _f("reserve_life_years", "float", "Years members' reserves last at base-year production, over the members with "
       "both figures (a member with a withheld figure is left out of both sides).", "years",
       "Σ R_c ÷ Σ P_c over members c with both."),
    _f("target_share", "float", "Share of demand the build-out aims to supply from members' mines (default 1).",
       "fraction"),
    _f("buildout_multiple", "float", "How many times today's member supply must grow to supply the target share "
       "of demand in year y.", "×", "B = target × 1000 × D(m, s, y) ÷ S_p."),
    _f("buildout_cagr", "float", "Yearly growth rate that multiplies supply by B between its year and y.",
       "fraction/yr", "B^(1/(y − supply year)) − 1."),
    _f("historical_cagr", "float", "Members' yearly growth rate of mine production 2021 to b, over members with a "
       "figure in both years: the honest test of 'unprecedented'.", "fraction/yr", "(P_p(b) ÷ P_p(2021))^(1/(b − 2021)) − 1."),
    _f("withheld_production", "str", "Members whose production the USGS withholds (W)."),
    _f("unreported_production", "str", "Members the USGS lists with no production figure (NA, a bound or a word)."),
    _f("withheld_reserves", "str", "Members whose reserves the USGS withholds (W)."),
    _f("unreported_reserves", "str", "Members the USGS lists with no reserves figure."),
    _f("left_out_members", "str", "Which members' figures are left out of which sums, and why."),
    _f("bounds", "str", "Measures that are bounds because of a left-out member, as measure:lower (the true figure "
       "is at least the one given) or measure:upper (at most), separated by spaces."),
    _f("not_comparable", "str", "Measures whose two sides count different things for this mineral "
       "(comparability.csv): published, but never counted in a headline. Separated by spaces."),
    _f("comparability_note", "str", "Per measure, why it is not comparable or what the engine compares instead: "
       "'measure, measure: reason | …'."),
    _f("basis_note", "str", "What is compared when USGS supply is divided by IEA demand, where the two differ."),
    _f("missing_reason", "str", "Why each missing measure is missing: 'measure, measure: reason | …'."),
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
    _f("excluded_reason", "str", "The exclusion in words, with the designation, legal source or score behind it."),
    _f("ties", "str", "The country's existing ties to the United States and its partners (FTA, MSP, a US "
       "minerals framework, Pax Silica, EU, …), from the partnerships it belongs to."),
    _f("democracy_score", "float", "EIU Democracy Index score the screen reads, latest year (0 to 10); a territory "
       "takes its sovereign's.", "score"),
    _f("production_t", "float", "Country's base-year mine production (USGS).", "t"),
    _f("reserves_t", "float", "Country's reserves (USGS).", "t"),
    _f("supply_t", "float", "The supply its production gain is measured in, on the same basis as production "
       "sufficiency: USGS mine production, or the IEA's base-year mine supply for a mineral comparability.csv puts "
       "on that basis (missing where the IEA does not name the country).", "t"),
    _f("production_gain_basis", "str", "Which supply that is, and its year."),
    _f("scenario", "str", "Scenario the gains are measured against."),
    _f("year", "int", "Demand year the production gain is measured against."),
    _f("production_sufficiency_gain", "float", "Production sufficiency the country would add if it joined.",
       "fraction", "supply_t ÷ (1000 × D(m, s, y))."),
    _f("production_sufficiency_gain_comparable", "bool", "False where comparability.csv declares production "
       "sufficiency not comparable for the mineral: the gain is published but never ranked (n/c)."),
    _f("production_sufficiency_gain_note", "str", "Why the production gain is not comparable, or what its basis "
       "leaves out."),
    _f("reserves_sufficiency_gain", "float", "Reserves sufficiency the country would add if it joined.",
       "fraction", "R_c ÷ C."),
    _f("reserves_sufficiency_gain_comparable", "bool", "False where reserves sufficiency is not comparable for the "
       "mineral: published but never ranked (n/c)."),
    _f("reserves_sufficiency_gain_note", "str", "Why the reserves gain is not comparable."),
    _f("reserve_life_years", "float", "Country's reserves ÷ its production: unused reserves.", "years"),
    _f("rank_production", "int", "Candidates ranked by comparable production gain (1 = largest)."),
    _f("rank_reserves", "int", "Candidates ranked by comparable reserves gain (1 = largest)."),
    _f("rank_unused_reserves", "int", "Members ranked by unused reserves (reserve life; no production first)."),
)

CONCENTRATION = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "mining (USGS) or refining (IEA)."),
    _f("year", "int", "Year."),
    _f("partnership", "str", "Empty for the world; else concentration among the partnership's members."),
    _f("hhi", "float", "Herfindahl–Hirschman index: 0 (dispersed) to 10,000 (one producer).", "index",
       "HHI = Σ_c (100 × share_c)²."),
    _f("top_country_iso3", "str", "Largest producer."),
    _f("top_share", "float", "Largest producer's share.", "fraction"),
    _f("concern_share", "float", "World rows: the share held by countries of concern (countries_of_concern.csv), "
       "the dependency friendshoring is meant to replace.", "fraction"),
)

SUPPLY_WITHOUT = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "mining or refining."),
    _f("scenario", "str", "IEA scenario of the demand (NZE, STEPS)."),
    _f("year", "int", "Demand year y."),
    _f("basis", "str", "IEA (the IEA's base-case supply by country in year y, rest of world in the world total) for "
       "the minerals the IEA covers; USGS (base-year mine production) for the others."),
    _f("supply_year", "int", "Year of the supply figures: y on the IEA basis, the USGS base year otherwise."),
    _f("demand_scope", "str", "total or cleantech (clean-energy technologies only)."),
    _f("demand_t", "float", "IEA demand D(m, s, y).", "t"),
    _f("world_supply_t", "float", "World supply at this stage, W.", "t"),
    _f("unattributed_share", "float", "Share of W the source leaves unattributed (IEA rest of world, USGS other "
       "countries): it may include the suppliers removed, so the shares below may be overstated by up to this.",
       "fraction"),
    _f("largest_supplier_iso3", "str", "The largest named supplier, L."),
    _f("largest_supplier_share", "float", "L's share of W.", "fraction"),
    _f("supply_without_largest_t", "float", "W less L's supply.", "t"),
    _f("share_without_largest", "float", "Share of demand the rest of the world covers without L.", "fraction",
       "(W − S_L) ÷ D."),
    _f("gap_without_largest_t", "float", "Demand left uncovered without L (0 when the rest covers it).", "t",
       "max(D − (W − S_L), 0)."),
    _f("concern_share", "float", "Share of W supplied by the countries of concern.", "fraction"),
    _f("supply_without_concern_t", "float", "W less the countries of concern's supply.", "t"),
    _f("share_without_concern", "float", "Share of demand the rest of the world covers without every country of "
       "concern.", "fraction", "(W − S_concern) ÷ D."),
    _f("gap_without_concern_t", "float", "Demand left uncovered without the countries of concern.", "t",
       "max(D − (W − S_concern), 0)."),
    _f("comparable", "bool", "False where comparability.csv declares the stage's ratio not comparable for the mineral "
       "(published, never in a headline)."),
    _f("comparability_note", "str", "Why not comparable."),
)

SUPPLY_WITHOUT_GAP = (
    *(f for f in SUPPLY_WITHOUT if f.name in ("mineral", "stage", "scenario", "year")),
    _f("partnership", "str", "Partnership slug."),
    *(f for f in SUPPLY_WITHOUT if f.name in ("basis", "supply_year", "gap_without_concern_t")),
    _f("partnership_supply_t", "float", "The members' own supply on the same basis and year (on the IEA basis, "
       "members the IEA does not name add nothing: a lower bound).", "t"),
    _f("gap_to_partnership_supply", "float", "The gap without the countries of concern as a multiple of the "
       "partnership's own supply; missing where it supplies nothing.", "×",
       "gap_without_concern_t ÷ partnership_supply_t."),
    *(f for f in SUPPLY_WITHOUT if f.name == "comparable"),
)

EXPORT_EXPOSURE = (
    _f("mineral", "str", "Mineral slug."),
    _f("stage", "str", "mining (a measure on ore, share of USGS world mine production) or refining (a measure on "
       "refined products, share of the IEA's world refined output)."),
    _f("year", "int", "Year of the shares."),
    _f("country_iso3", "str", "Country imposing the measure."),
    _f("measure_id", "str", "The measure (export_controls.csv)."),
    _f("kind", "str", "licence, ban, quota or ban_one_country."),
    _f("status", "str", "Status at the as-of date: only in_force counts towards the share under export measures."),
    _f("country_share", "float", "The country's share of world supply at this stage.", "fraction"),
)

USGS = (*_copy("production", "mineral", "row_kind", "country_iso3", "year", "value_t", "low_t", "high_t"),
        _f("flags", "str", "Upstream code where there is no plain figure (W withheld, NA not available, > < bounds, "
           "range, …) and 'e' where the USGS marks the figure as estimated, separated by spaces."),
        *_copy("production", "edition"),
        _f("source", "str", "Id of the source entry (sources.csv)."))

PUBLISHED = {
    "sufficiency": SUFFICIENCY,
    "focus": FOCUS,
    "concentration": CONCENTRATION,
    "production": USGS,
    "reserves": USGS,
    "demand": _copy("demand", "mineral", "scenario", "year", "scope", "demand_kt", "source_id"),
    "supply_projection": TABLES["supply_projection"].fields,
    "partnerships": _copy("partnership_members", "partnership", "country_iso3", "since", "note", "source_id"),
    "comparability": TABLES["comparability"].fields,
    "countries_of_concern": TABLES["countries_of_concern"].fields,
    "minerals": _copy("minerals", "mineral", "name", "basis", "iea_demand_scope", "basis_note"),
    "sources": TABLES["sources"].fields,
    "supply_without": SUPPLY_WITHOUT,
    "supply_without_gap": SUPPLY_WITHOUT_GAP,
    "export_controls": TABLES["export_controls"].fields,
    "export_exposure": EXPORT_EXPOSURE,
    "sanctions": TABLES["sanctions"].fields,
    "territories": TABLES["territories"].fields,
}


def with_flags(values):
    """USGS rows with one `flags` column (code and 'e' for estimated) and `source`."""
    estimated = values["estimated"].map({True: "e", False: ""})
    flags = (values["code"] + " " + estimated).str.strip()
    return values.assign(flags=flags, source=values["source_id"])


def published_tables(ds, results):
    """name → DataFrame with exactly the declared columns, in declared order."""
    frames = {
        "sufficiency": results.sufficiency.rename(columns={"scope": "demand_scope"}),
        "focus": results.focus,
        "concentration": results.concentration,
        "production": with_flags(ds.production),
        "reserves": with_flags(ds.reserves),
        "demand": ds.demand,
        "supply_projection": ds.supply_projection,
        "partnerships": ds.partnership_members,
        "comparability": ds.comparability,
        "countries_of_concern": ds.countries_of_concern,
        "minerals": ds.minerals,
        "sources": ds.sources,
        "supply_without": results.supply_without,
        "supply_without_gap": results.supply_without_gap,
        "export_controls": ds.export_controls,
        "export_exposure": results.export_exposure,
        "sanctions": ds.sanctions,
        "territories": ds.territories,
    }
    return {name: frames[name][[f.name for f in fields]] for name, fields in PUBLISHED.items()}
