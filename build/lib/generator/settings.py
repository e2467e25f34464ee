"""The build's settings from the environment, validated like data: SITE_URL and SOURCE_DATE_EPOCH.

A bad setting is refused in one line naming it, the value found and what was expected.
"""

import os
import re
from urllib.parse import urlsplit

from .errors import SettingError

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# Characters a site address may hold: RFC 3986's unreserved and reserved ones, less the quote, the
# apostrophe and anything else that could end an HTML attribute or a Markdown link where it is printed.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/@!$&*+,;=%]+")
LATEST_EPOCH = 2 ** 32 - 1  # the sitemap's gzip header holds the build time in 32 bits


def site_url(environ=None, warn=print):
    """SITE_URL as an absolute http(s) address ending in '/', or the local default (with a one-line warning)."""
    url = (os.environ if environ is None else environ).get("SITE_URL", "").strip()
    if not url:
        warn(f"warning: SITE_URL is not set; citations will name {DEFAULT_SITE_URL}")
        return DEFAULT_SITE_URL
    expected = ("an absolute http(s) address such as https://example.org/friendshoring/ (letters, digits and "
                "- . _ ~ : / @ ! $ & * + , ; = %; no quotes, spaces, query or fragment)")
    try:  # urlsplit and its port refuse a malformed bracket or port in Python's words
        parts = urlsplit(url) if URL_CHARACTERS.fullmatch(url) else None
        parts and parts.port  # noqa: B018 - read for its check (a port above 65535, or not a number)
    except ValueError:
        parts = None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError("SITE_URL", url, expected)
    return url if url.endswith("/") else url + "/"


def source_date_epoch(environ=None):
    """SOURCE_DATE_EPOCH as whole seconds since 1970, or None when it is not set."""
    text = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]+", text) or int(text) > LATEST_EPOCH:  # \d would take other scripts' digits
        raise SettingError("SOURCE_DATE_EPOCH", text, f"whole seconds since 1970-01-01, from 0 to {LATEST_EPOCH}")
    return int(text)
