"""Render the page models through the Jinja templates into docs/ (Markdown, chart SVGs, downloads).

Everything is rendered in memory first; only when all of it succeeded are files
written, each atomically, and only those whose bytes changed. Generated files that
are no longer produced are removed.
"""

import hashlib
import json
import math
import os
from pathlib import Path

import altair as alt
import jinja2
import pandas as pd
import vl_convert

from .csvtext import csv_text
from .formatting import FILTERS, MISSING, is_missing
from .engine import compute
from .pages import SiteModel
from .published import PUBLISHED, published_tables

GENERATED_DIRS = ("minerals", "partnerships", "assets/charts", "assets/vendor", "downloads")
STATIC_CHART_WIDTH = 640
VEGA_BUNDLE = "assets/vendor/vega-bundle.js"


def cell(value):
    """A table cell: numbers to 3 significant figures with separators, '—' for missing."""
    if isinstance(value, float):
        return MISSING if math.isnan(value) else FILTERS["num"](value)
    return str(value)


def environment(templates_dir):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             # Markdown anchors are written {#id}: move Jinja comments out of the way.
                             comment_start_string="<#", comment_end_string="#>")
    env.filters.update(FILTERS)
    env.filters["cell"] = cell
    env.tests["present"] = lambda value: not is_missing(value)
    return env


def static_svg(spec, previous):
    """The chart as SVG (default selections), reusing the previous file when the spec is unchanged."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    stamp = f"<!-- spec sha256 {digest} -->\n"
    if previous is not None and previous.startswith(stamp.encode()):
        return previous
    svg = vl_convert.vegalite_to_svg({**spec, "width": STATIC_CHART_WIDTH})
    return (stamp + svg).encode()


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


def render_files(ds, results, templates_dir, docs_dir, site_url):
    """Every generated file as path (under docs/) → bytes."""
    env = environment(templates_dir)
    model = SiteModel(ds, results, site_url)
    files = {}
    for page in model.pages():
        for figure in page.figures:
            svg_path = f"assets/charts/{figure.id}.svg"
            previous = Path(docs_dir, svg_path).read_bytes() if Path(docs_dir, svg_path).exists() else None
            files[svg_path] = static_svg(figure.spec, previous)
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
    for name, frame in published_tables(ds, results).items():
        files[f"downloads/{name}.csv"] = csv_text(frame, PUBLISHED[name]).encode()
    previous = Path(docs_dir, VEGA_BUNDLE)
    files[VEGA_BUNDLE] = vega_bundle(previous.read_bytes() if previous.exists() else None)
    return files


def vega_bundle(previous):
    """Vega, Vega-Lite (same major.minor as Altair's specs) and Vega-Embed in one script, stamped with versions."""
    major_minor = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    stamp = (f"// Vega {vl_convert.get_vega_version()}, Vega-Lite {major_minor}, "
             f"Vega-Embed {vl_convert.get_vega_embed_version()} (vl-convert {vl_convert.__version__})\n")
    if previous is not None and previous.startswith(stamp.encode()):
        return previous
    return (stamp + vl_convert.javascript_bundle(vl_version=major_minor)).encode()


def write_files(files, docs_dir):
    """Write changed files atomically and remove stale generated ones. Returns the number written."""
    docs_dir = Path(docs_dir)
    written = 0
    for relative, content in sorted(files.items()):
        target = docs_dir / relative
        if target.exists() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
        written += 1
    for folder in GENERATED_DIRS:
        for path in sorted((docs_dir / folder).rglob("*")) if (docs_dir / folder).exists() else []:
            if path.is_file() and path.relative_to(docs_dir).as_posix() not in files:
                path.unlink()
    return written


def build_docs(ds, root, docs_dir, site_url):
    """Compute, render and write the generated part of docs/. Returns the number of files written."""
    results = compute(ds)
    files = render_files(ds, results, Path(root) / "templates", docs_dir, site_url)
    return write_files(files, docs_dir)
