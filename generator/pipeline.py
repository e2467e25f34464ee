"""The build, one step after another: data/ → load → compute → page models → render → write docs/.

Writing is atomic and incremental: only files whose bytes changed are staged in `.docs-staging/`,
then moved into docs/ with SIGINT and SIGTERM held, so an interrupted build leaves the previous docs/
whole. A build whose inputs (data, templates, generator code, site URL) are unchanged does nothing.
"""

import hashlib
import os
import shutil
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

# Everything the generator writes under docs/, and nothing else: .gitignore lists the same paths
# (checked by a test) and `make clean` removes exactly these.
GENERATED = ("index.md", "compare.md", "methodology.md", "data.md", "minerals", "partnerships", "downloads",
             "assets/charts", "assets/vendor", ".build-stamp")
STAMP = ".build-stamp"
PACKAGE = Path(__file__).resolve().parent
WORKERS = 2


def say(message):
    print(message, flush=True)


def inputs_hash(data_dir, templates_dir, site_url):
    """A digest of everything the generated files depend on."""
    digest = hashlib.sha256(site_url.encode())
    for folder in (Path(data_dir), Path(templates_dir), PACKAGE):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def up_to_date(docs_dir, stamp):
    stamp_file = Path(docs_dir, STAMP)
    return stamp_file.exists() and stamp_file.read_text() == stamp and all(
        Path(docs_dir, p).exists() for p in GENERATED)


def build(data_dir, templates_dir, docs_dir, site_url):
    """Regenerate docs/ from data/. Returns (files written, files removed). Raises DataError on bad data."""
    started = time.perf_counter()
    stamp = inputs_hash(data_dir, templates_dir, site_url)
    if up_to_date(docs_dir, stamp):
        say("docs/ is up to date: inputs unchanged, nothing written")
        return 0, 0
    from .engine import compute
    from .load import load
    ds = load(data_dir)
    say(f"loaded data/: {len(ds.minerals)} minerals, {len(ds.partnerships)} partnerships")
    results = compute(ds)
    say(f"computed {len(results.sufficiency)} sufficiency rows")
    files = render_all(ds, results, templates_dir, docs_dir, site_url)
    files[STAMP] = stamp.encode()
    written, removed = write(files, docs_dir)
    say(f"docs/: {written} files written, {removed} removed, {len(files)} generated "
        f"in {time.perf_counter() - started:.1f} s")
    return written, removed


_STATE = {}  # the site and its page jobs, set before the worker processes fork


def render_all(ds, results, templates_dir, docs_dir, site_url):
    """Every generated file as path → bytes, pages rendered in parallel worker processes."""
    from .csvtext import csv_text
    from .pages import Site, jobs
    from .published import PUBLISHED, published_tables
    site = Site(ds, results, site_url)
    _STATE.update(jobs=jobs(site), templates=templates_dir, docs=Path(docs_dir))
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("fork")) as pool:
        parts = list(pool.map(_render_job, range(len(_STATE["jobs"]))))
    files = {path: content for part in parts for path, content in part.items()}
    say(f"rendered {len(parts)} pages")
    for name, frame in published_tables(ds, results).items():
        files[f"downloads/{name}.csv"] = csv_text(frame, PUBLISHED[name]).encode()
    from .render import VEGA_BUNDLE, vega_bundle
    files[VEGA_BUNDLE] = vega_bundle(_previous(VEGA_BUNDLE))
    return files


def _previous(relative):
    path = _STATE["docs"] / relative
    return path.read_bytes() if path.exists() else None


def _render_job(index):
    from .render import environment, render_page
    env = _STATE.get("env") or _STATE.setdefault("env", environment(_STATE["templates"]))
    return render_page(env, _STATE["jobs"][index](), _previous)


@contextmanager
def signals_held():
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends: a signal sent meanwhile acts after it."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def write(files, docs_dir):
    """Stage the files whose bytes changed, then move them into docs/ and remove stale generated files.
    Returns (written, removed)."""
    docs_dir = Path(docs_dir)
    staging = docs_dir.parent / ".docs-staging"
    shutil.rmtree(staging, ignore_errors=True)
    changed = [relative for relative, content in sorted(files.items())
               if not (docs_dir / relative).exists() or (docs_dir / relative).read_bytes() != content]
    for relative in changed:
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        (staging / relative).write_bytes(files[relative])
    stale = [path for folder in GENERATED if (docs_dir / folder).is_dir()
             for path in sorted((docs_dir / folder).rglob("*"))
             if path.is_file() and path.relative_to(docs_dir).as_posix() not in files]
    with signals_held():
        for relative in changed:
            (docs_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, docs_dir / relative)
        for path in stale:
            path.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return len(changed), len(stale)

