"""Build speed and size, printed and written to benchmarks/RESULTS.md (targets are read by people, not asserted in
tests).

Targets (issues 10 and 17), measured in one run on a copy of the project as ratios to a bare `mkdocs build` of
the same pages, so the machine's speed cancels out:
- a cold generation (empty docs/, as after `make clean`) takes at most 2× the bare mkdocs build;
- a first build in a fresh environment (every chart drawn), at most 3×;
- a no-change generation takes at most 0.3× of it, and writes no file.

The compiled Vega specs and the static chart SVGs are pure functions of the installed vl-convert and of each
chart's spec, so they are kept in the Python environment (`.venv/share/friendshoring-minerals/`). The first
build in a fresh environment compiles and draws every chart; it is measured too, with that cache moved aside.
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.pipeline import GENERATED  # noqa: E402
from results import record  # noqa: E402

PARTS = ("data", "docs", "templates", "overrides", "mkdocs.yml")


def timed(*command, cwd=ROOT):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True,
                            env={"SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - start, (result.stdout.strip().splitlines() or [""])[-1]


def size(folder):
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def project(scratch):
    for name in PARTS:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, scratch / name)
    for generated in GENERATED:
        path = scratch / "docs" / generated
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return scratch


def main():
    charts = Path(sys.prefix, "share", "friendshoring-minerals", "charts")
    with tempfile.TemporaryDirectory() as scratch:
        root = project(Path(scratch) / "first")
        aside = Path(scratch) / "charts-aside"
        if charts.exists():
            shutil.move(charts, aside)
        try:
            first, _ = timed(sys.executable, "-m", "generator", "--root", str(root), "build")
        finally:
            if aside.exists():
                shutil.rmtree(charts, ignore_errors=True)
                shutil.move(aside, charts)
        root = project(Path(scratch) / "cold")
        generate = (sys.executable, "-m", "generator", "--root", str(root), "build")
        timed(*generate)  # fill the chart cache with this data's charts, as any earlier build would have
        for generated in GENERATED:
            path = root / "docs" / generated
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        cold, out_cold = timed(*generate)
        warm, out_warm = timed(*generate)
        count, total = size(root / "docs")
        mkdocs, _ = timed(sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "bare"),
                          cwd=root)
        publish, out_publish = timed(sys.executable, "-m", "generator", "--root", str(root), "site")
        republish, out_republish = timed(sys.executable, "-m", "generator", "--root", str(root), "site")
        pages = sorted((root / "site").rglob("*.html"), key=lambda p: p.stat().st_size)
        site_count, site_total = size(root / "site")
        figures = [
            f"generate, first build in a fresh environment (every chart drawn): {first:.1f} s",
            f"generate, cold:           {cold:6.1f} s  ({out_cold})",
            f"generate, no change:      {warm:6.2f} s  ({out_warm})",
            f"bare mkdocs build:        {mkdocs:6.1f} s  (the same pages)",
            f"cold ÷ mkdocs:            {cold / mkdocs:6.2f}   (target ≤ 2)",
            f"first build ÷ mkdocs:     {first / mkdocs:6.2f}   (target ≤ 3)",
            f"no change ÷ mkdocs:       {warm / mkdocs:6.2f}   (target ≤ 0.3)",
            f"make site after generate: {publish:6.1f} s  ({out_publish})",
            f"make site, no change:     {republish:6.2f} s  ({out_republish})",
            f"generated files:          {count} files, {total / 1e6:.1f} MB",
            f"site:                     {site_count} files, {site_total / 1e6:.1f} MB",
            f"largest page:             {pages[-1].relative_to(root / 'site')} {pages[-1].stat().st_size / 1e3:.0f} kB",
        ]
    print("\n".join(figures))
    record("build_speed", "Build speed and size", ".venv/bin/python benchmarks/build_speed.py", __doc__, figures)


if __name__ == "__main__":
    main()
