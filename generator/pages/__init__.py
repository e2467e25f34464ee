"""Page models: everything a template needs for each page, computed here so templates hold layout only.

One module per page kind; `Site` holds what they share. `jobs` lists every page as a call that builds
it, so the renderer can build pages in any process.
"""

from functools import partial

from .home import compare, home
from .mineral import mineral
from .partnership import partnership
from .reference import data, methodology, minerals_index, partnerships_index
from .site import Page, Site

__all__ = ["Page", "Site", "jobs"]


def jobs(site):
    """Every page of the site, each as a call with no arguments that returns its `Page`."""
    return ([partial(build, site) for build in (home, compare, methodology, data, minerals_index, partnerships_index)]
            + [partial(mineral, site, m) for m in site.ds.minerals.itertuples()]
            + [partial(partnership, site, p) for p in site.ds.partnerships.itertuples()])
