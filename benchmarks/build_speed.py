"""Build speed and size: prints the figures (targets are read by people, not asserted in tests).

Targets: a full generate from cold in under 30 s on the 2-core reference machine, a no-change
regenerate that writes no file, and no page over 1 MB.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(*command, cwd=ROOT):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, result.stdout.strip()


def size(folder):
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main():
    with tempfile.TemporaryDirectory() as scratch:
        docs = Path(scratch) / "docs"
        cold, out_cold = timed(sys.executable, "-m", "generator", "build", "--docs", str(docs))
        warm, out_warm = timed(sys.executable, "-m", "generator", "build", "--docs", str(docs))
        count, total = size(docs)
    print(f"generate, cold:           {cold:6.1f} s  ({out_cold})")
    print(f"generate, no change:      {warm:6.1f} s  ({out_warm})")
    print(f"generated files:          {count} files, {total / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as scratch:
        mkdocs, _ = timed(sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", scratch)
        pages = sorted(Path(scratch).rglob("*.html"), key=lambda p: p.stat().st_size)
        count, total = size(Path(scratch))
        print(f"mkdocs build:             {mkdocs:6.1f} s")
        print(f"site:                     {count} files, {total / 1e6:.1f} MB")
        print(f"largest page:             {pages[-1].relative_to(scratch)} {pages[-1].stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
