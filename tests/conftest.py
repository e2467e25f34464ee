"""Shared fixtures: a tiny hand-made data package, and the real site built once per session.

The tiny package (two minerals, five countries) is small enough that every figure
the tests expect can be worked out by hand in the test itself.
"""

import copy
import fcntl
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"

USGS = "mineral,row_kind,country_iso3,year,value_t,low_t,high_t,code,estimated,edition,source_id,reported_as,note\n"

TINY = {
    "sources.csv": (
        "source_id,title,publisher,edition,published,url,licence,citation\n"
        "src-a,Test source,Tester,1,2026-01-01,https://example.org/a,CC0,Tester (2026)\n"
    ),
    "minerals.csv": (
        "mineral,name,basis,iea_basis,usgs_commodity,usgs_commodity_2025,usgs_file_code,iea_demand_name,"
        "iea_demand_scope,iea_supply_name,basis_note,stage,critical_2025,usgs_production,usgs_reserves\n"
        "lithium,Lithium,Li content,,Lithium,Lithium,lithi,Lithium,total,Lithium,,mine,true,mine production,\n"
        "zinc,Zinc,Zn content,,Zinc,Zinc,zinc,Zinc,cleantech,,clean-tech demand only,mine,true,mine production,\n"
    ),
    # Lithium 2021: AUS 50, CHL 40, CHN 10 (world 100). 2025: AUS 100, CHL 60, CHN 40, USA withheld (world 200).
    "production.csv": USGS + "\n".join([
        "lithium,country,AUS,2021,50,,,,false,2026,src-a,50 t,",
        "lithium,country,CHL,2021,40,,,,false,2026,src-a,40 t,",
        "lithium,country,CHN,2021,10,,,,false,2026,src-a,10 t,",
        "lithium,world_total,,2021,100,,,,false,2026,src-a,100 t,",
        "lithium,country,AUS,2025,100,,,,true,2026,src-a,100 t,",
        "lithium,country,CHL,2025,60,,,,false,2026,src-a,60 t,",
        "lithium,country,CHN,2025,40,,,,false,2026,src-a,40 t,",
        "lithium,country,USA,2025,,,,W,false,2026,src-a,W,",
        "lithium,other_countries,,2025,0,,,,false,2026,src-a,0 t,",
        "lithium,world_total,,2025,200,,,,false,2026,src-a,200 t,",
        "zinc,country,AUS,2021,10,,,,false,2026,src-a,10 t,",
        "zinc,country,CHN,2021,20,,,,false,2026,src-a,20 t,",
        "zinc,world_total,,2021,30,,,,false,2026,src-a,30 t,",
        "zinc,country,AUS,2025,10,,,,false,2026,src-a,10 t,",
        "zinc,country,CHN,2025,30,,,,false,2026,src-a,30 t,",
        "zinc,world_total,,2025,40,,,,false,2026,src-a,40 t,",
    ]) + "\n",
    "reserves.csv": USGS + "\n".join([
        "lithium,country,AUS,2025,1000,,,,false,2026,src-a,1000 t,",
        "lithium,country,CHL,2025,2000,,,,false,2026,src-a,2000 t,",
        "lithium,country,CHN,2025,500,,,,false,2026,src-a,500 t,",
        "lithium,country,USA,2025,300,,,,false,2026,src-a,300 t,",
        "lithium,world_total,,2025,3800,,,,false,2026,src-a,3800 t,",
        "zinc,country,AUS,2025,100,,,,false,2026,src-a,100 t,",
        "zinc,country,CHN,2025,200,,,,false,2026,src-a,200 t,",
        "zinc,world_total,,2025,300,,,,false,2026,src-a,300 t,",
    ]) + "\n",
    "supply_projection.csv": (
        "mineral,stage,row_kind,country_iso3,year,supply_kt,source_id\n"
        "lithium,mining,country,AUS,2024,0.1,src-a\n"
        "lithium,mining,country,AUS,2030,0.2,src-a\n"
        "lithium,mining,rest_of_world,,2024,0.1,src-a\n"
        "lithium,mining,rest_of_world,,2030,0.2,src-a\n"
        "lithium,refining,country,CHN,2024,0.3,src-a\n"
        "lithium,refining,rest_of_world,,2024,0.1,src-a\n"
    ),
    "democracy_index.csv": (
        "country_iso3,year,democracy_score,source_id\n"
        "AUS,2024,8.5,src-a\nUSA,2024,7.8,src-a\nCHN,2024,2.1,src-a\nCHL,2024,7.9,src-a\n"
        "CHN,2022,6.5,src-a\nNZL,2024,6,src-a\n"
    ),
    "world_total_exceptions.csv": "table,mineral,year,rule,reason\n",
    "countries_of_concern.csv": "country_iso3,designation,source_id\nCHN,covered nation,src-a\n",
    "comparability.csv": "mineral,measure,treatment,reason\n",
    "change_exceptions.csv": "table,mineral,country_iso3,year,reason\n",
    "country_names.csv": "name,country_iso3,reason\nBurma,MMR,USGS name\n",
    "corrections.csv": "edition,mineral,country,column,value,reason\n",
    # Policy facts: the as-of date and empty tables that tests fill in as they need.
    "as_of.csv": "as_of,note\n2026-06-01,Checked.\n",
    "sanctions.csv": "country_iso3,programme,legal_source,status,status_date,note,source_id\n",
    "territories.csv": "territory_iso3,sovereign_iso3,status,basis,source_id\n",
    "export_controls.csv": ("measure_id,country_iso3,instrument,items,mineral,elements,stage,kind,target_iso3,announced,in_force,"
                            "status,status_until,status_confirmed,status_note,source_id,status_source_id\n"),
    "control_notes.csv": "mineral,country_iso3,note,source_id\n",
    # Where the United States buys lithium (issue 27): CHL 54 %, ARG 43 %, other countries 3 %; reliance > 50 %.
    "import_sources.csv": (
        "mineral,edition,period,form,row_kind,country_iso3,share_pct,low_pct,high_pct,code,source_id,reported_as,note\n"
        "lithium,2026,2021-2024,All,country,ARG,43,,,,src-a,43,\n"
        "lithium,2026,2021-2024,All,country,CHL,54,,,,src-a,54,\n"
        "lithium,2026,2021-2024,All,other_countries,,3,,,,src-a,3,\n"
    ),
    "import_reliance.csv": (
        "mineral,series,year,value_pct,low_pct,high_pct,code,estimated,edition,source_id,reported_as,note\n"
        "lithium,Net import reliance as a percentage of apparent consumption,2024,,50,,>,false,2026,src-a,>50,\n"
        "lithium,Net import reliance as a percentage of apparent consumption,2025,,50,,>,true,2026,src-a,>50,\n"
    ),
    "targets.csv": ("target,name,kind,threshold_pct,applies_to,year,fact_date,status,status_confirmed,source_id,note\n"
                    "half,A benchmark,max_single_country,50,Its owner's imports.,2030,2026-01-01,confirmed,2026-06-01,"
                    "src-a,\n"),
    "import_basis.csv": (
        "mineral,import_forms,reliance_series,salient_columns,reason\n"
        "lithium,All,Net import reliance as a percentage of apparent consumption,NIR_pct,One form.\n"
    ),
    # Outside the engine: gallium (refinery stage; 2025: CHN 90, JPN 6, RUS 4 of a world 100 t) and germanium (no
    # USGS table); rare earths Nd (light) and Dy (heavy). NZE 2030 demand: Nd 30 kt, Dy 5 kt, gallium 0.04 kt.
    "minerals_outside.csv": (
        "mineral,name,stage,basis,usgs_commodity,usgs_commodity_2025,usgs_file_code,usgs_production,"
        "iea_demand_name,critical_2025,usgs_published,why_outside,basis_note\n"
        "gallium,Gallium,refinery,Ga content,Gallium,Gallium,galli,primary production,Gallium,true,"
        "Primary production by country; no reserves.,No reserves.,Refined gallium.\n"
        "germanium,Germanium,,,Germanium,,,,Germanium,true,No table by country.,No USGS table.,Demand only.\n"
    ),
    "rare_earth_elements.csv": (
        "element,mineral,name,symbol,group,iea_demand_name,in_supply_basis,note\n"
        "neodymium,lithium,Neodymium,Nd,light,Neodymium,true,\n"
        "dysprosium,lithium,Dysprosium,Dy,heavy,Dysprosium,true,\n"
    ),
    "cleantech_demand.csv": "item,scenario,year,demand_kt,source_id\n" + "".join(
        f"{item},{scenario},{year},{kt},src-a\n"
        for item, by_year in (("gallium", {2024: 0.02, 2030: 0.04}), ("germanium", {2024: 0.01, 2030: 0.02}),
                              ("neodymium", {2024: 10, 2030: 30}), ("dysprosium", {2024: 1, 2030: 5}))
        for scenario in ("STEPS", "APS", "NZE") for year, kt in by_year.items()),
    "refinery_production.csv": USGS + "\n".join([
        "gallium,country,CHN,2024,80,,,,false,2026,src-a,80 t,",
        "gallium,country,JPN,2024,6,,,,false,2026,src-a,6 t,",
        "gallium,country,RUS,2024,4,,,,false,2026,src-a,4 t,",
        "gallium,world_total,,2024,90,,,,false,2026,src-a,90 t,",
        "gallium,country,CHN,2025,90,,,,true,2026,src-a,90 t,",
        "gallium,country,JPN,2025,6,,,,false,2026,src-a,6 t,",
        "gallium,country,RUS,2025,4,,,,false,2026,src-a,4 t,",
        "gallium,world_total,,2025,100,,,,false,2026,src-a,100 t,",
    ]) + "\n",
    "partnerships.yaml": """
- partnership: pair
  name: Australia and the United States
  short_name: Pair
  description: Two producers.
  headline: true
  as_of: "2026-01-01"
  source_id: src-a
  territories: not_counted
  territories_note: Judgement.
  members:
    - {country: AUS, since: "2022-06-14"}
    - {country: USA}
- partnership: usa
  name: The United States alone
  short_name: US alone
  description: One producer.
  as_of: "2026-01-01"
  source_id: src-a
  territories: not_counted
  territories_note: Judgement.
  members:
    - {country: USA}
- partnership: none
  name: New Zealand
  short_name: NZ
  description: No producer.
  as_of: "2026-01-01"
  source_id: src-a
  territories: not_counted
  territories_note: Judgement.
  members:
    - {country: NZL}
- partnership: democracies
  name: Democracies
  short_name: Democracies
  description: By rule.
  as_of: "2026-01-01"
  source_id: src-a
  territories: not_counted
  territories_note: Judgement.
  rule: eiu_democracy
  finding: true
""",
}


