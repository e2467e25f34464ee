"""Command line: `python -m generator build | site | check | import usgs|iea|eiu <file>`.

Every failure ends with exit 1 and one line on stderr naming the file (and row and column where there
are any); nothing in data/, docs/ or site/ is changed by a failed command.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def site_url():
    """The address the site is published at (mkdocs.yml reads the same variable), for citations."""
    url = os.environ.get("SITE_URL", "")
    if not url:
        print(f"warning: SITE_URL is not set; citations will name {DEFAULT_SITE_URL}", flush=True)
    return url or DEFAULT_SITE_URL


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (data/, templates/, docs/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data/ and report")
    build = commands.add_parser("build", help="validate data/ and regenerate the pages in docs/")
    build.add_argument("--docs", type=Path, help="where to write the generated pages (default: <root>/docs)")
    commands.add_parser("site", help="build, then mkdocs build --strict into site/, swapped in whole")
    importer = commands.add_parser("import", help="turn an upstream release into curated tables")
    importer.add_argument("kind", choices=("usgs", "iea", "eiu"))
    importer.add_argument("path", type=Path)
    importer.add_argument("--source", help="source id the imported rows cite (iea and eiu)")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except Exception as error:  # noqa: BLE001 - the one place every failure becomes one line
        print(f"error: {describe(error)}", file=sys.stderr)
        return 1


def describe(error):
    from .importers import ImportFailure
    from .load import DataError
    from .publish import SiteBuildFailed
    if isinstance(error, (DataError, ImportFailure, SiteBuildFailed)):
        return str(error)
    return f"{type(error).__name__}: {error} (an unexpected failure; nothing was written)"


def run(args):
    root, data = args.root, args.root / "data"
    if args.command == "check":
        from .load import load
        ds = load(data)
        print(f"data/ is valid: {len(ds.minerals)} minerals, {len(ds.partnerships)} partnerships, "
              f"{len(ds.production)} production rows, {len(ds.demand)} demand rows")
    elif args.command in ("build", "site"):
        from .pipeline import build, keep, undo
        from .publish import publish
        docs = getattr(args, "docs", None) or root / "docs"
        keep(docs)  # forget what an earlier, killed build left to undo
        try:
            build(data, root / "templates", docs, site_url())
            if args.command == "site":
                publish(root)
        except BaseException:
            undo(docs)  # failed or interrupted: docs/ goes back to what site/ was built from
            raise
        keep(docs)
    else:
        print(_import(args, data))
    return 0


def _import(args, data):
    if args.kind == "usgs":
        from .importers.usgs import import_usgs
        return f"imported USGS MCS {import_usgs(args.path, data)}"
    if args.kind == "iea":
        from .importers.iea import import_iea
        return f"imported IEA data: {import_iea(args.path, data, args.source or 'iea-cmde-2025')} demand rows"
    from .importers.eiu import import_eiu
    return f"imported EIU Democracy Index: {import_eiu(args.path, data, args.source or 'eiu-democracy-index')} rows"
