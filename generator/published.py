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
    _f("country_iso3", "str", "Country."),
    _f("role", "str", "candidate (not a member), member, or excluded (a country of concern: never a candidate)."),
    _f("excluded_reason", "str", "Why an excluded country is not a candidate."),
    _f("ties", "str", "The country's existing ties to the United States and its partners (FTA, MSP, a US "
       "minerals framework, EU, …), from the partnerships it belongs to."),
    _f("democracy_score", "float", "EIU Democracy Index score in the index's latest year (0 to 10).", "score"),
    _f("production_t", "float", "Country's base-year mine production.", "t"),
    _f("reserves_t", "float", "Country's reserves.", "t"),
    _f("scenario", "str", "Scenario the gains are measured against."),
    _f("year", "int", "Demand year the production gain is measured against."),
    _f("production_sufficiency_gain", "float", "Production sufficiency the country would add if it joined.",
       "fraction", "P_c ÷ (1000 × D(m, s, y))."),
    _f("reserves_sufficiency_gain", "float", "Reserves sufficiency the country would add if it joined.",
       "fraction", "R_c ÷ C."),
    _f("reserve_life_years", "float", "Country's reserves ÷ its production: unused reserves.", "years"),
    _f("rank_production", "int", "Candidates ranked by production gain (1 = largest)."),
    _f("rank_reserves", "int", "Candidates ranked by reserves gain (1 = largest)."),
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
    "minerals": _copy("minerals", "mineral", "name", "basis", "iea_demand_scope", "basis_note", "stage",
                      "critical_2025"),
    # Issue 17: the minerals outside the engine, their USGS refinery tables, and the rare-earth elements.
    "minerals_outside": _copy("minerals_outside", "mineral", "name", "stage", "basis", "critical_2025",
                              "usgs_published", "why_outside", "basis_note", "export_licence", "export_measure",
                              "status_as_of", "source_id", "status_source_id"),
    "refinery_production": USGS,
    "rare_earth_elements": _copy("rare_earth_elements", "element", "mineral", "name", "symbol", "group",
                                 "export_licence", "export_measure", "status_as_of", "source_id",
                                 "status_source_id", "note"),
    "cleantech_demand": TABLES["cleantech_demand"].fields,
    "sources": TABLES["sources"].fields,
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
        "minerals_outside": ds.minerals_outside,
        "refinery_production": with_flags(ds.refinery_production),
        "rare_earth_elements": ds.rare_earth_elements,
        "cleantech_demand": ds.cleantech_demand,
        "sources": ds.sources,
    }
    return {name: frames[name][[f.name for f in fields]] for name, fields in PUBLISHED.items()}
