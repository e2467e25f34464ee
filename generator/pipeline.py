"""The build, one step after another: data/ → load → compute → page models → render → write docs/.

Writing is atomic and incremental: only files whose bytes changed are staged in a folder of this build's
own (`.docs-staging-*`), then moved into docs/ with SIGINT and SIGTERM held, so an interrupted build leaves
the previous docs/ whole. The files they replace wait in `.docs-previous/` until the caller keeps the build
(`keep`) or takes it back (`undo`: `make site` does when mkdocs then fails).

`docs/.build-stamp` vouches for docs/: it names the inputs (data, templates, generator code, site URL, date)
and a digest of every generated file. It is taken away before the first file moves and written last, so a
build killed at any point (even by `kill -9`, which no signal mask holds) leaves either a stamp that matches
docs/ or none, and the next build repairs docs/. A build whose stamp matches its inputs and docs/ does nothing.
The caller holds the checkout's lock (`generator.lock`), so no two builds write at once.
"""

import ctypes
import datetime
import hashlib
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from .errors import DataError, working_on

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


def manifest(files):
    """A digest of generated files, given as (path, bytes) pairs: their paths and contents."""
    digest = hashlib.sha256()
    for relative, content in sorted(files):
        digest.update(relative.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def files_in(folder, names=None):
    """(path, bytes) of every file under `folder` (only under the paths in `names`, where given), but the stamp."""
    folder = Path(folder)
    roots = [folder / name for name in names] if names else [folder]
    for path in sorted(p for root in roots for p in ([root] if root.is_file() else root.rglob("*"))):
        if path.is_file() and path.name != STAMP:
            yield path.relative_to(folder).as_posix(), path.read_bytes()


def stamp_text(inputs, files):
    """What a stamp records: the inputs built from, and the digest of the files the build left."""
    return f"inputs {inputs}\nfiles {manifest(files)}\n"


def stamp_matches(folder, inputs, names=None):
    """The stamp in `folder` names these inputs, and the files there are the ones it vouches for."""
    stamp_file = Path(folder, STAMP)
    return stamp_file.exists() and stamp_file.read_text() == stamp_text(inputs, files_in(folder, names))


def build(data_dir, templates_dir, docs_dir, site_url):
    """Regenerate docs/ from data/. Returns (files written, files removed). Raises DataError on bad data."""
    started = time.perf_counter()
    inputs = inputs_hash(data_dir, templates_dir, f"{site_url} {build_date()}")
    if stamp_matches(docs_dir, inputs, GENERATED):
        say("docs/ is up to date: inputs unchanged, nothing written")
        return 0, 0
    if Path(docs_dir, STAMP).exists():
        say("docs/ does not match its stamp (changed inputs, or an interrupted build): regenerating")
    _STATE.update(docs=Path(docs_dir))
    from .render import prune_chart_cache, vega_library
    ds, results = check(data_dir, docs_dir)
    with working_on("rendering the pages into", "docs/"):
        files = render_all(ds, results, templates_dir, site_url)
    files.update(vega_library())
    prune_chart_cache()
    # From here on a SIGTERM is an exception, so the caller can take the build back (`undo`).
    signal.signal(signal.SIGTERM, _interrupted)
    with working_on("writing", "docs/"):
        written, removed = write(files, docs_dir, inputs)
    say(f"docs/: {written} files written, {removed} removed, {len(files)} generated "
        f"in {time.perf_counter() - started:.1f} s")
    return written, removed


def check(data_dir, docs_dir):
    """Every rule a build applies before it renders, in the build's order: load (every table's types and every
    cross-table rule, validate.py), check_publishable, check_leavers_recorded against the tables the last build
    published in `docs_dir`, and compute. `python -m generator check` runs this, so it refuses what `site` refuses.
    Returns (dataset, results); raises DataError at the first broken rule."""
    from .engine import compute
    from .load import (REFERENCE_TABLES, check_leavers_recorded, load, reference_rows_removed,
                       rule_membership_changes)
    with working_on("loading", "data/"):
        ds = load(data_dir)
    check_publishable(ds)
    say(f"loaded data/: {len(ds.minerals)} minerals, {len(ds.partnerships)} partnerships")
    members_before = _published(docs_dir, "partnerships")
    for change in [*rule_membership_changes(members_before, ds),
                   *reference_rows_removed({name: _published(docs_dir, name) for name in REFERENCE_TABLES}, ds)]:
        say(f"note: {change} since the last build")
    check_leavers_recorded(members_before, ds)
    for notice in ds.notices:
        say(notice)
    with working_on("computing the results from", "data/"):
        results = compute(ds)
    say(f"computed {len(results.sufficiency)} sufficiency rows")
    return ds, results


def check_publishable(ds):
    """The partnerships the pages are written around are there: the United States alone (every page compares the
    others with it), the Democracies (the minerals index and the home page give each mineral's coverage for the
    broadest partnership) and one headline partnership (the home page's sentences are about it). A package without
    them loads, but its pages cannot be made: DataError naming what is missing."""
    from .findings import ALONE
    from .pages.site import BROADEST_PARTNERSHIP
    slugs = set(ds.partnerships["partnership"])
    for slug, role in ((ALONE, "the United States alone, which every page compares the others with"),
                       (BROADEST_PARTNERSHIP, "the broadest partnership, whose coverage the minerals index gives")):
        if slug not in slugs:
            raise DataError("partnerships.yaml", "-", "partnership", f"no partnership '{slug}'",
                            f"a partnership '{slug}': {role}")
    if not ds.partnerships["headline"].any():
        raise DataError("partnerships.yaml", "-", "headline", "no partnership with headline: true",
                        "headline: true on one partnership: the home page's sentences are about it")


def _published(docs_dir, name):
    """A table as the last build published it (downloads/<name>.csv, all text), or None before the first build."""
    import pandas as pd
    path = Path(docs_dir, "downloads", f"{name}.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else None


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
    from .settings import source_date_epoch
    epoch = source_date_epoch()
    moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc) if epoch is not None else \
        datetime.datetime.now(datetime.timezone.utc)
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


class RenderFailure(Exception):
    """A dependency failed rendering a page in a way that is not an Exception (vl-convert's Rust panic)."""


def _render_job(index):
    from .render import environment, render_page
    env = _STATE.get("env") or _STATE.setdefault("env", environment(_STATE["templates"]))
    page = _STATE["jobs"][index]()
    with working_on("rendering", f"docs/{page.path}"):
        try:
            return render_page(env, page, _previous, _STATE["site_url"])
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 - sent back to the build as an Exception it reports
            if isinstance(error, Exception):
                raise
            raise RenderFailure(f"{type(error).__name__}: {error}") from None


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


def write(files, docs_dir, inputs):
    """Stage the files whose bytes changed, then move them into docs/ and remove stale generated files, keeping
    what they replace in `.docs-previous/` for `undo`; the stamp goes first and comes back last.
    Returns (written, removed)."""
    docs_dir = Path(docs_dir)
    previous = _replaced(docs_dir)
    keep(docs_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=docs_dir.parent))
    try:
        changed = [relative for relative, content in sorted(files.items())
                   if not (docs_dir / relative).exists() or (docs_dir / relative).read_bytes() != content]
        for relative in changed:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_bytes(files[relative])
        stale = [path.relative_to(docs_dir).as_posix() for folder in GENERATED if (docs_dir / folder).is_dir()
                 for path in sorted((docs_dir / folder).rglob("*"))
                 if path.is_file() and path.relative_to(docs_dir).as_posix() not in files]
        # Everything that takes disk space is done before the first move (a full disk stops the build here,
        # with docs/ as it was): the stamp, the list of files written, and every folder a file moves into.
        (staging / STAMP).write_text(stamp_text(inputs, files.items()))
        (staging / ".written").write_text("\n".join(changed))
        for folder in sorted({previous, *((previous / r).parent for r in [*changed, *stale]),
                              *((docs_dir / r).parent for r in changed)}):
            folder.mkdir(parents=True, exist_ok=True)
        with signals_held():
            if (docs_dir / STAMP).exists():  # from here until the new stamp, docs/ vouches for nothing
                os.replace(docs_dir / STAMP, previous / STAMP)
            for relative in [*changed, *stale]:
                if (docs_dir / relative).exists():
                    os.replace(docs_dir / relative, previous / relative)
            for relative in changed:
                os.replace(staging / relative, docs_dir / relative)
            os.replace(staging / ".written", previous / ".written")
            os.replace(staging / STAMP, docs_dir / STAMP)  # last, and in one step: whole or absent
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(changed), len(stale)


STAGING = ".docs-staging-"


def _replaced(docs_dir):
    """Where the files a build replaced wait until it is kept or undone."""
    return docs_dir.parent / ".docs-previous"


def keep(docs_dir):
    """The last build stays: forget the files it replaced, and any staging folder a killed build left."""
    for leftover in [_replaced(Path(docs_dir)), *Path(docs_dir).parent.glob(STAGING + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def undo(docs_dir):
    """Take the last build back: docs/ as it was before it, byte for byte."""
    docs_dir = Path(docs_dir)
    previous = _replaced(docs_dir)
    if not previous.exists():
        return
    with signals_held():
        (docs_dir / STAMP).unlink(missing_ok=True)  # the old one, if any, comes back last
        written = previous / ".written"
        for relative in (written.read_text().splitlines() if written.exists() else []):
            (docs_dir / relative).unlink(missing_ok=True)
        for path in sorted((p for p in previous.rglob("*") if p.is_file() and p.name != ".written"),
                           key=lambda p: p.name == STAMP):
            target = docs_dir / path.relative_to(previous)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    shutil.rmtree(previous, ignore_errors=True)
