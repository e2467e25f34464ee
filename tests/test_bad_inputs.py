"""Every case of tests/bad_inputs/cases.yaml: refused in one line that says where and why, nothing changed.

Each case runs the generator command a maintainer would (`generator.cli.main`, in this process: a
subprocess per case would spend the suite's time budget starting Python), with the case's settings in the
environment, on data written afresh for the case: the tiny package (`tiny_project`, the data of the session's
tiny site), or the committed data for a case marked `data: real`. A `build` or `site` runs in a project whose
docs/ and site/ are those built from the same data (the session's tiny site, or its real site). The command
must return 1 with exactly one line on stderr, `error: …`, containing the case's expected text, and no
traceback; data/ must be byte-identical afterwards, and no file of docs/ or site/ rewritten.
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REFERENCE, ROOT, tiny_project
from generator.cli import main

CASES_DIR = Path(__file__).parent / "bad_inputs"
CASES = yaml.safe_load((CASES_DIR / "cases.yaml").read_text(encoding="utf-8"))


def digest(folder):
    """Every file under `folder` (following a symlinked folder), by relative path: its content."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stamp(folder):
    """Every file under `folder`, by relative path: its size and modification time. The built docs/ and site/
    (a hundred megabytes) are only ever rewritten through a move, which a changed time shows as well as a hash."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def state(data, built):
    """data/ by content; the built docs/ and site/ (a hundred megabytes for the real site) by size and time."""
    return {"data": digest(data), **{folder.name: stamp(folder) for folder in built}}


def apply(edit, data):
    for kind, argument in edit.items():
        if kind == "replace":
            file, old, new = argument
            text = (data / file).read_text(encoding="utf-8")
            assert old in text, f"the case's text is not in {file}: {old!r}"
            (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        elif kind == "write":
            (data / argument[0]).write_text(argument[1], encoding="utf-8")
        elif kind == "append":  # a row the tiny package lacks, for the case to get wrong
            file, text = argument
            with open(data / file, "a", encoding="utf-8") as table:
                table.write(text)
        elif kind == "header_only":
            (data / argument).write_text((data / argument).read_text(encoding="utf-8").splitlines()[0] + "\n")
        elif kind == "drop_lines":
            file, pattern = argument
            lines = (data / file).read_text(encoding="utf-8").splitlines(keepends=True)
            (data / file).write_text("".join(line for line in lines if not re.search(pattern, line)))
        elif kind == "scale":
            file, pattern, column, factor = argument
            lines = (data / file).read_text(encoding="utf-8").splitlines(keepends=True)
            (data / file).write_text("".join(_scaled(line, column, factor) if re.search(pattern, line) else line
                                             for line in lines))
        elif kind == "encode":
            file, encoding = argument
            (data / file).write_bytes((data / file).read_text(encoding="utf-8").encode(encoding))
        elif kind == "delete":
            (data / argument).unlink()
        elif kind == "append_bytes":
            file, hexadecimal = argument
            (data / file).write_bytes((data / file).read_bytes() + bytes.fromhex(hexadecimal))
        else:
            raise AssertionError(f"unknown edit {kind}")


def _scaled(line, column, factor):
    cells = line.rstrip("\n").split(",")
    if cells[column]:
        cells[column] = f"{float(cells[column]) * factor:g}"
    return ",".join(cells) + "\n"


def argument(text, scratch):
    if text.startswith("@"):
        return str(CASES_DIR / text[1:])
    if text.startswith("iea-without:"):  # the IEA reference file less one country's supply of one mineral
        _, mineral, stage, country = text.split(":")
        source = REFERENCE / "iea_cm_data_explorer_2025_converted.json"
        if not source.exists():
            pytest.skip("../shared/reference is absent")
        explorer = json.loads(source.read_text(encoding="utf-8"))
        del explorer["supply"][mineral][stage]["countries"][country]
        (scratch / "iea.json").write_text(json.dumps(explorer), encoding="utf-8")
        return str(scratch / "iea.json")
    if text.startswith("reference:"):
        _, name, percent = text.split(":")
        if not (REFERENCE / name).exists():
            pytest.skip("../shared/reference is absent")
        raw = (REFERENCE / name).read_bytes()
        (scratch / name).write_bytes(raw[:len(raw) * int(percent) // 100])
        return str(scratch / name)
    return text


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_is_refused_in_one_line_and_changes_nothing(case, site_port, tmp_path, capsys, monkeypatch,
                                                              request):
    real = case.get("data") == "real"
    root = tmp_path / "project"
    if real:
        shutil.copytree(ROOT / "data", root / "data")
    else:
        (root / "data").mkdir(parents=True)
        tiny_project(root / "data")  # the data the session's tiny site was built from
    built = []  # the docs/ and site/ a build would rewrite (`check` reads the last build's tables); `import` neither
    if case["run"][0] in ("build", "site", "check"):
        project = request.getfixturevalue("built_site")[0].parent if real else request.getfixturevalue("tiny_site")
        for name in ("templates", "overrides", "mkdocs.yml"):
            (root / name).symlink_to(project / name)
        for name in ("docs", "site"):
            # A failing `site` writes docs/, then takes it back when mkdocs fails: it gets a copy, so the other tests
            # sharing the built site never see it half-way. A failing `build` writes nothing.
            if case["run"][0] == "site":
                shutil.copytree(project / name, root / name)
            else:
                (root / name).symlink_to(project / name)
        built = [root / "docs", root / "site"]
    apply(case.get("edit", {}), root / "data")
    before = state(root / "data", built)
    settings = {"SOURCE_DATE_EPOCH": "1767225600", "SITE_URL": f"http://127.0.0.1:{site_port}/",
                **case.get("env", {})}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()

    returned = main(["--root", str(root), *(argument(a, tmp_path) for a in case["run"])])

    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert returned == 1, out + err
    assert "Traceback" not in out + err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert case["expect"] in lines[0], lines[0]
    assert state(root / "data", built) == before


def test_the_corpus_covers_enough_cases():
    assert len(CASES) >= 40
    commands = {case["run"][0] if case["run"][0] != "import" else f"import {case['run'][1]}" for case in CASES}
    assert {"check", "build", "site", "import usgs", "import iea", "import eiu"} <= commands
    # Issue 14: on the tiny package unless marked real, and only a few of them end to end on the real data.
    assert {case.get("data", "tiny") for case in CASES} == {"tiny", "real"}
    assert 4 <= sum(case.get("data") == "real" for case in CASES) <= len(CASES) // 5


def test_a_root_without_data_is_refused_before_anything_is_written(tmp_path, capsys):
    """--root pointing at the wrong folder: one line naming the folder, and no lock or staging left in it."""
    returned = main(["--root", str(tmp_path), "build"])

    lines = capsys.readouterr().err.splitlines()
    assert returned == 1
    assert lines == [f"error: {tmp_path}/data, row -, column -: found 'no such folder', expected the project's data/ "
                     "folder (set --root to the folder that holds data/, templates/ and docs/)"]
    assert list(tmp_path.iterdir()) == []
