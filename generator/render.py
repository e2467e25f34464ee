"""Render page models through the Jinja templates into files: path under docs/ → bytes.

Rendering only: no computation and no writing (pipeline.py writes). Every value a template prints is
escaped for Markdown and HTML unless the generator marked it safe (escaping.py).
"""

import hashlib
import json
import math
import os
import re
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import altair as alt
import jinja2
import pandas as pd
import vl_convert
from markupsafe import Markup, escape

from .charts import BACKGROUND, FONT, TEXT, in_palette, selectors, svg_in_dark, unbound
from .citation import SITE_NAME
from .pages.views import state_element, view

from . import cells, escaping
from .measures import MISSING
from .view import DEFAULT

# The static images are drawn as wide as the chart is drawn in the content column of a desktop (1280 px screen) and
# of a phone (390 px): the image shown at first paint is then the chart Vega draws, were the reader to change its view.
STATIC_CHART_WIDTH = 688  # px
NARROW_CHART_WIDTH = 358  # px
CLIP_ID = re.compile(r"\bclip(\d+)\b")
VENDOR = Path(__file__).parent / "vendor"
VEGA_SCRIPT = "assets/vendor/vega.min.js"
VEGA_LITE = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # the Vega-Lite major.minor Altair writes specs for


def cell(value):
    """A table cell: a figure (cells.Fig) or markup as it is, '—' for nothing, else text. Numbers never reach a
    template unformatted: each is a Fig, formatted once (measures.label) and naming its published cell."""
    if value is None:
        return MISSING
    return value if hasattr(value, "__html__") else str(value)


CACHE = Path(sys.prefix, "share", "friendshoring-minerals")  # per Python environment, like an installed package


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the environment's cache: every render worker would otherwise compile them all
    again, most of a small site's render time. Jinja keys a template's code by its source; the file name adds the
    options it is compiled with. A read-only environment goes without it."""

    def __init__(self, options, filters):
        # Jinja also fixes at compile time how it calls finalize and the filters, and applies them to constant
        # output: their source is in the key too.
        compiled_with = f"{jinja2.__version__} {sorted(options.items())} {sorted(filters)} " + \
            Path(escaping.__file__).read_text(encoding="utf-8") + Path(__file__).read_text(encoding="utf-8")
        options_digest = hashlib.sha256(compiled_with.encode()).hexdigest()[:16]
        super().__init__(str(CACHE / "templates"), f"%s.{options_digest}.cache")
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
        except OSError:
            pass

    def dump_bytecode(self, bucket):
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


# How the templates are compiled: trailing newlines kept, block tags leave no blank lines; Markdown anchors are
# written {#id}, so Jinja comments move out of their way.
TEMPLATE_OPTIONS = dict(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=True,
                        comment_start_string="<#", comment_end_string="#>")


def environment(templates_dir):
    filters = dict(e=escape, cell=cell, parts=cells.html, url=escaping.url, front_matter=escaping.front_matter,
                   prose=escaping.markdown_prose, fenced=escaping.fenced)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), undefined=jinja2.StrictUndefined,
                             finalize=escaping.markdown, bytecode_cache=TemplateCache(TEMPLATE_OPTIONS, filters),
                             **TEMPLATE_OPTIONS)
    env.filters.update(filters)
    env.globals.update(view=view, default=DEFAULT)
    return env


def static_svg(spec, previous, width=STATIC_CHART_WIDTH):
    """The chart as SVG in its default view, in the light palette, `width` px wide. An SVG is a pure function of its
    spec and the renderer's version, so it is reused from the previous file, or from the environment's chart cache,
    when the spec is unchanged: drawing one takes about 0.1 s."""
    shown = default_view(spec)
    digest = hashlib.sha256(f"{vl_convert.__version__} {width} {json.dumps(shown, sort_keys=True)}".encode()).hexdigest()
    stamp = f"<!-- spec sha256 {digest} -->\n".encode()
    if previous is not None and previous.startswith(stamp):
        return previous
    return memoised(f"charts/{digest}.svg", lambda: stamp + renumber_clips(
        vl_convert.vegalite_to_svg({**shown, "width": width})).encode())


def static_images(figure, previous):
    """A chart's static images, path under docs/ → SVG: in both palettes, for a desktop and for a phone (a chart
    that scrolls in its own box is as wide on both, so it has one). The light desktop image is also the one
    offered for download."""
    images = {}
    for narrow in (False, True):
        if narrow and figure.min_width:
            continue
        path = figure.image("light", narrow)
        width = NARROW_CHART_WIDTH if narrow else max(STATIC_CHART_WIDTH, figure.min_width)
        images[path] = static_svg(figure.spec, previous(path), width)
        images[figure.image("dark", narrow)] = svg_in_dark(images[path].decode()).encode()
    return images


def vega_specs(stem, spec):
    """The Vega-Lite `spec` compiled to Vega at build time, in the light and the dark palette: `stem`.json and
    `stem`.dark.json. The browser then draws with Vega alone, without the Vega-Lite compiler (a third of the
    script). Memoised in the environment's chart cache like the SVGs: a compiled spec is a pure function of the
    spec and the compiler's version."""
    files = {}
    for suffix, palette in ((".json", "light"), (".dark.json", "dark")):
        coloured, options = in_palette(unbound(spec), palette)
        text = json.dumps(coloured, sort_keys=True)
        digest = hashlib.sha256(f"{vl_convert.__version__} {VEGA_LITE} {options} {text}".encode()).hexdigest()
        files[stem + suffix] = memoised(f"specs/{digest}.json", lambda coloured=coloured, options=options: json.dumps(
            vl_convert.vegalite_to_vega(coloured, vl_version=VEGA_LITE, **options), sort_keys=True,
            ensure_ascii=False, separators=(",", ":")).encode())
    return files



