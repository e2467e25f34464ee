"""The parts of a page that follow the reader's view (scenario, year and partnership): the text of every view,
computed by the same code that writes the default one.

A part is a list of words and figures (cells.Fig). A template prints a part with `view(views, key)`: a span
marked `data-v` holding the default view's words and figures, each figure an element naming its cell. The
page's views file (assets/views/<page>.json) holds every view's segments ([text, cell, why]) for the same
keys; charts.js swaps them in, data-cell and all, when the URL or a control changes the view. A part that
follows the partnership as well (the answer a page opens with) is kept under '<scenario>|<year>|<partnership>'
and looked up there first.
"""

import json

from markupsafe import Markup

from .. import cells
from ..figures import MEASURE_KEYS
from ..view import DEFAULT


def all_views(build, views):
    """{view key: build(view)} for every view; build returns {part key: [words and figures]}."""
    return {v.key: build(v) for v in views}


def partnership_views(build, views, partnerships):
    """{'<scenario>|<year>|<partnership>': build(view, partnership)} for every view and partnership: the parts
    that follow the partnership too."""
    return {partnership_key(v, p): build(v, p) for v in views for p in partnerships}


def partnership_key(v, partnership):
    return f"{v.key}|{partnership}"


# Where a part's key names the page's measure: the page's measure selector chooses which part is shown.
MEASURE_SLOT = "{measure}"


def view(views, key, partnership=None, measure=None):
    """The default view's words and figures of one part (of the default scenario and year with `partnership`, for
    a part that follows the partnership; of `measure`, for a key with MEASURE_SLOT), marked for charts.js to swap."""
    state = DEFAULT.key if partnership is None else partnership_key(DEFAULT, partnership)
    shown = key.replace(MEASURE_SLOT, measure) if measure else key
    return Markup('<span data-v="{}">{}</span>').format(key, cells.html(views[state][shown]))


def views_file(page_id, views, figures=()):
    """path under docs/ → bytes of a page's views file: its own parts and its figures' table cells, as segments."""
    merged = {state: {k: cells.segments(v) for k, v in parts.items()} for state, parts in views.items()}
    for figure in figures:
        for state, parts in (figure.views or {}).items():
            merged[state].update({k: cells.segments(v) for k, v in parts.items()})
    return {f"assets/views/{page_id}.json": json.dumps(merged, sort_keys=True, ensure_ascii=False,
                                                       separators=(",", ":")).encode()}


def state_element(root, page_id, partnership, partnership_names, scenarios, years, measure_key="production",
                  controls=(), measures=tuple(MEASURE_KEYS.values())):
    """The element charts.js reads a page's view settings from: where its views are, the defaults and the
    values each setting may take; the page's "Copy link" control; and, for a page without charts (whose
    selectors would otherwise set the view), selectors of its own: `controls`, (setting, label, [(value, text)])
    each, the default selected."""
    defaults = {"scenario": DEFAULT.scenario, "year": str(DEFAULT.year), "partnership": partnership,
                "measure": measure_key}
    own = Markup("")
    if controls:
        # A paragraph of its own: the block that follows is raw HTML, which a paragraph may not hold.
        own = Markup('<p class="view-controls">{}</p>\n').format(Markup(" ").join(
            Markup('<label>{} <select data-view-param="{}">{}</select></label>').format(label, setting, Markup("").join(
                Markup('<option value="{}"{}>{}</option>').format(
                    value, Markup(" selected") if str(value) == defaults[setting] else "", text)
                for value, text in options))
            for setting, label, options in controls))
    return own + Markup('<div class="view-state" hidden data-views="{}" data-scenario="{}" data-year="{}" '
                        'data-partnership="{}" data-measure="{}" data-scenarios="{}" data-years="{}" '
                        'data-partnerships="{}" data-measures="{}"></div>\n'
                        '<p class="view-bar"><span class="view-notice" role="status" hidden></span> '
                        '<button type="button" class="md-button view-copy">Copy link to this view</button> '
                        '<button type="button" class="md-button view-reset" hidden>Reset to the default view</button> '
                        '<span class="view-copied" role="status"></span></p>').format(
        f"{root}assets/views/{page_id}.json", DEFAULT.scenario, DEFAULT.year, partnership, measure_key,
        " ".join(scenarios), " ".join(str(y) for y in years), json.dumps(partnership_names), " ".join(measures))
