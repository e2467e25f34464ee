"""Command line: `python -m generator build | site | check | import usgs|iea|eiu <file>`.

Every failure ends with exit 1 and one line on stderr naming the file (and row and column where there
are any); nothing in data/, docs/ or site/ is changed by a failed command.
"""

import argparse
import errno
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def say(message):
    print(message, flush=True)


class Arguments(argparse.ArgumentParser):
    """The command line, refused in one line like any other input (argparse prints its usage and exits 2)."""

    def error(self, message):
        from .errors import UsageError
        raise UsageError(message)


def main(argv=None):
    parser = Arguments(prog="python -m generator", description=__doc__)
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
    importer.add_argument("--confirm-removal", action="append", default=[], metavar="MINERAL:ISO3",
                          help="accept that the import removes this country's figures for this mineral "
                               "(after reviewing why); repeat for each")
    importer.add_argument("--confirm-change", action="store_true",
                          help="accept the figures the import moves more than 5 times, and IEA years that differ from "
                               "the data's (after reviewing them): each is written to change_exceptions.csv and the "
                               "changelog")
    try:
        return run(parser.parse_args(argv))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - the one place every failure becomes one line (a dependency's
        # panic, such as vl-convert's PanicException, is a BaseException)
        print(f"error: {describe(error)}", file=sys.stderr)
        return 1


def describe(error):
    from .errors import SettingError, UsageError, step_of
    from .importers import ImportFailure
    from .load import DataError
    from .publish import SiteBuildFailed
    if isinstance(error, (DataError, ImportFailure, SiteBuildFailed, SettingError, UsageError)):
        return str(error)
    if isinstance(error, OSError) and error.strerror:  # a full disk, a folder it may not write: the system's words
        expected = "free disk space" if error.errno == errno.ENOSPC else "a file it can use"
        return (f"{error.filename or '-'}: {error.strerror} (errno {errno.errorcode.get(error.errno, error.errno)}) "
                f"{step_of(error)}; expected {expected}; nothing was changed")
    return " ".join(f"{type(error).__name__}: {error} (an unexpected failure {step_of(error)}; nothing was written)"
                    .split())  # one line, even for a dependency's message of several


def run(args):
    from .errors import DataError
    needed = {"build": ("data", "templates"), "site": ("data", "templates", "mkdocs.yml")}
    for name in needed.get(args.command, ("data",)):  # before the lock, which lives in the project folder
        folder = "." not in name
        if not (args.root / name).exists():
            raise DataError(f"{args.root}/{name}", "-", "-", f"no such {'folder' if folder else 'file'}",
                            f"the project's {name}{'/ folder' if folder else ''} (set --root to the folder that "
                            "holds data/, templates/ and docs/)")
    from .importers import IMPORT_STAGING, finish_interrupted_import
    from .lock import build_lock
    if (args.root / IMPORT_STAGING).exists() or any((args.root / "data").glob("*.tmp")):
        with build_lock(args.root, say):  # an import was interrupted: every command first finishes it
            say(finish_interrupted_import(args.root / "data"))
    if args.command == "check":
        return _run(args)
    with build_lock(args.root, say):  # one writer of data/, docs/ and site/ at a time
        return _run(args)


def _run(args):
    root, data = args.root, args.root / "data"
    if args.command == "check":
        from .pipeline import check
        ds, _ = check(data, root / "docs")
        # The rows to re-confirm first: the last line says whether the data are valid.
        from .policy_rules import rows_to_reconfirm
        from .schema import CONFIRMATION_MAX_AGE_MONTHS
        for file, row, measure, confirmed in rows_to_reconfirm(ds):
            print(f"needs re-confirming: {file}, row {row} ({measure}): in force when last confirmed ({confirmed}), "
                  f"more than {CONFIRMATION_MAX_AGE_MONTHS} months before the as-of date; not counted until it is")
        print(f"data/ is valid: {len(ds.minerals)} minerals, {len(ds.partnerships)} partnerships, "
              f"{len(ds.production)} production rows, {len(ds.demand)} demand rows; every rule of `site` was "
              "applied but rendering (against the tables the last build published in docs/)")
    elif args.command in ("build", "site"):
        from .pipeline import build, build_date, keep, undo
        from .publish import publish
        from .settings import site_url
        docs = getattr(args, "docs", None) or root / "docs"
        url = site_url(warn=say)
        build_date()  # SOURCE_DATE_EPOCH refused before anything is written
        keep(docs)  # forget what an earlier, killed build left to undo
        try:
            build(data, root / "templates", docs, url)
            if args.command == "site":
                publish(root, url)
        except BaseException:
            undo(docs)  # failed or interrupted: docs/ goes back to what site/ was built from
            raise
        keep(docs)
    else:
        from .importers import confirmed_removals
        with confirmed_removals(args.confirm_removal, args.confirm_change):
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
