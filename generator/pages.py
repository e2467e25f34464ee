"""Page models: everything a template needs for each page, computed here so templates hold layout only.

Each page is a `Page` (output path, template, context); each chart a `Figure` whose
spec, static SVG and data CSV the renderer writes beside the pages.
"""

from dataclasses import dataclass, field

import pandas as pd

from . import charts
from .countries import country_name
from .findings import findings, partnership_findings, sentences
from .formatting import percent
from .metrics import FOCUS_SCENARIO, FOCUS_YEAR, latest_year, sufficiency_demand
from .schema import SCENARIO_NAMES, SCENARIOS

SITE_NAME = "Friendshoring Critical Minerals"
DEFAULT_PARTNERSHIP = "msp"
HEADLINE_PARTNERSHIP = "democracies"
FOCUS_TOP = 5
MEASURES = {"production_sufficiency": "Production today", "projected_sufficiency": "Projected supply (IEA)",
            "reserves_sufficiency": "Reserves to 2050"}


@dataclass
class Figure:
    """One chart: its spec and the table shown beside it."""

    id: str
    title: str
    caption: str
    alt: str
    spec: dict
    data: pd.DataFrame
    table_columns: list
    table_rows: list


@dataclass
class Page:
    path: str  # under docs/, e.g. "minerals/lithium.md"
    template: str
    context: dict
    figures: list = field(default_factory=list)

    @property
    def root(self):
        """Relative prefix from the page's URL to the site root (raw HTML is not rewritten by MkDocs)."""
        parts = self.path.removesuffix(".md").split("/")
        depth = len(parts) - (1 if parts[-1] == "index" else 0)
        return "../" * depth

    @property
    def md_root(self):
        """Relative prefix from the Markdown file to docs/ (Markdown links are rewritten by MkDocs)."""
        return "../" * self.path.count("/")

    @property
    def page_id(self):
        return self.path.removesuffix(".md").replace("/", "-")


def demote_headings(markdown):
    """A Markdown document to embed under an H2: its title dropped, its H2s made H3s."""
    body = markdown.split("\n", 1)[1] if markdown.startswith("# ") else markdown
    return body.replace("\n## ", "\n### ").strip()


