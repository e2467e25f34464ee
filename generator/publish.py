"""docs/ → site/ with `mkdocs build --strict`, swapped in whole.

MkDocs builds into a staging folder of this build's own (`.site-staging-*`); any warning fails the build
(strict, and never --quiet, which hides warnings from the strict count). The staging folder then takes
site/'s place in one atomic exchange (renameat2 RENAME_EXCHANGE), so there is never a moment without site/,
and a failed build leaves the previous site/ untouched. `site/.build-stamp` names what site/ was built from
(docs/, the site layer, the site URL) and a digest of its files: when both still hold, nothing is rebuilt;
a site/ that lost or changed a file is rebuilt.
"""

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import working_on
from .pipeline import STAMP, files_in, signals_held, stamp_matches, stamp_text

STAGING = ".site-staging-"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class SiteBuildFailed(Exception):
    """mkdocs reported an error or a warning."""


def site_hash(root, site_url):
    """A digest of docs/, mkdocs.yml, overrides/ and the site URL: everything site/ is built from."""
    digest = hashlib.sha256(site_url.encode())
    for path in sorted([Path(root, "mkdocs.yml"), *Path(root, "docs").rglob("*"), *Path(root, "overrides").rglob("*")]):
        if path.is_file() and path.name != STAMP:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def exchange(staging, target):
    """Swap two paths atomically (Linux renameat2); a plain rename when `target` does not exist yet."""
    if not target.exists():
        os.rename(staging, target)
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.renameat2(AT_FDCWD, os.fsencode(staging), AT_FDCWD, os.fsencode(target), RENAME_EXCHANGE) != 0:
        raise OSError(ctypes.get_errno(), f"could not swap {staging} and {target}")


def world_readable(folder):
    """`folder` and everything in it readable by any user (folders 0755, files 0644), whatever the umask: the
    staging folder is created private (mkdtemp), and a web server running as another user serves a copy of it."""
    folder = Path(folder)
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def mkdocs_build(root, staging, site_url, inputs):
    """`mkdocs build --strict` into `staging`, stamped and readable by any user: ready to take site/'s place."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)],
                            cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url})
    problems = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    if result.returncode != 0 or problems:
        raise SiteBuildFailed(problems[0] if problems else result.stderr.strip().splitlines()[-1])
    (staging / STAMP).write_text(stamp_text(inputs, files_in(staging)))  # staging is not live yet
    world_readable(staging)


def publish(root, site_url):
    """Build site/ from docs/ for `site_url` unless it is up to date. Returns True when it was rebuilt.
    The caller holds the checkout's lock."""
    root = Path(root)
    site = root / "site"
    for leftover in root.glob(STAGING + "*"):  # of a build killed before it could clean up
        shutil.rmtree(leftover, ignore_errors=True)
    inputs = site_hash(root, site_url)
    if stamp_matches(site, inputs):
        world_readable(site)  # a site/ built before its modes were set
        print("site/ is up to date: docs/ and the site layer unchanged", flush=True)
        return False
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=root))
    try:
        with working_on("building the site into", "site/"):
            mkdocs_build(root, staging, site_url, inputs)
        with signals_held():
            exchange(staging, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # a failed build, or now the previous site
    print("site/ is ready: open site/index.html or run 'make serve'", flush=True)
    return True