def static_png(svg):
    """The page's main chart as PNG (its export image, with its context), for link previews (Open Graph): memoised
    like the SVG."""
    return memoised(f"charts/{hashlib.sha256(svg).hexdigest()}.png", lambda: vl_convert.svg_to_png(svg.decode(),
                                                                                                   scale=1.0))


def export_context(figure, context):
    """(heading, view, source) of a figure's export image, from the page it is on (`context`: its template's)."""
    citation, title = context["citation"], figure.title.rstrip(".")
    # What the page cites itself as (its mineral, partnership or country; the site), unless the chart's title names it.
    heading = title if citation.title.lower() in title.lower() else f"{citation.title}: {title}"
    view = " · ".join(f"{label}: {dict(options)[value]}" for _, label, options, value in figure.selectors)
    sources = figure.sources or "Sources: listed on the page."
    return heading, view, f"{sources} Data as of {citation.data_date}. {citation.url}"


# The lines an exported image adds above and below the chart: (font size, weight) of the heading, the view, the source.
EXPORT_LINES = {"heading": (15, "bold"), "view": (12, "normal"), "source": (11, "normal")}
EXPORT_PADDING = 12  # px around the added lines
CHARACTER_WIDTH = 0.55  # of the font size: how wide a character of FONT is on average, to wrap the source line


def export_svg(svg, heading, view, source):
    """The chart's static image (SVG bytes, its first line the cache stamp) as a file to download and reuse: the
    chart under `heading` (what it shows: the page's mineral or partnership, and the chart's title) and `view` (the
    scenario, year, measure or partnership it is drawn for), above `source` (the sources, the data's date and the
    page's address), wrapped to the image's width."""
    chart = svg.decode().split("\n", 1)[1]
    width, height = svg_width(svg), svg_height(svg)
    size = {line: size for line, (size, _) in EXPORT_LINES.items()}
    source_lines = textwrap.wrap(source, int((width - 2 * EXPORT_PADDING) / (size["source"] * CHARACTER_WIDTH)))
    above = [("heading", line) for line in textwrap.wrap(heading, int(
        (width - 2 * EXPORT_PADDING) / (size["heading"] * CHARACTER_WIDTH)))] + ([("view", view)] if view else [])
    texts, y = [], EXPORT_PADDING
    for kind, line in above:
        y += round(size[kind] * 1.3)
        texts.append((kind, y, line))
    top = y + EXPORT_PADDING
    y = top + height + EXPORT_PADDING
    for line in source_lines:
        y += round(size["source"] * 1.3)
        texts.append(("source", y, line))
    total = y + EXPORT_PADDING
    body = "".join(f'<text x="{EXPORT_PADDING}" y="{y}" font-size="{EXPORT_LINES[kind][0]}" '
                   f'font-weight="{EXPORT_LINES[kind][1]}">{escape(line)}</text>' for kind, y, line in texts)
    nested = chart.replace("<svg ", f'<svg x="0" y="{top}" ', 1)  # the chart as it is, moved down
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" viewBox="0 0 {width} {total}">'
            f'<rect width="{width}" height="{total}" fill="{BACKGROUND["light"]}"/>'
            f'<g font-family="{FONT}" fill="{TEXT["light"]}">{body}</g>{nested}</svg>').encode()


def memoised(name, make):
    """The bytes `make()` returns, kept in the environment's chart cache under `name` (a digest of everything
    they depend on): made once, then read back."""
    cached = CACHE / name
    if cached.exists():
        os.utime(cached)  # recently used: kept by prune_chart_cache
        return cached.read_bytes()
    content = make()
    store(cached, content)
    return content


