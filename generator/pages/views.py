"""The parts of a page that follow the reader's view (scenario and year): the text of every view, computed by
the same code that writes the default one.

A template prints a part with `view(views, key)`: a span marked `data-v`, holding the default view's text.
The page's views file (assets/views/<page>.json) holds every view's text for the same keys; charts.js swaps
it in when the URL or a control changes the view.
"""

import json

from markupsafe import Markup

from ..escaping import markdown
from ..figures import MEASURE_KEYS
from ..figures import VIEW_STATES as STATES
from ..figures import view_key as state_key
from ..formatting import MISSING, NOT_COMPARABLE, measure
from ..metrics import reason_for
from ..schema import MILESTONE_YEARS, SCENARIOS

DEFAULT = ("NZE", 2030)


def cell(row, name):
    """[text, why] of one measure of a sufficiency row: why is the reason behind a '—' or 'n/c', else ''."""
    text = str(measure(row, name, markup=False))
    if text == NOT_COMPARABLE:
        return [text, reason_for(row.get("comparability_note"), name)]
    if text == MISSING:
        return [text, reason_for(row.get("missing_reason"), name)]
    return [text, ""]


def all_views(build):
    """{state key: build(scenario, year)} for every view; build returns {part key: [text, why]}."""
    return {state_key(s, y): build(s, y) for s, y in STATES}


def view(views, key):
    """The default view's text of one part, marked for charts.js to swap."""
    text, why = views[state_key(*DEFAULT)][key]
    title = Markup(' title="{}" tabindex="0"').format(why) if why else ""
    # Markdown is still parsed between inline HTML tags: the text is escaped for Markdown, not only HTML.
    return Markup('<span data-v="{}"{}>{}</span>').format(key, title, markdown(text))


def views_file(page_id, views, figures=()):
    """path under docs/ → bytes of a page's views file: its own parts and its figures' table cells."""
    merged = {state: dict(parts) for state, parts in views.items()}
    for figure in figures:
        for state, parts in (figure.views or {}).items():
            merged[state].update(parts)
    return {f"assets/views/{page_id}.json": json.dumps(merged, sort_keys=True, ensure_ascii=False,
                                                       separators=(",", ":")).encode()}


def state_element(root, page_id, partnership, partnership_names, measure_key="production", controls=False):
    """The element charts.js reads a page's view settings from: where its views are, the defaults and the
    values each setting may take; the page's "Copy link" control; and, for a page without charts (whose
    selectors would otherwise set the view), scenario and year selectors of its own."""
    own = Markup("")
    if controls:
        own = Markup('<span class="view-controls"><label>Scenario <select data-view-param="scenario">{}</select></label> '
                     '<label>Year <select data-view-param="year">{}</select></label></span> ').format(
            Markup("").join(Markup('<option value="{0}"{1}>{0}</option>').format(s, Markup(" selected") if s == DEFAULT[0]
                                                                                else "") for s in SCENARIOS),
            Markup("").join(Markup('<option value="{0}"{1}>{0}</option>').format(y, Markup(" selected") if y == DEFAULT[1]
                                                                                else "") for y in MILESTONE_YEARS))
    return own + Markup('<div class="view-state" hidden data-views="{}" data-scenario="{}" data-year="{}" '
                  'data-partnership="{}" data-measure="{}" data-scenarios="{}" data-years="{}" '
                  'data-partnerships="{}" data-measures="{}"></div>\n'
                  '<p class="view-bar"><span class="view-notice" role="status" hidden></span> '
                  '<button type="button" class="md-button view-copy">Copy link to this view</button> '
                  '<span class="view-copied" role="status"></span></p>').format(
        f"{root}assets/views/{page_id}.json", DEFAULT[0], DEFAULT[1], partnership, measure_key,
        " ".join(SCENARIOS), " ".join(str(y) for y in MILESTONE_YEARS), json.dumps(partnership_names),
        " ".join(MEASURE_KEYS.values()))
