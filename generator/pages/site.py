"""What every page model shares: the dataset, the results, names in reading order, sources and citations."""

from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from ..citation import Citation
from ..countries import country_name
from .. import cells
from ..escaping import markdown
from ..figures import vintages, with_labels
from ..findings import ALONE, findings, partnership_findings, scenario_in_full
from ..formatting import LEGEND
from ..frames import cut, records
from ..metrics import latest_year
from ..published import KEYS
from ..schema import MILESTONE_YEARS
from ..view import DEFAULT, all_views, scenarios
from ..schema import STAGES
from .mineral_tables import top_ranked

BROADEST_PARTNERSHIP = "democracies"
SCENARIO_INTRO = (f"Demand is the IEA's {scenario_in_full(DEFAULT.scenario)}, the 1.5 °C pathway, in {DEFAULT.year} unless stated; "
                  f"the {scenario_in_full('STEPS')} and {scenario_in_full('APS')} are in the charts and downloads.")


def basis_words(mineral):
    """What a mineral's tonnes count, naming each source where the USGS and the IEA count different things:
    'Li content', or 'natural graphite (USGS); natural and synthetic graphite (IEA)'."""
    if mineral["iea_basis"]:
        return f"{mineral['basis']} (USGS); {mineral['iea_basis']} (IEA)"
    return mineral["basis"]


@dataclass
class Page:
    path: str  # under docs/, e.g. "minerals/lithium.md"
    template: str
    context: dict
    figures: list = field(default_factory=list)
    main_figure: int = 0  # the chart a link preview shows
    assets: dict = field(default_factory=dict)  # other files the page needs: path under docs/ → bytes
    charts: dict = field(default_factory=dict)  # Vega-Lite specs the page's script draws: path stem → spec
    # A page whose parts follow the view: its views.state_element settings, which its charts' embed pages share.
    view_settings: dict = field(default_factory=dict)

    @property
    def root(self):
        """Relative prefix from the page's URL to the site root (raw HTML is not rewritten by MkDocs)."""
        parts = self.path.removesuffix(".md").split("/")
        depth = len(parts) - (1 if parts[-1] == "index" else 0)
        return Markup("../" * depth)

    @property
    def md_root(self):
        """Relative prefix from the Markdown file to docs/ (Markdown links are rewritten by MkDocs)."""
        return Markup("../" * self.path.count("/"))

    @property
    def page_id(self):
        return self.path.removesuffix(".md").replace("/", "-")


def reading_order(minerals):
    """mineral → name, grouped by demand scope (total demand first: it carries the headline), then by the stage
    the USGS counts (mine before refinery and smelter), each group in minerals.csv order: a long heatmap shows
    its like-for-like rows first."""
    ordered = minerals.assign(cleantech=minerals["iea_demand_scope"] != "total",
                              stage_order=minerals["stage"].map(STAGES.index)).sort_values(
        ["cleantech", "stage_order"], kind="stable")
    return dict(zip(ordered["mineral"], ordered["name"]))


