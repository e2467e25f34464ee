"""Issue 30: a site any server can read, imports that are all or nothing, links checked as they are rendered."""

import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from generator.cli import main
from test_bad_inputs import digest


def modes(folder):
    """Every path under `folder` (and `folder` itself) that is not a folder at 0755 or a file at 0644."""
    return {path: oct(stat.S_IMODE(path.stat().st_mode)) for path in [folder, *folder.rglob("*")]
            if stat.S_IMODE(path.stat().st_mode) != (0o755 if path.is_dir() else 0o644)}


def test_the_built_site_is_readable_by_any_user(tiny_site):
    assert modes(tiny_site / "site") == {}


def test_a_site_made_under_a_private_umask_is_made_readable_by_any_user(tmp_path):
    from generator.publish import world_readable
    old = os.umask(0o077)
    try:
        staging = tempfile.mkdtemp(dir=tmp_path)  # private, as every staging folder is
        (tmp_path / staging / "assets").mkdir()
        (tmp_path / staging / "assets" / "page.html").write_text("x")
        (tmp_path / staging / "index.html").write_text("x")
    finally:
        os.umask(old)
    assert len(modes(tmp_path / staging)) == 4

    world_readable(tmp_path / staging)

    assert modes(tmp_path / staging) == {}


def edited(project, root, file):
    """A copy of a built project (its data, site layer, and the docs/ and site/ built from them) with `file` edited:
    a partnership's description in data/, or a comment in the site layer, for the next build to write."""
    for name in ("data", "docs", "site", "templates", "overrides", "mkdocs.yml"):
        (shutil.copytree if (project / name).is_dir() else shutil.copy)(project / name, root / name)
    text = (root / file).read_text(encoding="utf-8")
    (root / file).write_text(text.replace("One producer.", "One producer, edited.") + "# edited\n", encoding="utf-8")
    return root