def demand_csv():
    """Lithium total demand (kt): 0.1 in 2024, 0.4 at every milestone 2030–2050, in each scenario.
    Zinc clean-tech demand: 0.01 in 2024, 0.02 at every milestone."""
    rows = ["mineral,scenario,year,scope,demand_kt,source_id"]
    for scenario in ("STEPS", "APS", "NZE"):
        for year in (2024, 2030, 2035, 2040, 2045, 2050):
            lithium = 0.1 if year == 2024 else 0.4
            rows.append(f"lithium,{scenario},{year},total,{lithium},src-a")
            rows.append(f"lithium,{scenario},{year},cleantech,{lithium / 2},src-a")
            rows.append(f"zinc,{scenario},{year},cleantech,{0.01 if year == 2024 else 0.02},src-a")
    return "\n".join(rows) + "\n"


def write_tiny(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TINY.items():
        (folder / name).write_text(text.lstrip("\n") if name.endswith(".yaml") else text, encoding="utf-8")
    (folder / "demand.csv").write_text(demand_csv(), encoding="utf-8")
    return folder


@pytest.fixture
def tiny_dir(tmp_path):
    return write_tiny(tmp_path / "data")


@pytest.fixture(scope="session")
def tiny_once(tmp_path_factory):
    from generator.load import load
    return load(write_tiny(tmp_path_factory.mktemp("tiny-once") / "data"))


@pytest.fixture
def tiny(tiny_once):
    """The tiny package, loaded: a copy each test may change (loading it afresh costs a hundred times more)."""
    return copy.deepcopy(tiny_once)


@pytest.fixture(scope="session")
def tiny_results_once(tiny_once):
    """The engine's results on the tiny package as it is, computed once per worker (two seconds each time)."""
    from generator.engine import compute
    return compute(tiny_once)


@pytest.fixture
def tiny_sufficiency(tiny_results_once):
    """`metrics.sufficiency` of the tiny package as it is (the engine's first table): a copy each test may change."""
    return tiny_results_once.sufficiency.copy()


@pytest.fixture(scope="session")
def tiny_tables_once(tiny_once, tiny_results_once):
    from generator.published import published_tables
    return published_tables(tiny_once, tiny_results_once)


@pytest.fixture
def tiny_tables(tiny_tables_once):
    """The tiny package's published tables (name → frame), a copy each test may change."""
    return {name: frame.copy() for name, frame in tiny_tables_once.items()}


@functools.lru_cache(maxsize=None)
def committed_data():
    """The committed data/, loaded once per worker process for the tests that only read it (a load takes a second)."""
    from generator.load import load
    return load(ROOT / "data")


@functools.lru_cache(maxsize=None)
def committed_sufficiency():
    """`metrics.sufficiency` of the committed data/, once per worker process, for the tests that only read it."""
    from generator.metrics import sufficiency
    return sufficiency(committed_data())


@pytest.fixture
def data_copy(tmp_path):
    """A scratch copy of the committed data package."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def needs_reference():
    return pytest.mark.skipif(not REFERENCE.exists(),
                              reason="../shared/reference is absent: raw upstream files are not in the repository")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def needs_chromium():
    """Skip the calling test module without Debian's chromium; in CI its absence is a failure."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)", pytrace=False)
        pytest.skip("browser tests skipped: /usr/bin/chromium is not installed (apt-get install chromium)",
                    allow_module_level=True)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium, one per worker process for the whole run (Playwright allows one driver per process)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The suite runs in parallel (pytest-xdist, `make test`): each worker is a process with its own temporary
# folder inside the run's. The real site and the other session builds are made once per run, by whichever
# worker asks first, and shared: a build is the costliest thing a test does.

def run_folder(tmp_path_factory):
    """The run's temporary folder, shared by every worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(root, name, make):
    """`make(path)` for root/name, run once per test run by the first process to ask; the others wait for it,
    then reuse it. A make that failed is tried again by the next to ask, which then reports the failure."""
    path, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when its process dies
        if not done.exists():
            shutil.rmtree(path, ignore_errors=True)
            make(path)
            done.touch()
    return path


def session_build(tmp_path_factory, name):
    """The session build `name` (one of SESSION_BUILDS), made once per run."""
    root = run_folder(tmp_path_factory)
    port = int((root / SITE_PORT_FILE).read_text())
    return made_once(root, name, functools.partial(build_site, site_port=port, change_data=SESSION_BUILDS[name]))


SITE_PORT_FILE = "site-port"
BUILT = "built-site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def pytest_sessionstart(session):
    """In the process that runs the session (xdist's controller, or the only one): pick the port the real
    site is built for and serve the site there for the whole run, so every worker's browser opens the one
    address it was built for (mkdocs-material's instant navigation needs it). The folder fills once built.

    On a run of the whole suite the session builds start here at once, in the background, while the workers
    run the tests that need none: a worker waiting for a build would leave its core idle."""
    if hasattr(session.config, "workerinput"):
        return
    root = session.config._tmp_path_factory.getbasetemp()
    site = root / BUILT / "project" / "site"
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    (root / SITE_PORT_FILE).write_text(str(httpd.server_address[1]))
    whole_suite = not session.config.args or session.config.args == session.config.getini("testpaths")
    if whole_suite and not session.config.option.collectonly:
        for names in ([BUILT], ["tiny-site", "hostile-site"]):  # the real site, the longest, beside the others
            threading.Thread(target=_make_session_builds, args=(session.config._tmp_path_factory, names),
                             daemon=True).start()


def _make_session_builds(tmp_path_factory, names):
    for name in names:
        try:
            session_build(tmp_path_factory, name)
        except BaseException:  # the fixture that needs it builds it again, and reports why it fails
            pass


def pytest_collection_modifyitems(items):
    """The tests that need no session build run first, while the builds are made; within each kind the slow
    ones lead, so that no worker is left finishing one while the other idles (the sort is stable, and the same
    in every worker, as xdist requires)."""
    needs_build = {"built_site", "tiny_site", "hostile_site", "site_port"}
    items.sort(key=lambda item: (bool(needs_build & set(item.fixturenames)), not item.get_closest_marker("slow")))


@pytest.fixture(scope="session")
def site_port(tmp_path_factory):
    """The port the real site is built for and served on (see pytest_sessionstart)."""
    return int((run_folder(tmp_path_factory) / SITE_PORT_FILE).read_text())


PROJECT_PARTS = ("data", "docs", "templates", "overrides", "mkdocs.yml")


def copy_project(target):
    """The parts of the project a site build reads, without anything generated (a built checkout's docs/ holds a
    hundred megabytes of it, not worth copying to delete)."""
    from generator.pipeline import GENERATED
    generated = {ROOT / "docs" / name for name in GENERATED}

    def skip_generated(folder, names):
        return [name for name in names if Path(folder, name) in generated or name == "__pycache__"]
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=skip_generated)
        else:
            shutil.copy(ROOT / name, target / name)
    return target


def site_command(root, site_port, *command):
    """The same command as `make site` (or another generator command) on a project copy."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1",
           "SITE_URL": f"http://127.0.0.1:{site_port}/"}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *(command or ("site",))],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def build_site(folder, site_port, change_data=None):
    """A copy of the project in folder/project, its data changed by `change_data(data)` where given, built by the
    same command as `make site`; the build's output is kept in folder/build.log."""
    work = copy_project(folder / "project")
    if change_data:
        change_data(work / "data")
    result = site_command(work, site_port)
    assert result.returncode == 0, result.stdout + result.stderr
    (folder / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once per run. Returns (docs, site, log)."""
    folder = session_build(tmp_path_factory, BUILT)
    return folder / "project" / "docs", folder / "project" / "site", (folder / "build.log").read_text(encoding="utf-8")


def tiny_project(data):
    """Turn a project copy's data/ into the tiny package (with a changelog, as data/ has one)."""
    shutil.rmtree(data)
    write_tiny(data)
    (data / "CHANGELOG.md").write_text("# Changes to the data\n\n## 2026-01-01\n\n- The tiny package.\n",
                                       encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory):
    """The site of the tiny package, built once per run: for the tests of the build itself (crashes, races,
    interruptions), where what matters is how the build behaves, not how many pages it has. Returns the project."""
    return session_build(tmp_path_factory, "tiny-site") / "project"


# A value that runs script if any context fails to escape it: HTML, attribute, Markdown, YAML front matter, URL.
HOSTILE = ('Evil: # "<script>window.__pwned=1</script>" <img src=x onerror="window.__pwned=1"> '
           '[click](javascript:window.__pwned=1) {: onclick="window.__pwned=1"} *bold* | pipe')


def make_hostile(data):
    """Turn data/ into the tiny package with HOSTILE in a partnership's name, description and member note, a
    mineral's name and basis, a source's title and URL, a comparability reason, an outside mineral's name and
    reason, and the changelog (with HOSTILE_LINKS)."""
    import yaml
    tiny_project(data)
    entries = yaml.safe_load((data / "partnerships.yaml").read_text(encoding="utf-8"))
    pair = next(e for e in entries if e["partnership"] == "pair")
    pair.update(name=HOSTILE, short_name="Pair " + HOSTILE[:40], description=HOSTILE)
    pair["members"][0]["note"] = HOSTILE
    (data / "partnerships.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    csv_value = '"' + HOSTILE.replace('"', '""') + '"'
    for file, old, new in (
            ("minerals.csv", "zinc,Zinc,Zn content,", f"zinc,{csv_value},{csv_value},"),
            ("sources.csv", "src-a,Test source,", f"src-a,{csv_value},"),
            ("sources.csv", "https://example.org/a,", '"https://example.org/""><script>window.__pwned=1</script>",'),
            ("minerals_outside.csv", "gallium,Gallium,", f"gallium,{csv_value},"),
            ("minerals_outside.csv", ",No reserves.,", f",{csv_value},")):
        text = (data / file).read_text(encoding="utf-8")
        assert old in text, (file, old)
        (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with open(data / "comparability.csv", "a", encoding="utf-8") as comparability:
        comparability.write(f"zinc,production_sufficiency,not_comparable,{csv_value}\n")
    with open(data / "CHANGELOG.md", "a", encoding="utf-8") as changelog:
        changelog.write("\n<script>window.__pwned=1</script>\n" + HOSTILE_LINKS)


# What a changelog may hold that could be taken for markup: only http(s), mailto and relative links, which stay
# links; raw HTML and attribute lists, which stay text. (A link of any other scheme, in any form, is refused at
# load: tests/bad_inputs/cases.yaml.)
HOSTILE_LINKS = """
- Raw HTML <a href="https://example.org/raw" onclick="window.__pwned=1">raw</a> and a reference to a missing
  definition, [ref js][js], are text.
- By reference: [ref ok][ok] and [mail](mailto:data@example.org) stay.
- An attribute list stays text {: onclick="window.__pwned=1" }

[ok]: https://example.org/ok
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """The site of the tiny package made hostile (make_hostile), built once per run. Returns the site folder."""
    return session_build(tmp_path_factory, "hostile-site") / "project" / "site"


# The builds a run shares, by folder name, with the change each makes to the data.
SESSION_BUILDS = {BUILT: None, "tiny-site": tiny_project, "hostile-site": make_hostile}


# --- Tabs for the browser tests (tests/test_browser*.py) -----------------------------------------------------------
# Opening a page and drawing its charts is most of a browser test's time: a page the tests only read is opened once in
# each view it is read in, and every check that reads it runs on that load (test_browser_pages.PAGE_CHECKS); the checks
# that change a page run in turn on a tab of their own, each from where the one before left it.

DESKTOP, PHONE = ("light", 1280, 800), ("dark", 390, 844)  # palette, width, height
DARK_DESKTOP = ("dark", *DESKTOP[1:])


def open_tab(browser, base, view=DESKTOP):
    """A tab of the site at `base` in a context of its own (its own storage), recording console errors and requests."""
    scheme, width, height = view
    tab = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme).new_page()
    tab.base, tab.height, tab.errors, tab.requests = base, height, [], []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("request", lambda r: tab.requests.append(r.url))
    return tab
