"""A country page: what it mines and holds in reserve, its rank, its partnerships, its democracy score and
whether it is a country of concern; and the index of countries."""

from urllib.parse import urlencode

from .. import cells
from ..countries import country_name
from ..country_figures import world_shares_figure
from ..figures import world_of
from ..findings import listed
from ..frames import records
from ..load import DEMOCRACY_THRESHOLD
from ..schema import OUTPUT_STAGE
from ..screen import partnership_exclusion, reason_in_words, screen
from .site import Page


def build_link(site, members, name):
    """A link to the build page with these members (ISO3) and this name, relative to a country page."""
    return "../../build/?" + urlencode({"members": ",".join(members), "name": name}, safe=",")


def country(site, code):
    ds, name = site.ds, country_name(code)
    shares = site.tables["shares"]
    mine = shares[(shares["country_iso3"] == code) & (shares["stage"].isin((*OUTPUT_STAGE.values(), "reserves")))]

    def figure(slug, table, stage, year):
        row = site.row(table, mineral=slug, row_kind="country", country_iso3=code, year=year)
        share = site.row("shares", mineral=slug, stage=stage, row_kind="country", country_iso3=code)
        if row is None or share is None:
            return None
        why = "" if row["value_t"] == row["value_t"] else f"published as {row['reported_as']}"
        note = f" (of {world_of(share['world_total_excludes'])})" if share["world_total_excludes"] else ""
        return {"value": cells.column(table, row, "value_t", why),
                "share": [cells.column("shares", share, "share"), note], "share_value": share["share"],
                "rank": cells.column("shares", share, "rank"), "rank_value": share["rank"]}

    stage = ds.minerals.set_index("mineral")["stage"]
    minerals = [{"mineral": slug, "name": mineral_name, "stage": stage[slug],
                 "production": figure(slug, "production", OUTPUT_STAGE[stage[slug]], site.base_year),
                 "reserves": figure(slug, "reserves", "reserves", site.reserves_year)}
                for slug, mineral_name in site.names.items() if slug in set(mine["mineral"])]
    members = ds.partnership_members
    joined = members[members["partnership"].isin(site.partnership_names) & (members["country_iso3"] == code)]
    partnerships = [dict(r, name=site.partnership_names[r["partnership"]],
                         note=cells.column("partnerships", r, "note") if r["note"] else "")
                    for r in records(joined)]
    offers, refused = join_offers(site, code, set(joined["partnership"]))
    concern = ds.countries_of_concern.set_index("country_iso3")["designation"]
    score_year = int(ds.democracy_index["year"].max())
    shares = world_shares_figure(code, name, minerals, site.base_year, site.reserves_year, site.editions.usgs)
    context = {
        "title": name, "code": code, "base_year": site.base_year, "reserves_year": site.reserves_year,
        "sentence": cells.html(opening_sentence(name, minerals, len(site.names))),
        "shares_figure": shares.id if shares else None,
        "minerals": minerals, "partnerships": partnerships, "add_to": offers, "not_offered": refused,
        "alone": build_link(site, [code], name),
        "score": site.fig("democracy_index", "democracy_score", country_iso3=code, year=score_year),
        "score_year": score_year, "concern": concern.get(code, ""),
        "sources": site.source_list(site.usgs()[site.usgs()["country_iso3"] == code], ds.democracy_index,
                                    ds.countries_of_concern[ds.countries_of_concern["country_iso3"] == code]),
        "citation": site.citation(name, f"countries/{code.lower()}/"),
    }
    return Page(f"countries/{code.lower()}.md", "country.md.j2", context, [shares] if shares else [])


# The minerals a country leads the world in that its sentence names; more are counted.
LEADS_NAMED = 3


def opening_sentence(name, minerals, mineral_count):
    """The page's first sentence, in words (issue 28.4): how many of the site's minerals the country produces (a
    share of world output above zero; a withheld figure is not counted), and which it leads the world in, or else
    its largest share of world output (a figure, its published cell)."""
    produced = sorted((m for m in minerals if m["production"] and m["production"]["share_value"] > 0),
                      key=lambda m: -m["production"]["share_value"])  # the largest shares first
    if not produced:
        return [f"{name} produces none of the {mineral_count} minerals on this site, by the USGS tables."]
    says = f"{name} produces {len(produced)} of the {mineral_count} minerals on this site"
    leads = [m["name"] for m in produced if m["production"]["rank_value"] == 1]
    if leads:
        named = listed(leads[:LEADS_NAMED])
        if len(leads) > LEADS_NAMED:
            named = f"{len(leads)} of them, among them {named}"
        return [f"{says} and is the world's largest producer of {named}."]
    largest = produced[0]
    return [f"{says}; its largest share of world output is of {largest['name'].lower()}: ",
            largest["production"]["share"][0], "."]


def join_offers(site, code, joined):
    """The "What if it joined?" links: one per partnership the country is not in and may be offered to, by the
    same screen as the candidate rankings (screen.py); and (partnership short names, reason) for those it may not
    be offered to. A country that fails the screen itself is offered to none."""
    ds, name = site.ds, country_name(code)
    screened = screen([code], ds.countries_of_concern, ds.sanctions, ds.democracy_index, ds.territories)
    ruled = set(ds.partnerships.loc[ds.partnerships["rule"] == "eiu_democracy", "partnership"])
    members = ds.partnership_members
    offers, refused = [], {}
    for slug, short in site.partnership_names.items():
        if slug in joined:
            continue
        listed = list(members.loc[members["partnership"] == slug, "country_iso3"])
        exclusion, reason = partnership_exclusion(screened, set(listed),
                                                  DEMOCRACY_THRESHOLD if slug in ruled else None)
        if exclusion.iloc[0]:
            # In words: the page prints the EIU score itself as a sourced figure.
            refused.setdefault(reason_in_words(exclusion.iloc[0], reason.iloc[0], DEMOCRACY_THRESHOLD),
                               []).append(short)
        else:
            offers.append({"name": short, "link": build_link(site, [*listed, code], f"{short} + {name}")})
    return offers, [{"reason": reason, "partnerships": names} for reason, names in refused.items()]


def countries_index(site):
    concern = set(site.ds.countries_of_concern["country_iso3"])
    rows = [{"code": c, "slug": c.lower(), "name": country_name(c), "concern": c in concern}
            for c in site.countries]
    return Page("countries/index.md", "countries_index.md.j2", {
        "title": "Countries", "countries": sorted(rows, key=lambda r: r["name"]),
        "citation": site.citation("Countries", "countries/")})
