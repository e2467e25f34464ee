"""Page models: everything a template needs for each page, computed here so templates hold layout only.

Each page is a `Page` (output path, template, context, figures); the figures come from `figures.py`.
"""

from dataclasses import dataclass, field

import pandas as pd

from . import figures
from .bounds import is_comparable
from .countries import country_name
from .findings import (ALONE, findings, headline, partnership_findings, phrase, scenario_in_full, sentences)
from .focus import FOCUS_SCENARIO, FOCUS_YEAR
from .formatting import LEGEND, measure, percent
from .metrics import latest_year, reason_for, sufficiency_demand, world_totals
from .published import PUBLISHED
from .schema import SCENARIO_NAMES, TABLES, USGS_CODES, WORLD_TOTAL_TOLERANCE

SITE_NAME = "Friendshoring Critical Minerals"
BROADEST_PARTNERSHIP = "democracies"
FOCUS_TOP = 5
SCENARIO_INTRO = (f"Demand is the IEA's {scenario_in_full('NZE')}, the 1.5 °C pathway, in 2030 unless stated; "
                  f"the {scenario_in_full('STEPS')} and {scenario_in_full('APS')} are in the charts and downloads.")


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
        # Minerals measured against total demand first: they carry the headline.
        ordered = ds.minerals.assign(cleantech=ds.minerals["iea_demand_scope"] != "total").sort_values(
            "cleantech", kind="stable")
        self.names = dict(zip(ordered["mineral"], ordered["name"]))
        self.partnership_names = dict(zip(ds.partnerships["partnership"], ds.partnerships["short_name"]))
        headline_rows = ds.partnerships[ds.partnerships["headline"]]
        self.closest = headline_rows["partnership"].iloc[0] if len(headline_rows) else ALONE
        self.sources = ds.sources.set_index("source_id")
        self.findings = findings(results.sufficiency, ds.minerals, ds.partnerships)
        self.concern = ds.countries_of_concern
        self.usgs_edition_source = f"usgs-mcs-{int(ds.production['edition'].max())}"

    def source_list(self, ids):
        return [dict(self.sources.loc[i], source_id=i) for i in sorted(set(ids))]

    def usgs_source_ids(self, mineral):
        rows = pd.concat([self.ds.production, self.ds.reserves])
        return sorted(set(rows.loc[rows["mineral"] == mineral, "source_id"]))

    def pages(self):
        pages = [self.home(), self.compare(), self.methodology(), self.data(),
                 Page("minerals/index.md", "minerals_index.md.j2",
                      {"title": "Minerals", "minerals": self.mineral_list(), "legend": self.legend(),
                       "scenario_intro": SCENARIO_INTRO,
                       "closest_name": self.partnership_names[self.closest],
                       "citation": self.citation("Minerals", "minerals/")}),
                 Page("partnerships/index.md", "partnerships_index.md.j2",
                      {"title": "Partnerships", "partnerships": self.ds.partnerships.to_dict("records"),
                       "citation": self.citation("Partnerships", "partnerships/")})]
        pages += [self.mineral(m) for m in self.ds.minerals.itertuples()]
        pages += [self.partnership(p) for p in self.ds.partnerships.itertuples()]
        return pages

    # --- shared pieces -------------------------------------------------

    def at(self, scenario="NZE", year=2030):
        """The sufficiency rows of one scenario and year."""
        suff = self.results.sufficiency
        return suff[(suff["scenario"] == scenario) & (suff["year"] == year)]

    def mineral_list(self):
        """Every mineral (total-demand ones first) with its rows for the closest and the broadest partnership."""
        at = self.at().set_index(["partnership", "mineral"])
        basis = self.ds.minerals.set_index("mineral")["basis"]
        return [{"slug": slug, "name": name, "basis": basis[slug],
                 "closest": at.loc[(self.closest, slug)].to_dict(),
                 "broadest": at.loc[(BROADEST_PARTNERSHIP, slug)].to_dict()}
                for slug, name in self.names.items()]

    def legend(self):
        return [{"mark": mark, "meaning": meaning} for mark, meaning in LEGEND.items()]

    def concern_names(self):
        return [country_name(c) for c in self.concern["country_iso3"]]

    def citation(self, title, path):
        """Citation text of the page at `path` (its URL below the site root)."""
        return (f"{SITE_NAME} ({self.base_year + 1}), “{title}”, built from USGS Mineral Commodity Summaries "
                f"{self.base_year + 1} and IEA Critical Minerals Data Explorer 2025 (CC BY 4.0); "
                f"data through {self.base_year}. {self.site_url}{path}")

    # --- pages ---------------------------------------------------------

    def home(self):
        figure = figures.heatmap(self.results.sufficiency, self.names, self.partnership_names, self.base_year)
        context = {"title": "Could the United States and its partners supply the minerals clean energy needs?",
                   "headline": headline(self.results.sufficiency, self.ds.minerals, self.ds.partnerships),
                   "findings": self.findings, "partnership_names": self.partnership_names,
                   "minerals": self.mineral_list(), "closest_name": self.partnership_names[self.closest],
                   "partnerships": self.ds.partnerships.to_dict("records"), "base_year": self.base_year,
                   "scenario_intro": SCENARIO_INTRO, "legend": self.legend(),
                   "sources": self.source_list([self.usgs_edition_source, "iea-cmde-2025", "eiu-democracy-index"]),
                   "citation": self.citation(SITE_NAME, "")}
        return Page("index.md", "home.md.j2", context, [figure])

    def compare(self):
        at = self.at().set_index(["mineral", "partnership"])
        tables = [(column, title, [(slug, name, [dict(at.loc[(slug, p)], partnership=p) for p in self.partnership_names])
                                   for slug, name in self.names.items()])
                  for column, title in (
                      ("production_sufficiency", "Share of NZE 2030 demand today's mine output covers"),
                      ("refining_sufficiency", "Share of NZE 2030 demand the members' refined output covers (IEA)"),
                      ("reserves_sufficiency", "Reserves ÷ cumulative NZE demand to 2050"),
                      ("world_share", "Share of world mine production"))]
        return Page("compare.md", "compare.md.j2", {
            "title": "Partnerships compared", "tables": tables, "partnership_names": self.partnership_names,
            "base_year": self.base_year, "scenario_intro": SCENARIO_INTRO, "legend": self.legend(),
            "citation": self.citation("Partnerships compared", "compare/")})

    def methodology(self):
        return Page("methodology.md", "methodology.md.j2", {
            "title": "Methodology", "measures": PUBLISHED["sufficiency"], "focus": PUBLISHED["focus"],
            "concentration": PUBLISHED["concentration"], "codes": USGS_CODES,
            "tolerance": WORLD_TOTAL_TOLERANCE, "base_year": self.base_year, "scenarios": SCENARIO_NAMES,
            "focus_scenario": FOCUS_SCENARIO, "focus_year": FOCUS_YEAR, "legend": self.legend(),
            "comparability": [dict(r, name=self.names[r["mineral"]]) for r in self.ds.comparability.to_dict("records")],
            "concern": [dict(r, name=country_name(r["country_iso3"]),
                             source=self.sources.loc[r["source_id"]].to_dict())
                        for r in self.concern.to_dict("records")],
            "partnership_order": list(self.partnership_names.values()),
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
                               self.partnership_names, self.closest),
            figures.by_country(self.ds.reserves, membership, m, "reserves", self.reserves_year,
                               self.partnership_names, self.closest),
            figures.demand_against_supply(demand, suff, m, self.base_year, self.partnership_names, self.closest),
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
        first = at.iloc[0]
        context = {
            "title": m.name, "mineral": m._asdict(), "base_year": self.base_year, "reserves_year": self.reserves_year,
            "world_production_t": world_totals(self.ds.production, self.base_year).get(slug, float("nan")),
            "world_reserves": reserves_world.iloc[0].to_dict() if len(reserves_world) else {},
            "mining": self._concentration(conc, "mining"), "refining_conc": self._concentration(conc, "refining"),
            "demand_base": demand.get(("NZE", 2024)), "demand_nze_2030": demand.get(("NZE", 2030)),
            "demand_scope": self.ds.minerals.set_index("mineral").at[slug, "iea_demand_scope"],
            "comparability": list(self.ds.comparability.loc[self.ds.comparability["mineral"] == slug, "reason"]),
            "supply_basis": first["supply_basis"],
            "coverage": coverage, "answer": self._mineral_answer(m, at, conc),
            "concern": self._concern(conc), "scenario_intro": SCENARIO_INTRO, "legend": self.legend(),
            "focus": self._focus(slug), "refining": self._refining(refining),
            "disclosure": self._disclosure(slug),
            "sources": self.source_list([*self.usgs_source_ids(slug), "iea-cmde-2025", "usc-10-4872"]),
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
        comparable = at[[is_comparable(r, "production_sufficiency") for _, r in at.iterrows()]]
        bottlenecks = comparable[comparable["production_sufficiency"] < 0.5].sort_values("production_sufficiency")
        conc = self.results.concentration
        conc = conc[(conc["partnership"] == slug) & (conc["stage"] == "mining")]
        inside = {c.mineral: {"top_member": country_name(c.top_country_iso3) if c.top_country_iso3 else "",
                              "top_member_share": c.top_share} for c in conc.itertuples()}
        focus = self.results.focus
        closers = []
        for row in bottlenecks.to_dict("records"):
            top = focus[(focus["partnership"] == slug) & (focus["mineral"] == row["mineral"])
                        & (focus["rank_production"] == 1)]
            closers.append({**row, "name": self.names[row["mineral"]],
                            "country": country_name(top["country_iso3"].iloc[0]) if len(top) else "",
                            "ties": top["ties"].iloc[0] if len(top) else "",
                            "gain": top["production_sufficiency_gain"].iloc[0] if len(top) else float("nan")})
        rows = {r["mineral"]: r for r in at.to_dict("records")}
        member_sources = sorted(set(members["source_id"]) - {""})
        context = {
            "title": p.name, "partnership": p._asdict(), "base_year": self.base_year,
            "members": [dict(r, name=country_name(r["country_iso3"])) for r in members.to_dict("records")],
            "sentences": sentences(facts, phrase(slug, self.partnership_names[slug]), self.names),
            "rows": [dict(rows[m], name=name, **inside.get(m, {})) for m, name in self.names.items()],
            "closers": closers, "scenario_intro": SCENARIO_INTRO, "legend": self.legend(),
            "status_source": self.sources.loc[p.status_source_id].to_dict() if p.status_source_id else None,
            "sources": self.source_list([p.source_id, *member_sources, *([p.status_source_id] if p.status_source_id
                                                                         else []),
                                         self.usgs_edition_source, "iea-cmde-2025"]),
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

    def _concern(self, conc):
        """The share of mining and refining countries of concern hold: the dependency to replace."""
        out = {"mining": None, "refining": None}
        for stage in out:
            if stage in conc.index and conc.at[stage, "concern_share"] == conc.at[stage, "concern_share"]:
                out[stage] = {"share": conc.at[stage, "concern_share"], "year": int(conc.at[stage, "year"])}
        return {"names": self.concern_names(), **out}

    def _mineral_answer(self, m, at, conc):
        """The mineral page's opening sentences: who holds supply now, and what the United States alone and
        its closest partnership cover, like for like."""
        mining, concern = self._concentration(conc, "mining"), self._concern(conc)
        out = []
        if mining and mining["top"]:
            out.append(f"{mining['top']} mined {percent(mining['top_share'])} of the world's {m.name.lower()} in "
                       f"{self.base_year}.")
        stages = [f"{percent(concern[s]['share'])} of its {'mining' if s == 'mining' else 'refining'} "
                  f"({concern[s]['year']})" for s in ("mining", "refining") if concern[s]]
        if stages:
            out.append(f"Countries of concern hold {' and '.join(stages)}.")
        for slug in (ALONE, self.closest):
            row, who = at.loc[slug], phrase(slug, self.partnership_names[slug])
            if not is_comparable(row, "production_sufficiency"):
                continue
            if row["production_sufficiency"] != row["production_sufficiency"]:
                out.append(f"No coverage figure for {who}: {reason_for(row['missing_reason'], 'production_sufficiency')}.")
                continue
            pronoun = "its" if slug == ALONE else "their"
            basis = f" ({row['supply_basis']}, {row['supply_year']})" if row["supply_year"] != self.base_year else ""
            covers = measure(row, "production_sufficiency", markup=False)
            out.append(f"Today's supply{basis} of {who} would cover {covers} of NZE 2030 demand"
                       + (" (clean-technology demand only)" if row["scope"] == "cleantech" else "")
                       + (f"; {pronoun} reserves {measure(row, 'reserves_sufficiency', markup=False)} of cumulative "
                          f"NZE demand to 2050." if is_comparable(row, "reserves_sufficiency") else "."))
        if not is_comparable(at.iloc[0], "production_sufficiency"):
            out.append("Mine output and demand count different things for this mineral, so no coverage figure is "
                       "given for it; see the note below.")
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
        excluded = focus[(focus["role"] == "excluded") & (focus["production_t"] > 0)].drop_duplicates("country_iso3")
        return {"partnerships": [{"partnership": p, "name": name, "by_production": by_production.get(p, []),
                                  "by_reserves": by_reserves.get(p, []), "members": members.get(p, [])}
                                 for p, name in self.partnership_names.items()],
                "excluded": excluded.sort_values("production_t", ascending=False).to_dict("records")}

    def _refining(self, refining):
        if refining.empty:
            return None
        total = refining["supply_kt"].sum()
        return {"year": int(refining["year"].iloc[0]), "rows": [
            {"name": "Rest of world" if r.row_kind == "rest_of_world" else country_name(r.country_iso3),
             "supply_kt": r.supply_kt, "share": r.supply_kt / total,
             "concern": r.country_iso3 in set(self.concern["country_iso3"])}
            for r in refining.sort_values(["row_kind", "supply_kt"], ascending=[True, False]).itertuples()]}

    def _disclosure(self, slug):
        """Coverage notes: estimated, withheld and unavailable figures in the base year."""
        rows = self.ds.production
        rows = rows[(rows["mineral"] == slug) & (rows["year"] == self.base_year) & (rows["row_kind"] == "country")]
        return {"estimated": int(rows["estimated"].sum()), "countries": len(rows),
                "withheld": [country_name(c) for c in rows.loc[rows["code"] == "W", "country_iso3"]],
                "unavailable": [country_name(c) for c in rows.loc[rows["value_t"].isna() & (rows["code"] != "W"),
                                                                   "country_iso3"]]}
