"""The documented deploy path: `make deploy` builds docs/ and site/ for SITE_URL and pushes that very site/ to the
gh-pages branch of `origin`. Run here against a local bare repository as the remote (no network), on the tiny data
package: the pushed pages cite the address given, with its trailing slash added."""

import os
import shutil
import subprocess

import pytest

from conftest import ROOT, tiny_project
from test_reliability import modes

pytestmark = pytest.mark.skipif(not (shutil.which("git") and shutil.which("make")), reason="needs git and make")


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_make_deploy_pushes_the_site_built_for_site_url(tmp_path):
    remote, project = tmp_path / "remote.git", tmp_path / "project"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    (project / "data").mkdir(parents=True)
    tiny_project(project / "data")
    for part in ("templates", "overrides", "docs/assets/javascripts", "docs/assets/stylesheets"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "pyproject.toml").symlink_to(ROOT / "pyproject.toml")  # the environment's stamp stays newer
    git("init", "--quiet", "--initial-branch", "main", cwd=project)
    git("config", "user.name", "Test", cwd=project)
    git("config", "user.email", "test@example.org", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "--quiet", "-m", "tiny project", cwd=project)
    git("remote", "add", "origin", str(remote), cwd=project)
    env = {**os.environ, "SITE_URL": "https://example.org/fm", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)  # make takes it from the project's last commit

    result = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(project),
                             "deploy", f"VENV={ROOT / '.venv'}",
                             "-o", str(ROOT / ".venv" / ".installed")], env=env, capture_output=True, text=True,
                            timeout=900, preexec_fn=lambda: os.umask(0o077))  # a private umask

    assert result.returncode == 0, result.stdout + result.stderr
    assert modes(project / "site") == {}  # any web server can read it, whatever the umask
    pushed = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines()
    built = {path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*") if path.is_file()}
    assert set(pushed) == built | {".nojekyll"}  # site/ as built, and nothing else
    assert {"index.html", "methodology/index.html"} <= built
    home = git("show", "gh-pages:index.html", cwd=remote)
    methodology = git("show", "gh-pages:methodology/index.html", cwd=remote)
    assert '<meta name="citation_public_url" content="https://example.org/fm/">' in home
    assert '<meta name="citation_public_url" content="https://example.org/fm/methodology/">' in methodology
    assert "127.0.0.1" not in home + methodology and "fmmethodology" not in methodology
    commit = git("log", "-1", "--format=%s", "gh-pages", cwd=remote).strip()
    assert commit == f"Site for https://example.org/fm, built from {git('rev-parse', '--short', 'HEAD', cwd=project).strip()}"
