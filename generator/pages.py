"""Page models: everything a template needs for each page, computed here so templates hold layout only.

Each page is a `Page` (output path, template, context, figures); the figures come from `figures.py`.
"""

from dataclasses import dataclass, field

import pandas as pd

from . import figures
from .countries import country_name
from .findings import findings, partnership_findings, phrase, sentences
from .formatting import percent
from .metrics import FOCUS_SCENARIO, FOCUS_YEAR, latest_year, sufficiency_demand, world_totals
from .published import PUBLISHED
from .schema import SCENARIO_NAMES, TABLES, USGS_CODES, WORLD_TOTAL_TOLERANCE

SITE_NAME = "Friendshoring Critical Minerals"
HEADLINE_PARTNERSHIP = "democracies"
FOCUS_TOP = 5


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
        figure = figures.heatmap(self.results.sufficiency, self.names, self.partnership_names, self.base_year)
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
        return Page("methodology.md", "methodology.md.j2", {
            "title": "Methodology", "measures": PUBLISHED["sufficiency"], "focus": PUBLISHED["focus"],
            "concentration": PUBLISHED["concentration"], "codes": USGS_CODES,
            "tolerance": WORLD_TOTAL_TOLERANCE, "base_year": self.base_year, "scenarios": SCENARIO_NAMES,
            "focus_scenario": FOCUS_SCENARIO, "focus_year": FOCUS_YEAR,
            "minerals": self.ds.minerals.to_dict("records"), "citation": self.citation("Methodology", "methodology/")})

    def data(self):
        return Page("data.md", "data.md.j2", {
            "title": "Data and sources", "sources": self.ds.sources.to_dict("records"), "published": PUBLISHED,
            "tables": TABLES, "exceptions": self.ds.world_total_exceptions.to_dict("records"),
            "changelog": demote_headings(self.ds.changelog), "citation": self.citation("Data and sources", "data/")})

    def mineral(self, m):
        slug = m.mineral
        suff = self.results.sufficiency[self.results.sufficiency["mineral"] == slug]
        demand = sufficiency_demand(self.ds.demand, self.ds.minerals)
        demand = demand[demand["mineral"] == slug]
        membership = self.ds.partnership_members
        charts = [
            figures.by_country(self.ds.production, membership, m, "production", self.base_year,
                               self.partnership_names),
            figures.by_country(self.ds.reserves, membership, m, "reserves", self.reserves_year,
                               self.partnership_names),
            figures.demand_against_supply(demand, suff, m, self.base_year, self.partnership_names),
            figures.partnerships_for_mineral(suff, m, self.partnership_names, self.base_year),
        ]
        conc = self.results.concentration
        conc = conc[(conc["mineral"] == slug) & (conc["partnership"] == "")].set_index("stage")
        at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)].set_index("partnership")
        coverage = [dict(at.loc[p], partnership=p, name=self.partnership_names[p]) for p in self.partnership_names]
        demand = demand.set_index(["scenario", "year"])["demand_kt"]
        refining = self.ds.supply_projection
        refining = refining[(refining["mineral"] == slug) & (refining["stage"] == "refining")]
        refining = refining[refining["year"] == refining["year"].min()] if len(refining) else refining
        reserves_world = self.ds.reserves
        reserves_world = reserves_world[(reserves_world["mineral"] == slug) & (reserves_world["year"] == self.reserves_year)
                                        & (reserves_world["row_kind"] == "world_total")]
        context = {
            "title": m.name, "mineral": m._asdict(), "base_year": self.base_year, "reserves_year": self.reserves_year,
            "world_production_t": world_totals(self.ds.production, self.base_year).get(slug, float("nan")),
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
        return Page(f"minerals/{slug}.md", "mineral.md.j2", context, charts)

    def partnership(self, p):
        slug = p.partnership
        suff = self.results.sufficiency[self.results.sufficiency["partnership"] == slug]
        at = suff[(suff["scenario"] == "NZE") & (suff["year"] == 2030)]
        figure = figures.minerals_for_partnership(suff, p, self.names, self.base_year)
        members = self.ds.partnership_members[self.ds.partnership_members["partnership"] == slug]
        facts = partnership_findings(self.results.sufficiency, slug)
        bottlenecks = at[at["production_sufficiency"] < 0.5].sort_values("production_sufficiency")
        conc = self.results.concentration
        conc = conc[(conc["partnership"] == slug) & (conc["stage"] == "mining")]
        inside = {c.mineral: {"top_member": country_name(c.top_country_iso3) if c.top_country_iso3 else "",
                              "top_member_share": c.top_share} for c in conc.itertuples()}
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
            "sentences": sentences(facts, phrase(slug, self.partnership_names[slug]), self.names),
            "rows": [dict(r, name=self.names[r["mineral"]], **inside.get(r["mineral"], {}))
                     for r in at.to_dict("records")],
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
        for slug in (HEADLINE_PARTNERSHIP, figures.DEFAULT_PARTNERSHIP):
            row = at.loc[slug]
            out.append(
                f"Today's output of {phrase(slug, self.partnership_names[slug])} would cover "
                f"{percent(row['production_sufficiency'], row['missing_reason'])} of NZE 2030 demand"
                f"{' (clean-technology demand only)' if row['scope'] == 'cleantech' else ''}; their reserves "
                f"{percent(row['reserves_sufficiency'])} of cumulative NZE demand to 2050.")
        return out

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
