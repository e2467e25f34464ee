"""The build, one step after another: data/ → load → compute → page models → render → write docs/.

Writing is atomic and incremental: only files whose bytes changed are staged in `.docs-staging/`,
then moved into docs/ with SIGINT and SIGTERM held, so an interrupted build leaves the previous docs/
whole. The files they replace wait in `.docs-previous/` until the caller keeps the build (`keep`) or
takes it back (`undo`: `make site` does when mkdocs then fails). A build whose inputs (data, templates,
generator code, site URL) are unchanged does nothing.
"""

import ctypes
import datetime
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
GENERATED = ("index.md", "compare.md", "methodology.md", "data.md", "build.md", "minerals", "partnerships",
             "countries", "embed", "downloads", "assets/charts", "assets/views", "assets/vendor", ".build-stamp")
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
    stamp = inputs_hash(data_dir, templates_dir, f"{site_url} {build_date()}")
    if up_to_date(docs_dir, stamp):
        say("docs/ is up to date: inputs unchanged, nothing written")
        return 0, 0
    _STATE.update(docs=Path(docs_dir))
    from .engine import compute
    from .load import load
    from .render import prune_chart_cache, vega_library
    ds = load(data_dir)
    say(f"loaded data/: {len(ds.minerals)} minerals, {len(ds.partnerships)} partnerships")
    results = compute(ds)
    say(f"computed {len(results.sufficiency)} sufficiency rows")
    files = render_all(ds, results, templates_dir, site_url)
    files.update(vega_library())
    prune_chart_cache()
    files[STAMP] = stamp.encode()
    # From here on a SIGTERM is an exception, so the caller can take the build back (`undo`).
    signal.signal(signal.SIGTERM, _interrupted)
    written, removed = write(files, docs_dir)
    say(f"docs/: {written} files written, {removed} removed, {len(files)} generated "
        f"in {time.perf_counter() - started:.1f} s")
    return written, removed


_STATE = {}  # the site and its page jobs, set before the worker processes fork


def render_all(ds, results, templates_dir, site_url):
    """Every generated file but the Vega bundle, as path → bytes; pages render in parallel worker processes."""
    from .csvtext import csv_text
    from .datapackage import datapackage
    from .pages import Site, jobs
    from .published import PUBLISHED, published_tables
    tables = published_tables(ds, results)
    site = Site(ds, results, tables, site_url, build_date())
    _STATE.update(jobs=jobs(site), templates=templates_dir, site_url=site_url)
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("fork"), initializer=_end_with_the_build,
                             initargs=(os.getpid(),)) as pool:
        parts = list(pool.map(_render_job, range(len(_STATE["jobs"]))))
    files = {path: content for part in parts for path, content in part.items()}
    say(f"rendered {len(parts)} pages")
    for name, frame in tables.items():
        files[f"downloads/{name}.csv"] = csv_text(frame, PUBLISHED[name]).encode()
    files["downloads/datapackage.json"] = datapackage(ds.sources).encode()
    return files


def build_date():
    """The date the pages are built (ISO): SOURCE_DATE_EPOCH where set, so that a rebuild is byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(
        datetime.timezone.utc)
    return moment.date().isoformat()


def _previous(relative):
    path = _STATE["docs"] / relative
    return path.read_bytes() if path.exists() else None


PR_SET_PDEATHSIG = 1


def _end_with_the_build(parent):
    """A render worker ends when the build does, even a build killed mid-render (SIGTERM to it alone, as a
    CI time-out or `kill` sends): without this it would wait forever on the pool's queue (Linux only)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the build ended before the line above ran
        os._exit(1)


def _render_job(index):
    from .render import environment, render_page
    env = _STATE.get("env") or _STATE.setdefault("env", environment(_STATE["templates"]))
    return render_page(env, _STATE["jobs"][index](), _previous, _STATE["site_url"])


def _interrupted(signum, frame):
    raise SystemExit(128 + signum)


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
    """Stage the files whose bytes changed, then move them into docs/ and remove stale generated files, keeping
    what they replace in `.docs-previous/` for `undo`. Returns (written, removed)."""
    docs_dir = Path(docs_dir)
    staging, previous = _folders(docs_dir)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
    changed = [relative for relative, content in sorted(files.items())
               if not (docs_dir / relative).exists() or (docs_dir / relative).read_bytes() != content]
    for relative in changed:
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        (staging / relative).write_bytes(files[relative])
    stale = [path.relative_to(docs_dir).as_posix() for folder in GENERATED if (docs_dir / folder).is_dir()
             for path in sorted((docs_dir / folder).rglob("*"))
             if path.is_file() and path.relative_to(docs_dir).as_posix() not in files]
    with signals_held():
        for relative in [*changed, *stale]:
            if (docs_dir / relative).exists():
                (previous / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(docs_dir / relative, previous / relative)
        for relative in changed:
            (docs_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, docs_dir / relative)
        previous.mkdir(parents=True, exist_ok=True)
        (previous / ".written").write_text("\n".join(changed))
    shutil.rmtree(staging, ignore_errors=True)
    return len(changed), len(stale)


def _folders(docs_dir):
    return docs_dir.parent / ".docs-staging", docs_dir.parent / ".docs-previous"


def keep(docs_dir):
    """The last build stays: forget the files it replaced."""
    shutil.rmtree(_folders(Path(docs_dir))[1], ignore_errors=True)


def undo(docs_dir):
    """Take the last build back: docs/ as it was before it, byte for byte."""
    docs_dir = Path(docs_dir)
    previous = _folders(docs_dir)[1]
    if not previous.exists():
        return
    with signals_held():
        for relative in (previous / ".written").read_text().splitlines():
            (docs_dir / relative).unlink(missing_ok=True)
        for path in sorted(p for p in previous.rglob("*") if p.is_file() and p.name != ".written"):
            target = docs_dir / path.relative_to(previous)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    shutil.rmtree(previous, ignore_errors=True)