def refused(root, command, site_port, monkeypatch, capsys):
    """The one line a failing `command` prints on the project in `root`."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SITE_URL", f"http://127.0.0.1:{site_port}/")
    returned = main(["--root", str(root), command])
    lines = capsys.readouterr().err.splitlines()
    assert returned == 1 and len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("full_at", [".docs-staging-", ".site-staging-"], ids=["writing docs", "writing site"])
def test_a_full_disk_leaves_docs_and_site_as_they_were(tiny_site, site_port, tmp_path, monkeypatch, capsys, full_at):
    """The disk fills while the build writes its first file of docs/ (or, with docs/ up to date, the stamp of the
    new site/): one line naming the file and the disk, and docs/ and site/ byte-identical."""
    # What the build has to write: a changed description (docs/), or only a changed site layer (site/).
    root = edited(tiny_site, tmp_path, "data/partnerships.yaml" if full_at == ".docs-staging-" else "mkdocs.yml")
    before = {name: digest(root / name) for name in ("docs", "site")}
    real = {"write_bytes": Path.write_bytes, "write_text": Path.write_text}

    def full(method):
        def write(path, *args, **kwargs):
            if full_at in str(path):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real[method](path, *args, **kwargs)
        return write
    for method in real:
        monkeypatch.setattr(Path, method, full(method))

    line = refused(root, "site", site_port, monkeypatch, capsys)

    assert re.fullmatch(rf"error: {re.escape(str(root))}/{full_at}\S+: No space left on device \(errno ENOSPC\) "
                        r"while (writing|building the site into) \S+; expected free disk space; nothing was changed",
                        line), line
    assert {name: digest(root / name) for name in ("docs", "site")} == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".build-lock"]


@pytest.mark.parametrize("command, missing", [("build", "templates"), ("site", "mkdocs.yml")])
def test_a_root_without_the_site_layer_is_refused_before_anything_is_written(tmp_path, capsys, command, missing):
    from conftest import ROOT, write_tiny
    write_tiny(tmp_path / "data")
    if missing != "templates":
        shutil.copytree(ROOT / "templates", tmp_path / "templates")

    returned = main(["--root", str(tmp_path), command])

    kind = "folder" if missing == "templates" else "file"
    assert returned == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {tmp_path}/{missing}, row -, column -: found 'no such {kind}', expected the project's {missing}"
        f"{'/ folder' if kind == 'folder' else ''} (set --root to the folder that holds data/, templates/ and docs/)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data", "templates"][:1 if kind == "folder" else 2])


class Panic(BaseException):
    """What vl-convert raises when its Rust code panics (pyo3's PanicException is a BaseException)."""


def test_a_dependency_that_panics_is_reported_as_the_step_and_the_page(tiny_site, site_port, tmp_path, monkeypatch,
                                                                        capsys):
    import generator.render
    root = edited(tiny_site, tmp_path, "data/partnerships.yaml")
    before = digest(root / "docs")

    def panic(*args):
        raise Panic("called `Option::unwrap()` on a `None` value\nnote: run with RUST_BACKTRACE=1")
    monkeypatch.setattr(generator.render, "static_svg", panic)  # the render workers fork with it

    line = refused(root, "build", site_port, monkeypatch, capsys)

    assert re.fullmatch(r"error: RenderFailure: Panic: called `Option::unwrap\(\)` on a `None` value note: run with "
                        r"RUST_BACKTRACE=1 \(an unexpected failure while rendering docs/\S+\.md; nothing was "
                        r"written\)", line), line
    assert digest(root / "docs") == before


def rules():
    """Every rule a build applies before rendering, as (module, function name): each check of load.py and
    validate.py (the policy rules among them, as validate calls them), the pipeline's own checks, and the
    computation (which refuses what it cannot compute)."""
    import inspect

    import generator.engine
    import generator.load
    import generator.pipeline
    import generator.validate
    found = [(module, name) for module in (generator.load, generator.validate)
             for name, value in vars(module).items()
             if inspect.isfunction(value) and name.lstrip("_").startswith("check")]
    return found + [(generator.load, "load"), (generator.load, "validate"), (generator.pipeline, "check_publishable"),
                    (generator.engine, "compute")]


class Rendering(Exception):
    """The build got past every rule, to rendering."""


def test_check_applies_every_rule_that_site_applies(tiny_site, site_port, tmp_path, monkeypatch, capsys):
    import generator.pipeline
    root = tmp_path / "project"
    shutil.copytree(tiny_site / "data", root / "data")
    for name in ("docs", "templates"):  # the build stops before it writes: it may read the session's docs/
        (root / name).symlink_to(tiny_site / name)
    with open(root / "data" / "partnerships.yaml", "a", encoding="utf-8") as edited_data:  # or docs/ is up to date
        edited_data.write("# edited\n")
    reached = set()

    def spied(module, name):
        real = getattr(module, name)

        def rule(*args, **kwargs):
            reached.add(f"{module.__name__}.{name}")
            return real(*args, **kwargs)
        return rule
    enumerated = rules()
    assert len(enumerated) >= 20
    for module, name in enumerated:
        monkeypatch.setattr(module, name, spied(module, name))

    def rendering(*args):
        raise Rendering
    monkeypatch.setattr(generator.pipeline, "render_all", rendering)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("SITE_URL", f"http://127.0.0.1:{site_port}/")
    everything = {f"{module.__name__}.{name}" for module, name in enumerated}

    assert main(["--root", str(root), "check"]) == 0
    assert reached == everything
    assert capsys.readouterr().out.splitlines()[-1].endswith(
        "every rule of `site` was applied but rendering (against the tables the last build published in docs/)")
    reached.clear()
    assert main(["--root", str(root), "build"]) == 1
    assert reached == everything
    assert "Rendering" in capsys.readouterr().err


class Killed(BaseException):
    """kill -9: nothing after it runs, no handler, no clean-up."""


EIU = ("Entity,Code,Year,Democracy score\nAustralia,AUS,2024,8.85\nUnited States,USA,2024,7.8\nChile,CHL,2024,7.9\n"
       "China,CHN,2024,2.1\nChina,CHN,2022,6.5\nNew Zealand,NZL,2024,6\nJapan,JPN,2024,8.48\n")


def imported(data, monkeypatch, renames):
    """Import EIU into `data`, killed before its rename number `renames` + 1 (None: not killed)."""
    import generator.importers
    from generator.importers.eiu import import_eiu
    real, done = os.replace, []

    def replace(source, target):
        if renames is not None and len(done) >= renames:
            raise Killed
        done.append(target)
        real(source, target)
    monkeypatch.setattr(generator.importers.os, "replace", replace)
    upstream = data.parent.parent / "eiu.csv"
    upstream.write_text(EIU, encoding="utf-8")
    try:
        import_eiu(upstream, data, "src-a")
    finally:
        monkeypatch.undo()
    return done


@pytest.fixture(scope="module")
def imported_whole(tmp_path_factory):
    """data/ as a whole EIU import leaves the tiny package (by content), and how many renames it took."""
    from conftest import write_tiny
    data = write_tiny(tmp_path_factory.mktemp("imported") / "project" / "data")
    with pytest.MonkeyPatch.context() as monkeypatch:
        renamed = len(imported(data, monkeypatch, None))
    return digest(data), renamed


# An EIU import into the tiny package changes democracy_index.csv and writes a new CHANGELOG.md: four renames
# (the staging list, the two files, the mark that the import is whole).
@pytest.mark.parametrize("renames", range(4), ids=["list not yet staged", "no file moved in", "one file moved in",
                                                   "both moved in, not yet marked whole"])
def test_an_import_killed_at_any_rename_leaves_the_old_data_or_the_new(imported_whole, tmp_path, monkeypatch,
                                                                        capsys, renames):
    from conftest import write_tiny
    new, renamed = imported_whole
    assert renamed == 4
    data = write_tiny(tmp_path / "project" / "data")
    old = digest(data)
    with pytest.raises(Killed):
        imported(data, monkeypatch, renames)
    if renames == 2:
        assert digest(data) not in (old, new)  # a mix, until the next command

    assert main(["--root", str(data.parent), "check"]) == 0

    assert digest(data) == old  # rolled back: the import never happened
    assert "an interrupted import (its staging folder .import-staging/ was left)" in capsys.readouterr().out
    assert sorted(p.name for p in data.parent.iterdir()) == [".build-lock", "data"]


def test_an_import_whole_but_for_its_clean_up_is_kept_by_the_next_command(tmp_path, monkeypatch, capsys):
    import generator.importers
    from conftest import write_tiny
    data = write_tiny(tmp_path / "project" / "data")
    monkeypatch.setattr(generator.importers.shutil, "rmtree", lambda path, **kwargs: None)  # killed at the end
    imported(data, monkeypatch, None)
    new = digest(data)
    (data / "democracy_index.csv.tmp").write_text("left by an import before imports were staged")

    assert main(["--root", str(data.parent), "check"]) == 0

    assert digest(data) == new
    assert "had published every file: data/ keeps it" in capsys.readouterr().out
    assert sorted(p.name for p in data.parent.iterdir()) == [".build-lock", "data"]


def test_every_link_and_source_of_the_built_sites_is_http_mailto_or_relative(built_site, hostile_site):
    """Every href and src (and every other attribute a browser follows) of every page of the real site and of the
    site built from hostile data."""
    from html.parser import HTMLParser

    from generator.escaping import URL_ATTRIBUTES, safe_link

    class Targets(HTMLParser):
        def handle_starttag(self, tag, attributes):
            self.found += [(tag, name, value) for name, value in attributes if name in URL_ATTRIBUTES and value]
    counted = 0
    for site in (built_site[1], hostile_site):
        for page in sorted(site.rglob("*.html")):
            parser = Targets()
            parser.found = []
            parser.feed(page.read_text(encoding="utf-8"))
            counted += len(parser.found)
            unsafe = [found for found in parser.found if not safe_link(found[2])]
            assert unsafe == [], page
    assert counted > 10000


def test_the_changelog_is_parsed_with_the_extensions_of_the_site():
    import yaml

    from conftest import ROOT
    from generator.escaping import MARKDOWN_EXTENSIONS
    class Loader(yaml.SafeLoader):  # mkdocs.yml's !!python/name tags (emoji, the theme's) read as nothing
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    site = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader
    declared = site["markdown_extensions"]
    assert {name: settings for entry in declared
            for name, settings in (entry.items() if isinstance(entry, dict) else [(entry, {})])} == MARKDOWN_EXTENSIONS
