"""How to cite a page: plain text, BibTeX and RIS, naming the data editions and the access date.

Pure functions: the page model passes the title, URL, editions and dates.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

SITE_NAME = "Friendshoring Critical Minerals"
BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    editions: tuple  # e.g. ("U.S. Geological Survey, Mineral Commodity Summaries 2026 Data Release (ver. 1.3)", …)
    year: int  # publication year: the year of the data release the page is built from
    data_date: str  # ISO date of the newest data edition used
    accessed: str  # ISO date the page was built (readers' browsers put their own date in)

    @property
    def text(self):
        return (f"{SITE_NAME} ({self.year}), “{self.title}”, built from {'; '.join(self.editions)}. "
                f"{self.url} (accessed {self.accessed}).")

    @property
    def key(self):
        slug = re.sub(r"[^a-z0-9]+", "-", urlsplit(self.url).path.lower()).strip("-") or "home"
        return f"friendshoring-{self.year}-{slug[-60:]}"

    @property
    def bibtex(self):
        fields = {
            "author": "{" + bibtex_text(SITE_NAME) + "}",
            "title": bibtex_text(self.title),
            "year": str(self.year),
            "url": self.url.replace("}", "%7D").replace("{", "%7B"),
            "urldate": self.accessed,
            "note": bibtex_text(f"Data: {'; '.join(self.editions)}. Accessed {self.accessed}."),
        }
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        return f"@misc{{{self.key},\n{body}\n}}"

    @property
    def ris(self):
        lines = [("TY", "ELEC"), ("AU", SITE_NAME), ("TI", self.title), ("PY", str(self.year)),
                 ("DA", self.data_date.replace("-", "/")), ("UR", self.url), ("Y2", self.accessed.replace("-", "/")),
                 *[("N1", f"Data: {edition}") for edition in self.editions], ("ER", "")]
        return "\n".join(f"{tag}  - {one_line(value)}".rstrip() for tag, value in lines)


def one_line(text):
    return " ".join(str(text).split())


def bibtex_text(text):
    """Text safe inside a BibTeX braced value: specials escaped, on one line."""
    return BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1),
                              one_line(text))
