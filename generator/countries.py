"""Country names ↔ ISO 3166-1 alpha-3 codes: pycountry plus the override table."""

import re
from functools import lru_cache

import pycountry

_FOOTNOTE_DIGITS = re.compile(r"(?<=[A-Za-z)])\d+$")


def clean_name(raw):
    """Strip spaces, footnote digits ("Other countries6") and doubled spaces."""
    name = " ".join(str(raw).split())
    return _FOOTNOTE_DIGITS.sub("", name).strip()


def to_iso3(name, overrides):
    """ISO3 code of an upstream country name, or None when it is not a country we know.

    `overrides` maps names that sources spell their own way ("Congo (Kinshasa)") to codes.
    """
    name = clean_name(name)
    if name in overrides:
        return overrides[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


@lru_cache(maxsize=None)
def is_iso3(code):
    return pycountry.countries.get(alpha_3=code) is not None


# Display names where pycountry's ISO name reads awkwardly in a sentence or a chart axis.
DISPLAY_NAMES = {
    "COD": "DR Congo", "COG": "Congo", "KOR": "South Korea", "PRK": "North Korea", "RUS": "Russia",
    "VNM": "Vietnam", "LAO": "Laos", "TUR": "Türkiye", "GBR": "United Kingdom", "USA": "United States",
    "VEN": "Venezuela", "MDA": "Moldova", "CZE": "Czechia",
}


@lru_cache(maxsize=None)
def country_name(code):
    """Short English name for display: our override, else pycountry's common name, else its ISO name."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return DISPLAY_NAMES.get(code) or getattr(country, "common_name", None) or country.name


def names_read_as(codes, overrides):
    """lower-case name → ISO3 code for every name a reader may type for one of `codes`: the code itself, the display
    name, pycountry's name, official and common names, and the names `overrides` (country_names.csv) maps to it."""
    out = {}
    for code in codes:
        country = pycountry.countries.get(alpha_3=code)
        for name in (code, country_name(code), *(getattr(country, a, None) for a in ("name", "official_name",
                                                                                  "common_name"))):
            if name:
                out[name.lower()] = code
    for name, code in overrides.items():
        if code in codes:
            out[clean_name(name).lower()] = code
    return dict(sorted(out.items()))

