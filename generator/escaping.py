"""Every data value escaped for where it lands: Markdown with raw HTML, HTML attributes, YAML, URLs.

Templates write Markdown that MkDocs turns into HTML, so a value is escaped twice over: HTML-escaped
(no tag or entity can appear) and backslash-escaped for Markdown (no emphasis, link, table cell break
or attribute list can appear). Values the generator marks safe (`Markup`) pass through unchanged.
"""

import html
import re
from urllib.parse import quote

import yaml
from markupsafe import Markup, escape

# Characters HTML or Python-Markdown and its extensions (tables, attr_list, admonitions, tabs) give a
# meaning to. They become character references, which read the same in Markdown text, table cells,
# link text and raw HTML, and which no Markdown rule matches.
ESCAPES = str.maketrans({**{c: f"&#{ord(c)};" for c in "\\`*_{}[]|#~^$\"'"}, "&": "&amp;", "<": "&lt;",
                         ">": "&gt;"})
WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
LINE_START = re.compile(r"^(\d+)([.)])(?=\s)|^([^\w&])")  # would start a list, quote, heading or admonition


def markdown(value):
    """Any value as literal text inside Markdown or HTML: every character with a meaning escaped, a first
    character that could start a block escaped too, and on one line (a newline could start a new block)."""
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):  # a figure (cells.Fig): its element escapes its own text
        return Markup(value.__html__())
    # Runs of white space become one space, but not a no-break space: it keeps a number with its unit.
    text = WHITESPACE.sub(" ", str(value)).strip(" ") if value is not None else ""
    text = text.translate(ESCAPES)
    return Markup(LINE_START.sub(lambda m: (m.group(1) or "") + f"&#{ord(m.group(2) or m.group(3))};", text,
                                 count=1))


# The link schemes that survive anywhere on the site: http(s), mailto, and none (a relative link).
SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
# Where a Markdown link takes its target: an inline link or image, `[text](target …)`, and a reference
# definition, `[label]: target …` (target possibly on the next line, possibly in <…>).
INLINE_LINK = re.compile(r"\]\(([^)]*)")
REFERENCE_DEFINITION = re.compile(r"^( {0,3}\[[^\]]*\]):[ \t]*\n?[ \t]*<?(\S*?)>?(?=\s|$)", re.M)


def safe_link(target):
    """True for a link target that may stay a link: http(s), mailto or relative (not protocol-relative).
    Browsers ignore spaces and control characters inside a scheme ('java\tscript:'), so this does too."""
    text = re.sub(r"[\x00-\x20]", "", html.unescape(str(target))).lower().lstrip("<")
    scheme = SCHEME.match(text)
    return not text.startswith("//") and (scheme is None or scheme.group(1) in SAFE_SCHEMES)


def markdown_prose(text):
    """Maintainer-written Markdown (the data changelog): its Markdown kept, any HTML shown as text, attribute
    lists (`{: …}`) shown as text, and a link whose target is not http(s), mailto or relative (inline, image
    or reference definition) shown as text, not followed. Code spans are left as written."""
    escaped, kept, start = str(escape(text)), [], 0
    for span in CODE_SPAN.finditer(escaped):
        kept += [_sanitised(escaped[start:span.start()]), span.group(0)]
        start = span.end()
    out = "".join(kept) + _sanitised(escaped[start:])
    return Markup(out.replace("&gt; ", "> ").replace("\n&gt;", "\n>"))


def _sanitised(prose):
    prose = prose.replace("{", "&#123;")  # no attribute list can set an event handler
    prose = INLINE_LINK.sub(lambda m: m.group(0) if safe_link(m.group(1)) else m.group(0).replace("](", "]&#40;", 1),
                            prose)
    return REFERENCE_DEFINITION.sub(lambda m: m.group(0) if safe_link(m.group(2)) else
                                    m.group(0).replace("]:", "]&#58;", 1), prose)


def url(value):
    """A link target: http(s), mailto or relative only (anything else becomes '#'), with characters that would
    end a Markdown link or an HTML attribute percent-encoded."""
    text = str(value).strip()
    if not safe_link(text):
        return Markup("#")
    return Markup(quote(text, safe="/:?#[]@!$&'*+,;=%-._~"))


def _html(value):
    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, list):
        return [_html(v) for v in value]
    return value


def front_matter(fields):
    """The YAML front matter block of a page, written by a YAML emitter (a ':' or '#' in a name stays text).

    String values are HTML-escaped first: MkDocs' theme templates print titles and meta values unescaped."""
    body = yaml.safe_dump({k: _html(v) for k, v in fields.items()}, allow_unicode=True, sort_keys=False,
                          width=100000, default_flow_style=False)
    return Markup(f"---\n{body}---")


def fenced(text, language, indent=4):
    """`text` as a fenced code block (inside a content tab: indented): shown verbatim, HTML-escaped by the
    Markdown renderer, with a fence longer than any run of backticks in the text."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    pad = " " * indent
    lines = [f"{fence}{language}", *str(text).splitlines(), fence]
    return Markup("\n".join(pad + line for line in lines))


# The Markdown extensions and their settings that mkdocs.yml gives the site (a test checks they agree): the
# changelog is parsed as the site renders it, so what is checked is what is rendered.
MARKDOWN_EXTENSIONS = {"attr_list": {}, "admonition": {}, "tables": {}, "toc": {"permalink": True},
                       "pymdownx.details": {}, "pymdownx.superfences": {}, "pymdownx.tabbed": {"alternate_style": True}}
# Attributes whose value a browser follows or loads (srcset: a list of them).
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "cite", "background", "data",
                  "xlink:href")


def link_targets(text):
    """Every link and image target in Maintainer-written Markdown as the site's Markdown renders it: inline,
    reference (wherever its definition sits: a blockquote, a list, an admonition), autolink and raw HTML, with
    character references decoded as a browser decodes them."""
    import markdown as python_markdown
    from html.parser import HTMLParser

    class Targets(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found = []

        def handle_starttag(self, tag, attributes):
            for name, value in attributes:
                if name in URL_ATTRIBUTES and value is not None:
                    self.found += ([part.split()[0] for part in value.split(",") if part.split()]
                                   if name == "srcset" else [value])
        handle_startendtag = handle_starttag

    rendered = python_markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS),
                                        extension_configs=MARKDOWN_EXTENSIONS)
    parser = Targets()
    parser.feed(rendered)
    parser.close()
    return parser.found
