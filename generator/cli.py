"""Command line: `python -m generator build | check | import usgs|iea|eiu <file>`."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data/ and report")
    build = commands.add_parser("build", help="validate data/ and regenerate the pages in docs/")
    build.add_argument("--docs", type=Path, default=ROOT / "docs")
    importer = commands.add_parser("import", help="turn an upstream release into curated tables")
    importer.add_argument("kind", choices=("usgs", "iea", "eiu"))
    importer.add_argument("path", type=Path)
    importer.add_argument("--source", help="source id the imported rows cite (iea and eiu)")
    args = parser.parse_args(argv)

    from .importers import ImportFailure
    from .load import DataError, load

    try:
        if args.command == "check":
            ds = load(DATA)
            print(f"data/ is valid: {len(ds.minerals)} minerals, {len(ds.partnerships)} partnerships, "
                  f"{len(ds.production)} production rows, {len(ds.demand)} demand rows")
        elif args.command == "build":
            from .render import build_docs
            # The same address mkdocs.yml gives site_url, so citations name the published URL.
            site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
            written = build_docs(load(DATA), ROOT, args.docs, site_url)
            print(f"docs/: {written} files written")
        else:
            _import(args)
    except (DataError, ImportFailure) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _import(args):
    if args.kind == "usgs":
        from .importers.usgs import import_usgs
        print(f"imported USGS MCS {import_usgs(args.path, DATA)}")
    elif args.kind == "iea":
        from .importers.iea import import_iea
        rows = import_iea(args.path, DATA, args.source or "iea-cmde-2025")
        print(f"imported IEA data: {rows} demand rows")
    else:
        from .importers.eiu import import_eiu
        rows = import_eiu(args.path, DATA, args.source or "eiu-democracy-index")
        print(f"imported EIU Democracy Index: {rows} rows")