def store(path, content):
    """Write a cache file atomically; a read-only environment just goes without the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError:
        pass


def prune_chart_cache(max_age_days=30):
    """Drop cached images, compiled specs and compiled templates no build has used (templates: made) for
    `max_age_days`."""
    cutoff = time.time() - max_age_days * 86400
    for path in [*CACHE.glob("charts/*.*"), *CACHE.glob("specs/*.json"), *CACHE.glob("templates/*.cache")]:
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def default_view(spec):
    """The spec with only the rows its selectors show by default: the static image shows that view alone,
    and drawing it from a sixth of the rows takes a third less time."""
    defaults = {name: value for name, _, _, value in selectors(spec)}
    datasets = {name: [row for row in rows if all(row.get(k, v) == v for k, v in defaults.items())]
                for name, rows in spec.get("datasets", {}).items()}
    return {**spec, "datasets": datasets}


SVG_SIZE = {"width": re.compile(rb'<svg[^>]* width="([0-9.]+)"'), "height": re.compile(rb'<svg[^>]* height="([0-9.]+)"')}


def svg_height(svg):
    """The height of a static chart image in px, rounded up."""
    return math.ceil(float(SVG_SIZE["height"].search(svg).group(1)))


def svg_width(svg):
    """The width of a static chart image in px, rounded up."""
    return math.ceil(float(SVG_SIZE["width"].search(svg).group(1)))


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


def render_page(env, page, previous, site_url):
    """One page's files: its Markdown, its page-data JSON, and per chart the spec, static SVG, data CSV and
    embed page.

    `previous(path)` gives the bytes of a file as the last build wrote it (or None), so an unchanged
    chart keeps its SVG without rendering it again.
    """
    files = {}
    figures = []
    for figure in page.figures:
        images = static_images(figure, previous)
        files.update(images)
        # The page keeps each image's room before it loads, and the chart Vega draws in its place is as tall.
        wide, narrow = images[figure.image("light")], images.get(figure.image("light", narrow=True))
        heading, view, source = export_context(figure, page.context)
        files[figure.export] = export_svg(wide, heading, view, source)
        figure = replace(figure, width=svg_width(wide), height=svg_height(wide),
                         narrow_width=svg_width(narrow) if narrow else 0, narrow_height=svg_height(narrow) if narrow else 0,
                         export_heading=heading, export_source=source)
        figures.append(figure)
        # Specs live in their own files: kept out of the search index and out of mkdocs-material's
        # instant navigation, which re-runs every <script> element it swaps in.
        files.update(vega_specs(f"assets/charts/{figure.id}", figure.spec))
        files[f"downloads/charts/{figure.id}.csv"] = figure.data.to_csv(index=False, lineterminator="\n").encode()
    preview = {"image": "", "image_alt": ""}
    if page.figures:
        main = page.figures[page.main_figure]
        files[f"assets/charts/{main.id}.png"] = static_png(files[main.export])
        preview = {"image": f"assets/charts/{main.id}.png", "image_alt": main.alt}
    text = env.get_template(page.template).render(**page.context, **preview, page=page, root=page.root,
                                                  figures={f.id: f for f in figures})
    files[page.path] = text.encode()
    files.update(page.assets)
    for stem, spec in page.charts.items():
        files.update(vega_specs(stem, spec))
    for figure in figures:
        files[f"embed/{figure.id}.md"] = embed_page(env, figure, page, site_url)
    # Compact: the C encoder (indent falls back to pure Python, a sixth of the render), and a seventh smaller.
    context = json.dumps(page.context, default=_jsonable, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    files[f"downloads/pages/{page.page_id}.json"] = context.encode()
    return files


# An embed's iframe: the chart's own height (its static image's), a row for each selector under it, and room for its
# title, caption, downloads and source line as they wrap in a 390 px frame (framed, the data table and the snippet
# are hidden: overrides/embed.html).
SELECTOR_ROW = 32  # px
EMBED_TEXT = 460  # px


def embed_height(figure):
    """The height (px) of the iframe an embed's snippet gives."""
    return figure.height + SELECTOR_ROW * len(figure.selectors) + EMBED_TEXT


def embed_page(env, figure, page, site_url):
    """The page /embed/<chart id>/: the chart alone, with its caption, source and the <iframe> snippet. It follows
    the view in its URL (?scenario=…) as the chart's page does, with that page's view settings."""
    url = f"{site_url}embed/{figure.id}/"
    snippet = (f'<iframe src="{escape(url)}" title="{escape(figure.title)}" width="100%" '
               f'height="{embed_height(figure)}" style="border:0" loading="lazy"></iframe>')
    citation = page.context["citation"]
    view_state = state_element(Markup("../../"), page.page_id, **page.view_settings) if page.view_settings else ""
    return env.get_template("embed.md.j2").render(
        chart=figure, root=Markup("../../"), snippet=snippet, page_url=citation.url, page_title=page.context["title"],
        data_date=citation.data_date, site_name=SITE_NAME, view_state=view_state).encode()


def vega_library():
    """Vega's browser build with its licence, as the site serves them (path under docs/ → bytes).

    The charts are compiled to Vega at build time (vega_specs), so a page needs neither Vega-Lite nor
    Vega-Embed. generator/vendor/ holds Vega's own minified build from its npm package, at the version
    vl-convert compiles and draws the static images with (a test checks they agree); see its README.
    """
    return {VEGA_SCRIPT: (VENDOR / "vega.min.js").read_bytes(),
            "assets/vendor/vega-LICENSE.txt": (VENDOR / "vega-LICENSE.txt").read_bytes()}
