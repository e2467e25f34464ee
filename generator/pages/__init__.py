"""Page models: everything a template needs for each page, computed here so templates hold layout only.

One module per page kind; `Site` holds what they share. `jobs` lists every page as a call that builds
it, so the renderer can build pages in any process.
"""

from functools import partial

from ..frames import records
from .build import build
from .country import countries_index, country
from .demand_only import demand_only
from .home import compare, home
from .mineral import mineral
from .partnership import partnership
from .reference import data, methodology, minerals_index, partnerships_index
from .site import Page, Site

__all__ = ["Page", "Site", "jobs"]


def jobs(site):
    """Every page of the site, each as a call with no arguments that returns its `Page`."""
    return ([partial(page, site) for page in (home, compare, methodology, data, minerals_index, partnerships_index,
                                              countries_index, build)]
            + [partial(mineral, site, m) for m in site.ds.minerals.itertuples()]
            + [partial(demand_only, site, m) for m in records(site.ds.minerals_outside)]
            + [partial(partnership, site, p) for p in site.ds.partnerships.itertuples()]
            + [partial(country, site, code) for code in site.countries])