def _band_frame(frame, category):
    """Long frame for sufficiency bars: one row per category × scenario × year × measure."""
    long = frame.melt(id_vars=[category, "scenario", "year"], value_vars=list(MEASURES),
                      var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(MEASURES)
    long["label"] = long["value"].map(lambda v: str(percent(v)))
    long["band"] = long["value"].map(charts.band_of)
    return long


def _members_frame(rows, membership, partnerships):
    """Country rows × partnerships with member flags, for by-country charts."""
    frames = []
    for slug in partnerships:
        members = set(membership.loc[membership["partnership"] == slug, "country_iso3"])
        frames.append(pd.DataFrame({
            "country": rows["country_iso3"].map(country_name), "value_t": rows["value_t"], "partnership": slug,
            "member": rows["country_iso3"].map(lambda c: charts.MEMBER if c in members else charts.OTHER)}))
    return pd.concat(frames, ignore_index=True)


class SiteModel:
    """Builds every page of the site from the dataset and the computed results."""

    def __init__(self, ds, results, site_url="http://127.0.0.1:8000/"):
        self.ds, self.results, self.site_url = ds, results, site_url
        self.base_year = latest_year(ds.production)
        self.reserves_year = latest_year(ds.reserves)
        self.names = dict(zip(ds.minerals["mineral"], ds.minerals["name"]))
        self.partnership_names = dict(zip(ds.partnerships["partnership"], ds.partnerships["short_name"]))
        self.sources = ds.sources.set_index("source_id")
        self.findings = findings(results.sufficiency, ds.minerals, ds.partnerships)

    def source_list(self, ids):
        return [dict(self.sources.loc[i], source_id=i) for i in sorted(set(ids))]

    def usgs_source_ids(self, mineral):
        rows = pd.concat([self.ds.production, self.ds.reserves])
        return sorted(set(rows.loc[rows["mineral"] == mineral, "source_id"]))

    def pages(self):
        pages = [self.home(), self.compare(), self.methodology(), self.data(),
                 Page("minerals/index.md", "minerals_index.md.j2",
                      {"title": "Minerals", "minerals": self.mineral_list(),
                       "citation": self.citation("Minerals", "minerals/")}),
                 Page("partnerships/index.md", "partnerships_index.md.j2",
                      {"title": "Partnerships", "partnerships": self.ds.partnerships.to_dict("records"),
                       "citation": self.citation("Partnerships", "partnerships/")})]
        pages += [self.mineral(m) for m in self.ds.minerals.itertuples()]
        pages += [self.partnership(p) for p in self.ds.partnerships.itertuples()]
        return pages

    # --- shared pieces -------------------------------------------------

    def mineral_list(self):
        nze = self.results.sufficiency
        at = nze[(nze["partnership"] == HEADLINE_PARTNERSHIP) & (nze["scenario"] == "NZE") & (nze["year"] == 2030)]
        at = at.set_index("mineral")
        return [{"slug": m.mineral, "name": m.name, "basis": m.basis,
                 "production_sufficiency": at.at[m.mineral, "production_sufficiency"],
                 "reserves_sufficiency": at.at[m.mineral, "reserves_sufficiency"]}
                for m in self.ds.minerals.itertuples()]

    def citation(self, title, path):
        """Citation text of the page at `path` (its URL below the site root)."""
        return (f"{SITE_NAME} ({self.base_year + 1}), “{title}”, built from USGS Mineral Commodity Summaries "
                f"{self.base_year + 1} and IEA Critical Minerals Data Explorer 2025 (CC BY 4.0); "
                f"data through {self.base_year}. {self.site_url}{path}")

    # --- pages ---------------------------------------------------------

    def home(self):
        suff = self.results.sufficiency
        frame = suff.assign(mineral=suff["mineral"].map(self.names),
                            partnership=suff["partnership"].map(self.partnership_names),
                            value=suff["production_sufficiency"])
        frame = frame[["mineral", "partnership", "scenario", "year", "value"]]
        frame["label"] = frame["value"].map(lambda v: str(percent(v)))
        frame["band"] = frame["value"].map(charts.band_of)
        default = frame[(frame["scenario"] == "NZE") & (frame["year"] == 2030)]
        grid = default.pivot(index="mineral", columns="partnership", values="label")
        grid = grid.loc[list(self.names.values()), list(self.partnership_names.values())]
        figure = Figure(
            id="home-heatmap", title="Share of demand today's mine output would cover",
            caption=(f"Members' {self.base_year} mine production (USGS MCS {self.base_year + 1}) as a share of IEA "
                     f"demand (Critical Minerals Data Explorer 2025). Choose the scenario and year; the table shows "
                     f"NZE 2030."),
            alt="Heatmap of production sufficiency by mineral and partnership; the table below gives every value.",
            spec=charts.heatmap(frame), data=frame,
            table_columns=["Mineral", *grid.columns], table_rows=[[m, *row] for m, row in grid.iterrows()])
        head = self.findings.get(HEADLINE_PARTNERSHIP, {"sentences": []})
        context = {"title": "Could the United States and its partners supply the minerals clean energy needs?",
                   "headline": head["sentences"], "findings": self.findings,
                   "partnership_names": self.partnership_names, "minerals": self.mineral_list(),
                   "partnerships": self.ds.partnerships.to_dict("records"), "base_year": self.base_year,
                   "sources": self.source_list(["usgs-mcs-2026", "iea-cmde-2025", "eiu-democracy-index"]),
                   "citation": self.citation(SITE_NAME, "")}
        return Page("index.md", "home.md.j2", context, [figure])

    def compare(self):
        suff = self.results.sufficiency
        at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)]
        tables = {}
        for column in ("production_sufficiency", "reserves_sufficiency", "world_share"):
            grid = at.pivot(index="mineral", columns="partnership", values=column)
            tables[column] = grid.loc[list(self.names), list(self.partnership_names)]
        return Page("compare.md", "compare.md.j2", {
            "title": "Partnerships compared", "tables": tables, "names": self.names,
            "partnership_names": self.partnership_names, "base_year": self.base_year,
            "citation": self.citation("Partnerships compared", "compare/")})

    def methodology(self):
        from .published import PUBLISHED
        from .schema import USGS_CODES, WORLD_TOTAL_TOLERANCE
        return Page("methodology.md", "methodology.md.j2", {
            "title": "Methodology", "measures": PUBLISHED["sufficiency"], "focus": PUBLISHED["focus"],
            "concentration": PUBLISHED["concentration"], "codes": USGS_CODES,
            "tolerance": WORLD_TOTAL_TOLERANCE, "base_year": self.base_year, "scenarios": SCENARIO_NAMES,
            "focus_scenario": FOCUS_SCENARIO, "focus_year": FOCUS_YEAR,
            "minerals": self.ds.minerals.to_dict("records"), "citation": self.citation("Methodology", "methodology/")})

    def data(self):
        from .published import PUBLISHED
        from .schema import TABLES
        return Page("data.md", "data.md.j2", {
            "title": "Data and sources", "sources": self.ds.sources.to_dict("records"), "published": PUBLISHED,
            "tables": TABLES, "exceptions": self.ds.world_total_exceptions.to_dict("records"),
            "changelog": demote_headings(self.ds.changelog), "citation": self.citation("Data and sources", "data/")})

    def mineral(self, m):
        slug = m.mineral
        suff = self.results.sufficiency[self.results.sufficiency["mineral"] == slug]
        figures = [self._by_country(m, "production"), self._by_country(m, "reserves"),
                   self._demand_figure(m), self._partnership_bars(m, suff)]
        conc = self.results.concentration
        conc = conc[(conc["mineral"] == slug) & (conc["partnership"] == "")].set_index("stage")
        at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)].set_index("partnership")
        coverage = [dict(at.loc[p], partnership=p, name=self.partnership_names[p]) for p in self.partnership_names]
        demand = sufficiency_demand(self.ds.demand, self.ds.minerals)
        demand = demand[demand["mineral"] == slug].set_index(["scenario", "year"])["demand_kt"]
        refining = self.ds.supply_projection
        refining = refining[(refining["mineral"] == slug) & (refining["stage"] == "refining")]
        refining = refining[refining["year"] == refining["year"].min()] if len(refining) else refining
        world = self.ds.production
        world = world[(world["mineral"] == slug) & (world["year"] == self.base_year)
                      & (world["row_kind"] == "world_total")]["value_t"]
        reserves_world = self.ds.reserves
        reserves_world = reserves_world[(reserves_world["mineral"] == slug) & (reserves_world["year"] == self.reserves_year)
                                        & (reserves_world["row_kind"] == "world_total")]
        context = {
            "title": m.name, "mineral": m._asdict(), "base_year": self.base_year, "reserves_year": self.reserves_year,
            "world_production_t": world.iloc[0] if len(world) else float("nan"),
            "world_reserves": reserves_world.iloc[0].to_dict() if len(reserves_world) else {},
            "mining": self._concentration(conc, "mining"), "refining_conc": self._concentration(conc, "refining"),
            "demand_base": demand.get(("NZE", 2024)), "demand_nze_2030": demand.get(("NZE", 2030)),
            "demand_scope": self.ds.minerals.set_index("mineral").at[slug, "iea_demand_scope"],
            "coverage": coverage, "answer": self._mineral_answer(m, at, conc),
            "focus": self._focus(slug), "refining": self._refining(refining),
            "disclosure": self._disclosure(slug),
            "sources": self.source_list([*self.usgs_source_ids(slug), "iea-cmde-2025"]),
            "citation": self.citation(m.name, f"minerals/{slug}/"),
        }
        return Page(f"minerals/{slug}.md", "mineral.md.j2", context, figures)

    def partnership(self, p):
        slug = p.partnership
        suff = self.results.sufficiency[self.results.sufficiency["partnership"] == slug]
        frame = suff.assign(mineral=suff["mineral"].map(self.names))
        bars = _band_frame(frame, "mineral")
        at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)]
        table = bars[(bars["scenario"] == "NZE") & (bars["year"] == 2030)].pivot(
            index="mineral", columns="measure", values="label").loc[list(self.names.values()), list(MEASURES.values())]
        figure = Figure(
            id=f"partnership-{slug}-sufficiency", title=f"How far the {p.short_name} covers demand, by mineral",
            caption=(f"Members' {self.base_year} mine production, IEA projected supply of the members it names, and "
                     f"members' reserves against cumulative demand to 2050, as shares of IEA demand. "
                     f"Sources: USGS MCS {self.base_year + 1}; IEA Critical Minerals Data Explorer 2025. "
                     f"Bars stop at 200%; the label gives the figure. The table shows NZE 2030."),
            alt=f"Bar chart of the {p.short_name}'s sufficiency by mineral; the table below gives every value.",
            spec=charts.sufficiency_bars(bars, "mineral", "Mineral"), data=bars,
            table_columns=["Mineral", *table.columns], table_rows=[[i, *r] for i, r in table.iterrows()])
        members = self.ds.partnership_members[self.ds.partnership_members["partnership"] == slug]
        facts = partnership_findings(self.results.sufficiency, slug)
        bottlenecks = at[at["production_sufficiency"] < 0.5].sort_values("production_sufficiency")
        focus = self.results.focus
        closers = []
        for row in bottlenecks.itertuples():
            top = focus[(focus["partnership"] == slug) & (focus["mineral"] == row.mineral)
                        & (focus["rank_production"] == 1)]
            closers.append({"mineral": row.mineral, "name": self.names[row.mineral],
                            "production_sufficiency": row.production_sufficiency,
                            "country": country_name(top["country_iso3"].iloc[0]) if len(top) else "",
                            "gain": top["production_sufficiency_gain"].iloc[0] if len(top) else float("nan")})
        context = {
            "title": p.name, "partnership": p._asdict(), "base_year": self.base_year,
            "members": [dict(r, name=country_name(r["country_iso3"])) for r in members.to_dict("records")],
            "sentences": sentences(facts, "the democracies" if slug == "democracies" else f"the {p.short_name}",
                                   self.names),
            "rows": [dict(r, name=self.names[r["mineral"]]) for r in at.to_dict("records")],
            "closers": closers,
            "sources": self.source_list([p.source_id, "usgs-mcs-2026", "iea-cmde-2025"]),
            "citation": self.citation(p.name, f"partnerships/{slug}/"),
        }
        return Page(f"partnerships/{slug}.md", "partnership.md.j2", context, [figure])

    # --- mineral page parts -------------------------------------------

    def _concentration(self, conc, stage):
        if stage not in conc.index:
            return None
        row = conc.loc[stage]
        return {"hhi": row["hhi"], "top": country_name(row["top_country_iso3"]) if row["top_country_iso3"] else "",
                "top_share": row["top_share"], "year": int(row["year"])}

    def _mineral_answer(self, m, at, conc):
        """The mineral page's opening sentences."""
        mining = self._concentration(conc, "mining")
        out = []
        if mining and mining["top"]:
            out.append(f"{mining['top']} mined {percent(mining['top_share'])} of the world's {m.name.lower()} in "
                       f"{self.base_year}.")
        for slug in (HEADLINE_PARTNERSHIP, DEFAULT_PARTNERSHIP):
            row = at.loc[slug]
            out.append(
                f"Today's output of the {self.partnership_names[slug]} would cover "
                f"{percent(row['production_sufficiency'], row['missing_reason'])} of NZE 2030 demand"
                f"{' (clean-technology demand only)' if row['scope'] == 'cleantech' else ''}; their reserves "
                f"{percent(row['reserves_sufficiency'])} of cumulative NZE demand to 2050.")
        return out

    def _by_country(self, m, table):
        values = getattr(self.ds, table)
        year = self.base_year if table == "production" else self.reserves_year
        rows = values[(values["mineral"] == m.mineral) & (values["year"] == year) & (values["row_kind"] == "country")]
        plotted = rows.dropna(subset=["value_t"]).sort_values("value_t", ascending=False)
        frame = _members_frame(plotted, self.ds.partnership_members, self.partnership_names)
        word = "Mine production" if table == "production" else "Reserves"
        members = set(self.ds.partnership_members.loc[
            self.ds.partnership_members["partnership"] == DEFAULT_PARTNERSHIP, "country_iso3"])
        edition = int(rows["edition"].max())
        return Figure(
            id=f"mineral-{m.mineral}-{table}", title=f"{word} by country, {year}",
            caption=(f"{word} of {m.name.lower()} ({m.basis}), {year}, tonnes. Source: USGS Mineral Commodity "
                     f"Summaries {edition}. Choose the partnership whose members are highlighted; countries "
                     f"with no published figure (withheld or not available) are listed in the table only."),
            alt=f"Bar chart of {word.lower()} of {m.name.lower()} by country in {year}; the table below gives every value.",
            spec=charts.by_country(frame, word, DEFAULT_PARTNERSHIP, self.partnership_names),
            data=frame,
            table_columns=["Country", "Tonnes", "Reported as", f"{self.partnership_names[DEFAULT_PARTNERSHIP]} member"],
            table_rows=[[country_name(r.country_iso3), r.value_t, r.reported_as + (" (estimated)" if r.estimated else ""),
                         "yes" if r.country_iso3 in members else ""]
                        for r in rows.sort_values(["value_t", "country_iso3"], ascending=[False, True]).itertuples()])

    def _demand_figure(self, m):
        slug = m.mineral
        demand = sufficiency_demand(self.ds.demand, self.ds.minerals)
        demand = demand[demand["mineral"] == slug][["scenario", "year", "demand_kt"]]
        suff = self.results.sufficiency
        suff = suff[(suff["mineral"] == slug) & (suff["scenario"] == "NZE")]
        today = suff.drop_duplicates("partnership")
        rows = [(p.partnership, "Mine output today", y, p.members_production_t / 1000)
                for p in today.itertuples() for y in (self.base_year, 2050)]
        projected = self.results.sufficiency[self.results.sufficiency["mineral"] == slug]
        projected = projected[projected["scenario"] == "NZE"].dropna(subset=["projected_supply_kt"])
        rows += [(p.partnership, "IEA projected supply", p.year, p.projected_supply_kt) for p in projected.itertuples()]
        supply = pd.DataFrame(rows, columns=["partnership", "series", "year", "supply_kt"])
        wide = demand.pivot(index="year", columns="scenario", values="demand_kt")[list(SCENARIOS)]
        scope = "total" if m.iea_demand_scope == "total" else "clean-technology"
        return Figure(
            id=f"mineral-{slug}-demand", title="Demand by scenario against partnership supply",
            caption=(f"IEA {scope} demand for {m.name.lower()}, thousand tonnes, 2024 (observed) to 2050, by scenario, "
                     f"against the chosen partnership's {self.base_year} mine output (USGS) and, where the IEA names "
                     f"its members, their projected supply. Sources: IEA Critical Minerals Data Explorer 2025; "
                     f"USGS MCS {self.base_year + 1}."),
            alt=f"Line chart of {m.name.lower()} demand by scenario to 2050 against partnership supply; "
                "the table below gives the demand figures.",
            spec=charts.demand_against_supply(demand, supply, DEFAULT_PARTNERSHIP, self.partnership_names),
            data=demand.merge(supply, on="year", how="outer"),
            table_columns=["Year", *[f"{s} (kt)" for s in SCENARIOS]],
            table_rows=[[int(y), *r] for y, r in wide.iterrows()])

    def _partnership_bars(self, m, suff):
        frame = suff.assign(partnership=suff["partnership"].map(self.partnership_names))
        bars = _band_frame(frame, "partnership")
        table = bars[(bars["scenario"] == "NZE") & (bars["year"] == 2030)].pivot(
            index="partnership", columns="measure", values="label")
        table = table.loc[list(self.partnership_names.values()), list(MEASURES.values())]
        return Figure(
            id=f"mineral-{m.mineral}-sufficiency", title="How far each partnership covers demand",
            caption=(f"Members' {self.base_year} mine production, IEA projected supply of the members it names, and "
                     f"members' reserves against cumulative demand to 2050, as shares of IEA demand for "
                     f"{m.name.lower()}. Sources: USGS MCS {self.base_year + 1}; IEA Critical Minerals Data Explorer "
                     f"2025. Bars stop at 200%; the label gives the figure. The table shows NZE 2030."),
            alt=f"Bar chart of each partnership's sufficiency for {m.name.lower()}; the table below gives every value.",
            spec=charts.sufficiency_bars(bars, "partnership", "Partnership"), data=bars,
            table_columns=["Partnership", *table.columns], table_rows=[[i, *r] for i, r in table.iterrows()])

    def _focus(self, slug):
        """Per partnership: the top candidates by production and by reserves gain, and members by unused reserves."""
        focus = self.results.focus
        focus = focus[focus["mineral"] == slug].assign(name=lambda f: f["country_iso3"].map(country_name))

        def top(column):
            ranked = focus[focus[column].notna()].sort_values(["partnership", column])
            heads = ranked.groupby("partnership").head(FOCUS_TOP)
            return {p: g.to_dict("records") for p, g in heads.groupby("partnership")}

        by_production, by_reserves, members = (top("rank_production"), top("rank_reserves"),
                                               top("rank_unused_reserves"))
        return [{"partnership": p, "name": name, "by_production": by_production.get(p, []),
                 "by_reserves": by_reserves.get(p, []), "members": members.get(p, [])}
                for p, name in self.partnership_names.items()]

    def _refining(self, refining):
        if refining.empty:
            return None
        total = refining["supply_kt"].sum()
        return {"year": int(refining["year"].iloc[0]), "rows": [
            {"name": "Rest of world" if r.row_kind == "rest_of_world" else country_name(r.country_iso3),
             "supply_kt": r.supply_kt, "share": r.supply_kt / total}
            for r in refining.sort_values(["row_kind", "supply_kt"], ascending=[True, False]).itertuples()]}

    def _disclosure(self, slug):
        """Coverage notes: estimated, withheld and unavailable figures in the base year."""
        rows = self.ds.production
        rows = rows[(rows["mineral"] == slug) & (rows["year"] == self.base_year) & (rows["row_kind"] == "country")]
        return {"estimated": int(rows["estimated"].sum()), "countries": len(rows),
                "withheld": [country_name(c) for c in rows.loc[rows["code"] == "W", "country_iso3"]],
                "unavailable": [country_name(c) for c in rows.loc[rows["value_t"].isna() & (rows["code"] != "W"),
                                                                   "country_iso3"]]}