class Site:
    """The dataset and results, with the names, order and sources every page reads."""

    def __init__(self, ds, results, tables, site_url, build_date):
        self.ds, self.results, self.site_url, self.build_date = ds, results, site_url, build_date
        self.tables = tables  # the published tables: every figure a page prints is a cell of one of them
        self._rows, self._findings = {}, {}
        self.scenarios, self.years = scenarios(ds.demand), list(MILESTONE_YEARS)
        self.views = all_views(self.scenarios, self.years)
        self.base_year, self.reserves_year = latest_year(ds.production), latest_year(ds.reserves)
        self.editions = vintages(ds)
        self.names = reading_order(ds.minerals)
        self.partnership_names = dict(zip(ds.partnerships["partnership"], ds.partnerships["short_name"]))
        headline_rows = ds.partnerships[ds.partnerships["headline"]]
        self.closest = headline_rows["partnership"].iloc[0] if len(headline_rows) else ALONE
        self.sources = ds.sources.set_index("source_id")
        self.findings = findings(results.sufficiency, ds.minerals, ds.partnerships)
        self.sufficiency = with_labels(results.sufficiency)
        # Cut once per build, not per page and view: a boolean slice of a table this wide costs milliseconds, and
        # the pages ask for thousands.
        self._at = cut(self.sufficiency, ["scenario", "year"])
        self.of_mineral = cut(self.sufficiency, "mineral")
        self.of_partnership = cut(self.sufficiency, "partnership")
        self.legend = [{"mark": mark, "meaning": meaning} for mark, meaning in LEGEND.items()]
        self.concern_names = [country_name(c) for c in ds.countries_of_concern["country_iso3"]]
        self.focus_tops = top_ranked(results.focus)
        self._focus = cut(results.focus, "mineral")
        self._usgs = pd.concat([ds.production[ds.production["year"] == self.base_year],
                                ds.reserves[ds.reserves["year"] == self.reserves_year]])
        self._iea = pd.concat([ds.demand, ds.supply_projection])
        usgs = self.usgs()
        self.countries = sorted(set(usgs.loc[usgs["row_kind"] == "country", "country_iso3"]))

    def at(self, view=DEFAULT):
        """The sufficiency rows of one view (scenario and year)."""
        return self._at[(view.scenario, view.year)]

    def findings_of(self, view, partnership):
        """What a partnership reaches at a view (findings.partnership_findings), worked out once per build
        process: every partnership page and the home page give every partnership's count at every view."""
        key = (view.scenario, view.year, partnership)
        if key not in self._findings:
            self._findings[key] = partnership_findings(self.at(view), partnership, view.scenario, view.year)
        return self._findings[key]

    def focus_of(self, mineral):
        """The candidate rows (focus table) of one mineral."""
        return self._focus.get(mineral, self.results.focus.iloc[:0])

    def row(self, table, **key):
        """The one row of a published table with this key (a dict), or None."""
        if table not in self._rows:
            frame = self.tables[table]
            self._rows[table] = dict(zip(zip(*(frame[k].map(cells.key_text) for k in KEYS[table])),
                                         records(frame)))
        return self._rows[table].get(tuple(cells.key_text(key[k]) for k in KEYS[table]))

    def fig(self, table, column, why="", **key):
        """The figure a page prints for one cell of a published table (None where there is no such row)."""
        found = self.row(table, **key)
        return None if found is None else cells.column(table, found, column, why)

    def usgs(self, mineral=None):
        """The base-year production and reserves-year rows the measures use (of one mineral, or all)."""
        rows = self._usgs
        return rows if mineral is None else rows[rows["mineral"] == mineral]

    def iea(self, mineral=None):
        """The IEA's demand and projected supply rows (of one mineral, or all)."""
        rows = self._iea
        return rows if mineral is None else rows[rows["mineral"] == mineral]

    def source_list(self, *frames, ids=()):
        """The sources cited by the rows of `frames` (and `ids`), in id order: a page cites what it uses."""
        used = set(ids).union(*(set(f["source_id"]) - {""} for f in frames))
        return [dict(self.sources.loc[i], source_id=i) for i in sorted(used)]

    def view_settings(self, partnership, **measures):
        """A page's view settings (views.state_element's): the partnership it opens on, the site's partnerships,
        scenarios and years, and `measures` (measure_key, the default; measures, those offered) where given."""
        return dict(partnership=partnership, partnership_names=self.partnership_names, scenarios=self.scenarios,
                    years=self.years, **measures)

    def citation(self, title, path):
        """How to cite the page at `path` (its URL below the site root): the data editions it is built from,
        the newest edition's date, and the build date as the access date."""
        used = sorted(set(self.usgs()["source_id"]) | set(self.iea()["source_id"]))
        editions = tuple(f"{self.sources.at[i, 'publisher']}, {self.sources.at[i, 'title']}" for i in used)
        dates = sorted(d for d in self.sources.loc[used, "published"] if d)
        return Citation(title=title, url=f"{self.site_url}{path}", editions=editions, year=self.base_year + 1,
                        data_date=dates[-1] if dates else str(self.base_year + 1), accessed=self.build_date)

    def country_link(self, code, md_root):
        """A country's name as a Markdown link to its page (from a page whose Markdown root is `md_root`), or
        its name alone where it has no page."""
        name = country_name(code)
        if code not in self.countries:
            return name
        return Markup(f"[{markdown(name)}]({md_root}countries/{code.lower()}.md)")

    def country_anchor(self, code, root):
        """A country's name as an HTML link to its page (for raw HTML, from a page whose URL root is `root`),
        or its name alone where it has no page."""
        name = country_name(code)
        if code not in self.countries:
            return name
        return Markup('<a href="{}countries/{}/">{}</a>').format(root, code.lower(), markdown(name))

    def mineral_list(self, view=DEFAULT):
        """Every mineral (total-demand ones first) with its rows for the closest and the broadest partnership."""
        at = {(r["partnership"], r["mineral"]): r for r in records(self.at(view))}
        basis = {m["mineral"]: basis_words(m) for m in records(self.ds.minerals)}
        out = []
        for slug, name in self.names.items():
            item = {"slug": slug, "name": name, "basis": basis[slug],
                    "closest": at[(self.closest, slug)], "broadest": at[(BROADEST_PARTNERSHIP, slug)]}
            item["figs"] = [cells.measure(item[who], measure) for who in ("closest", "broadest")
                            for measure in ("production_sufficiency", "reserves_sufficiency")]
            out.append(item)
        return out
