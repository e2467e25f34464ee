"""Issue 30: a site any server can read, imports that are all or nothing, links checked as they are rendered."""

import os
import stat
import tempfile


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
