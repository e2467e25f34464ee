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


@lru_cache(maxsize=None)
def country_name(code):
    """Short English name for display ("Korea, Republic of" → "South Korea" where pycountry has one)."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
