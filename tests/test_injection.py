"""No data value can become markup or script: the whole site built from hostile data, inspected as HTML."""

from bs4 import BeautifulSoup

from conftest import HOSTILE

LEGITIMATE_SCRIPTS = ("assets/javascripts/bundle", "assets/vendor/vega.min.js", "assets/javascripts/charts.js",
                      "assets/javascripts/pages.js",
                      "assets/javascripts/workers")


def pages(site):
    return sorted(site.rglob("*.html"))


def test_no_injected_element_attribute_or_link(hostile_site):
    for path in pages(hostile_site):
        document = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in document.find_all("script"):
            assert "__pwned" not in script.get_text(), path
            assert not script.get("src") or any(s in script["src"] for s in LEGITIMATE_SCRIPTS), (path, script)
        for element in document.find_all(True):
            for attribute, value in element.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not (attribute.startswith("on") and "__pwned" in text), (path, element.name, attribute)
                if attribute in ("href", "src"):
                    assert not text.strip().lower().startswith(("javascript:", "data:")), (path, text)
        assert not document.select("img[src=x]"), path


def test_hostile_text_reads_as_text(hostile_site):
    """The partnership page shows its hostile name as literal text: in the heading, the page title, the
    citation meta and the nav; the ':' and '#' did not break the front matter."""
    document = BeautifulSoup((hostile_site / "partnerships" / "pair" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
    assert document.find("h1").get_text(strip=True).removesuffix("¶") == HOSTILE.strip()
    assert document.find("title").get_text().startswith(HOSTILE.strip())
    assert document.find("meta", attrs={"name": "citation_title"})["content"] == HOSTILE.strip()
    assert "Cite this page" in document.get_text()
    assert HOSTILE.strip() in " ".join(document.get_text().split())


def test_hostile_source_url_stays_one_link(hostile_site):
    document = BeautifulSoup((hostile_site / "partnerships" / "pair" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
    hrefs = [a["href"] for a in document.find_all("a", href=True) if a["href"].startswith("https://example.org/")]
    assert hrefs and all("<" not in h and '"' not in h for h in hrefs)


def test_changelog_keeps_its_safe_links_and_its_html_as_text(hostile_site):
    document = BeautifulSoup((hostile_site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a.get_text(): a["href"] for a in document.find_all("a", href=True)}
    assert hrefs["ref ok"] == "https://example.org/ok" and hrefs["mail"] == "mailto:data@example.org"
    assert "raw" not in hrefs and "ref js" not in hrefs
    text = " ".join(document.get_text().split())
    assert '<a href="https://example.org/raw" onclick="window.__pwned=1">raw</a>' in text and "[ref js][js]" in text
    assert not document.select("[onclick]")


def test_a_hostile_site_url_is_refused_before_anything_is_written(tmp_path, monkeypatch, capsys):
    from generator.cli import main
    from conftest import ROOT, write_tiny
    write_tiny(tmp_path / "data")
    for name in ("templates", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    for url in ('https://example.org/"><script>window.__pwned=1</script>/', "javascript:alert(1)//",
                "https://example.org/ onmouseover=alert(1)", "https://example.org/?q=<b>"):
        monkeypatch.setenv("SITE_URL", url)
        assert main(["--root", str(tmp_path), "site"]) == 1
        assert capsys.readouterr().err.startswith(f"error: setting SITE_URL: found {url!r}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build-lock", "data", "mkdocs.yml", "templates"]


def test_site_url_gets_its_trailing_slash():
    from generator.settings import site_url
    assert site_url({"SITE_URL": "https://example.org/fm"}) == "https://example.org/fm/"
    assert site_url({"SITE_URL": "https://example.org/fm/"}) == "https://example.org/fm/"
    assert site_url({}, warn=lambda line: None) == "http://127.0.0.1:8000/"
