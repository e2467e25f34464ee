"""Render page models through the Jinja templates into files: path under docs/ → bytes.

Rendering only: no computation and no writing (pipeline.py writes). Every value a template prints is
escaped for Markdown and HTML unless the generator marked it safe (escaping.py).
"""

import hashlib
import json
import math
import re

import altair as alt
import jinja2
import pandas as pd
import vl_convert

from . import escaping
from .formatting import FILTERS, MISSING, is_missing

STATIC_CHART_WIDTH = 640
CLIP_ID = re.compile(r"\bclip(\d+)\b")
VEGA_BUNDLE = "assets/vendor/vega-bundle.js"


def cell(value):
    """A table cell: numbers to 3 significant figures with separators, '—' for missing."""
    if isinstance(value, float):
        return MISSING if math.isnan(value) else FILTERS["num"](value)
    return str(value)


def environment(templates_dir):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             autoescape=True, finalize=escaping.markdown,
                             # Markdown anchors are written {#id}: move Jinja comments out of the way.
                             comment_start_string="<#", comment_end_string="#>")
    env.filters.update(FILTERS)
    env.filters.update(cell=cell, url=escaping.url, front_matter=escaping.front_matter,
                       prose=escaping.markdown_prose)
    env.tests["present"] = lambda value: not is_missing(value)
    return env


def static_svg(spec, previous):
    """The chart as SVG (default selections), reusing the previous file when the spec is unchanged."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    stamp = f"<!-- spec sha256 {digest} -->\n"
    if previous is not None and previous.startswith(stamp.encode()):
        return previous
    svg = vl_convert.vegalite_to_svg({**spec, "width": STATIC_CHART_WIDTH})
    return (stamp + renumber_clips(svg)).encode()


def renumber_clips(svg):
    """Vega numbers clip paths by a counter that runs across every chart one process draws: number them from 1
    within each SVG instead, so a chart's file does not depend on which worker drew it or in what order."""
    numbers = {}
    return CLIP_ID.sub(lambda m: f"clip{numbers.setdefault(m.group(1), len(numbers) + 1)}", svg)


def _jsonable(value):
    if isinstance(value, pd.DataFrame):
        return value.to_dict("index")
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


def render_page(env, page, previous):
    """One page's files: its Markdown, its page-data JSON, and per chart the spec, static SVG and data CSV.

    `previous(path)` gives the bytes of a file as the last build wrote it (or None), so an unchanged
    chart keeps its SVG without rendering it again.
    """
    files = {}
    for figure in page.figures:
        svg_path = f"assets/charts/{figure.id}.svg"
        files[svg_path] = static_svg(figure.spec, previous(svg_path))
        # Specs live in their own files: kept out of the search index and out of mkdocs-material's
        # instant navigation, which re-runs every <script> element it swaps in.
        files[f"assets/charts/{figure.id}.json"] = json.dumps(figure.spec, sort_keys=True,
                                                              ensure_ascii=False).encode()
        files[f"downloads/charts/{figure.id}.csv"] = figure.data.to_csv(index=False, lineterminator="\n").encode()
    text = env.get_template(page.template).render(**page.context, page=page, root=page.root,
                                                  figures={f.id: f for f in page.figures})
    files[page.path] = text.encode()
    context = json.dumps(page.context, default=_jsonable, sort_keys=True, ensure_ascii=False, indent=1)
    files[f"downloads/pages/{page.page_id}.json"] = context.encode()
    return files


def vega_bundle(previous):
    """Vega, Vega-Lite (same major.minor as Altair's specs) and Vega-Embed in one script, stamped with versions."""
    major_minor = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    stamp = (f"// Vega {vl_convert.get_vega_version()}, Vega-Lite {major_minor}, "
             f"Vega-Embed {vl_convert.get_vega_embed_version()} (vl-convert {vl_convert.__version__})\n")
    if previous is not None and previous.startswith(stamp.encode()):
        return previous
    return (stamp + vl_convert.javascript_bundle(vl_version=major_minor)).encode()
