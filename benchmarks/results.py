"""benchmarks/RESULTS.md: each benchmark replaces its own section when it runs and leaves the others as they are.

A section runs from `<!-- begin NAME -->` to `<!-- end NAME -->` and says when it was measured, on what machine
(cores, load), by which command, what is measured (the benchmark's docstring) and the figures printed.
"""

import datetime
import os
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = re.compile(r"(?ms)^<!-- begin (\w+) -->\n.*?^<!-- end \1 -->\n")
ORDER = ("build_speed", "page_load", "suite_time")  # the order sections appear in, whichever ran last
HEADER = ("# Benchmark results\n\nWritten by `make benchmark`: each script in `benchmarks/` replaces its own section "
          "(`benchmarks/results.py`). Targets are read by people, not asserted by tests: a timed test would fail "
          "on a busy machine, not on slow code.\n")


def machine():
    """The cores and the load when measured: the figures are only comparable on a quiet machine."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{len(os.sched_getaffinity(0))} cores (`nproc`), load average {load} (1, 5, 15 min)"


def section(name, title, command, doc, figures, when=None, host=None, note=None):
    """The Markdown of one section."""
    when = when or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"<!-- begin {name} -->", f"## {title}", "",
             f"- measured: {when}", f"- machine: {host or machine()}", f"- command: `{command}`"]
    if note:
        lines.append(f"- note: {note}")
    lines += ["", "What is measured:", "", doc.strip(), "", "Figures:", "", "```text", *figures, "```",
              f"<!-- end {name} -->"]
    return "\n".join(lines) + "\n"


def record(name, title, command, doc, figures, **kwargs):
    """Replace section `name` of RESULTS.md (or add it, in ORDER), keeping every other section as it is."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    sections = {m.group(1): m.group(0) for m in SECTION.finditer(text)}
    head = text.split("<!-- begin ", 1)[0].rstrip("\n") + "\n"
    sections[name] = section(name, title, command, doc, figures, **kwargs)
    names = [n for n in ORDER if n in sections] + [n for n in sections if n not in ORDER]
    RESULTS.write_text(head + "".join("\n" + sections[n] for n in names), encoding="utf-8")
