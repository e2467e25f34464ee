"""Templates hold layout only: no arithmetic inside a Jinja expression."""

import re

import pytest

from conftest import ROOT

EXPRESSION = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
ARITHMETIC = re.compile(r"(?<![\w\"'])(?:[\w\].)]+)\s*[-+*/%]\s*(?:[\w(\[.]+)(?![\"'])")


def strip_strings(expression):
    return re.sub(r"\"[^\"]*\"|'[^']*'", '""', expression)


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.j2")), ids=lambda p: p.name)
def test_no_arithmetic_in_templates(template):
    for match in EXPRESSION.finditer(template.read_text(encoding="utf-8")):
        expression = strip_strings(match.group(1) or match.group(2))
        assert not ARITHMETIC.search(expression), f"{template.name}: {expression.strip()}"


def test_the_check_catches_arithmetic():
    assert ARITHMETIC.search(strip_strings(" (tolerance * 100) | round "))
    assert ARITHMETIC.search(strip_strings(" row.value / 1000 "))
    assert not ARITHMETIC.search(strip_strings(' row.value | pct("a - b") '))
