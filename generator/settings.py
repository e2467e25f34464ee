"""The build's settings from the environment, validated like data: SITE_URL and SOURCE_DATE_EPOCH.

A bad setting is refused in one line naming it, the value found and what was expected.
"""

import ipaddress
import os
import re
from urllib.parse import urlsplit

from .errors import SettingError

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# Characters a site address may hold: RFC 3986's unreserved and reserved ones, less the quote, the
# apostrophe and anything else that could end an HTML attribute or a Markdown link where it is printed.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/@!$&*+,;=%\[\]]+")
# One label of a DNS name (RFC 1123), as IDNA encodes every name: other scripts as xn-- labels.
DNS_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
LATEST_EPOCH = 2 ** 32 - 1  # the sitemap's gzip header holds the build time in 32 bits
EXAMPLE = "https://example.org/friendshoring/"


def site_url(environ=None, warn=print):
    """SITE_URL as an absolute http(s) address ending in '/', or the local default (with a one-line warning).
    Parsed with urllib, and each part checked: the printed address is the one a reader's browser goes to."""
    url = (os.environ if environ is None else environ).get("SITE_URL", "").strip()
    if not url:
        warn(f"warning: SITE_URL is not set; citations will name {DEFAULT_SITE_URL}")
        return DEFAULT_SITE_URL
    problem = url_problem(url)
    if problem:
        raise SettingError("SITE_URL", url, f"{problem}, as in {EXAMPLE}")
    return url if url.endswith("/") else url + "/"


def url_problem(url):
    """What is wrong with a site address, as the `expected` of a SettingError, or '' when nothing is."""
    try:  # urlsplit refuses an unmatched '[' in Python's words
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if not URL_CHARACTERS.fullmatch(url) or not parts or re.search(r"[\[\]]", parts.path):
        return ("an address of letters, digits and - . _ ~ : / @ ! $ & * + , ; = % only (no quotes, spaces, "
                "query or fragment; [ ] only around an IPv6 host)")
    if re.search(r"%(?![0-9A-Fa-f]{2})", url):
        return "'%' only as the start of an escape of two hexadecimal digits, such as %20"
    if parts.scheme not in ("http", "https") or not url.startswith(f"{parts.scheme}://"):
        return "an absolute address starting http:// or https://"
    if "@" in parts.netloc:
        return "no user name or password before the host (nothing up to an '@')"
    host, port = parts.netloc, None
    if re.search(r":[^\]]*$", host):  # a ':' after the host (after the ']' of an IPv6 address)
        host, _, port = host.rpartition(":")
    if port is not None and not (re.fullmatch(r"[0-9]{1,5}", port) and 1 <= int(port) <= 65535):
        return "a port from 1 to 65535 after the host's ':'"
    if not is_host(host):
        return ("a host that is a DNS name (dot-separated labels of letters, digits and inner '-'; other scripts "
                "in their IDNA xn-- form) or an IP address ([…] for IPv6)")
    return ""


def is_host(host):
    """A DNS name in IDNA form, an IPv4 address or a bracketed IPv6 address."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.IPv6Address(host[1:-1]) is not None
        except ValueError:
            return False
    labels = host.lower().removesuffix(".").split(".")
    if labels[-1].isdigit():  # all digits at the end: an IPv4 address or nothing
        try:
            return ipaddress.IPv4Address(host) is not None
        except ValueError:
            return False
    if len(host) > 253 or not all(DNS_LABEL.fullmatch(label) for label in labels):
        return False
    try:  # an xn-- label is valid Punycode of a valid name
        return all(label.encode("ascii").decode("idna") for label in labels if label.startswith("xn--"))
    except UnicodeError:
        return False


def source_date_epoch(environ=None):
    """SOURCE_DATE_EPOCH as whole seconds since 1970, or None when it is not set."""
    text = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]+", text) or int(text) > LATEST_EPOCH:  # \d would take other scripts' digits
        raise SettingError("SOURCE_DATE_EPOCH", text, f"whole seconds since 1970-01-01, from 0 to {LATEST_EPOCH}")
    return int(text)
