"""Shared fixtures: a tiny hand-made data package, and the real site built once per session.

The tiny package (two minerals, five countries) is small enough that every figure
the tests expect can be worked out by hand in the test itself.
"""

import os
import shutil
import socket
import subprocess
import sys
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
        "mineral,name,basis,usgs_commodity,usgs_commodity_2025,usgs_file_code,iea_demand_name,"
        "iea_demand_scope,iea_supply_name,basis_note,stage,critical_2025,usgs_production,usgs_reserves\n"
        "lithium,Lithium,Li content,Lithium,Lithium,lithi,Lithium,total,Lithium,,mine,true,mine production,\n"
        "zinc,Zinc,Zn content,Zinc,Zinc,zinc,Zinc,cleantech,,clean-tech demand only,mine,true,mine production,\n"
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
    "export_controls.csv": ("measure_id,country_iso3,instrument,items,mineral,stage,kind,target_iso3,announced,in_force,"
                            "status,status_until,status_confirmed,status_note,source_id,status_source_id\n"),
    "control_notes.csv": "mineral,country_iso3,note,source_id\n",
    # Outside the engine: gallium (refinery stage; 2025: CHN 90, JPN 6, RUS 4 of a world 100 t) and germanium (no
    # USGS table); rare earths Nd (light) and Dy (heavy). NZE 2030 demand: Nd 30 kt, Dy 5 kt, gallium 0.04 kt.
    "minerals_outside.csv": (
        "mineral,name,stage,basis,usgs_commodity,usgs_commodity_2025,usgs_file_code,usgs_production,"
        "iea_demand_name,critical_2025,usgs_published,why_outside,basis_note,export_licence,export_measure,"
        "status_as_of,source_id,status_source_id\n"
        "gallium,Gallium,refinery,Ga content,Gallium,Gallium,galli,primary production,Gallium,true,"
        "Primary production by country; no reserves.,No reserves.,Refined gallium.,licence,A licence.,"
        "2025-11-07,src-a,src-a\n"
        "germanium,Germanium,,,Germanium,,,,Germanium,true,No table by country.,No USGS table.,Demand only.,"
        "not_confirmed,No source confirms a status.,,,\n"
    ),
    "rare_earth_elements.csv": (
        "element,mineral,name,symbol,group,iea_demand_name,export_licence,export_measure,status_as_of,source_id,"
        "status_source_id,note\n"
        "neodymium,lithium,Neodymium,Nd,light,Neodymium,none_found,None found.,2025-11-07,src-a,src-a,\n"
        "dysprosium,lithium,Dysprosium,Dy,heavy,Dysprosium,licence,A licence.,2025-11-07,src-a,src-a,\n"
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
  as_of: "2026-01-01"
  source_id: src-a
  territories: not_counted
  territories_note: Judgement.
  members:
    - {country: AUS, since: "2022-06-14"}
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
- partnership: dem
  name: Democracies
  short_name: Democracies
  description: By rule.
  as_of: "2026-01-01"
  source_id: src-a
  territories: not_counted
  territories_note: Judgement.
  rule: eiu_democracy
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


@pytest.fixture
def tiny(tiny_dir):
    from generator.load import load
    return load(tiny_dir)


@pytest.fixture
def data_copy(tmp_path):
    """A scratch copy of the committed data package."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def needs_reference():
    return pytest.mark.skipif(not REFERENCE.exists(),
                              reason="../shared/reference is absent: raw upstream files are not in the repository")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_port():
    """The port the browser tests serve the site on: the site is built for that address (site_url),
    which mkdocs-material's instant navigation needs."""
    return free_port()


PROJECT_PARTS = ("data", "docs", "templates", "overrides", "mkdocs.yml")


def copy_project(target):
    """The parts of the project a site build reads, without anything generated."""
    from generator.pipeline import GENERATED
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
        else:
            shutil.copy(ROOT / name, target / name)
    for generated in GENERATED:
        path = target / "docs" / generated
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    return target


def site_command(root, site_port, *command):
    """The same command as `make site` (or another generator command) on a project copy."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1",
           "SITE_URL": f"http://127.0.0.1:{site_port}/"}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *(command or ("site",))],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port):
    """The real site, built by the same command as `make site` in a copy of the project. Returns (docs, site, log)."""
    work = copy_project(tmp_path_factory.mktemp("build") / "project")
    result = site_command(work, site_port)
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "docs", work / "site", result.stdout + result.stderr


# A value that runs script if any context fails to escape it: HTML, attribute, Markdown, YAML front matter, URL.
HOSTILE = ('Evil: # "<script>window.__pwned=1</script>" <img src=x onerror="window.__pwned=1"> '
           '[click](javascript:window.__pwned=1) {: onclick="window.__pwned=1"} *bold* | pipe')


def make_hostile(data):
    """Put HOSTILE into partnership names, descriptions and member notes, a mineral's name and notes,
    a source's title and URL, a comparability reason and the changelog."""
    import yaml
    entries = yaml.safe_load((data / "partnerships.yaml").read_text(encoding="utf-8"))
    quad = next(e for e in entries if e["partnership"] == "quad")
    quad.update(name=HOSTILE, short_name="Quad " + HOSTILE[:40], description=HOSTILE)
    quad["members"][0]["note"] = HOSTILE
    (data / "partnerships.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    csv_value = '"' + HOSTILE.replace('"', '""') + '"'
    minerals = (data / "minerals.csv").read_text(encoding="utf-8")
    minerals = minerals.replace("zinc,Zinc,Zn content,", f"zinc,{csv_value},{csv_value},", 1)
    (data / "minerals.csv").write_text(minerals, encoding="utf-8")
    sources = (data / "sources.csv").read_text(encoding="utf-8")
    sources = sources.replace("state-quad,The Quad,", f"state-quad,{csv_value},", 1)
    sources = sources.replace("https://2021-2025.state.gov/the-quad/,",
                              '"https://example.org/""><script>window.__pwned=1</script>",', 1)
    (data / "sources.csv").write_text(sources, encoding="utf-8")
    comparability = (data / "comparability.csv").read_text(encoding="utf-8").splitlines()
    comparability[1] = ",".join(comparability[1].split(",")[:3]) + "," + csv_value
    (data / "comparability.csv").write_text("\n".join(comparability) + "\n", encoding="utf-8")
    changelog = (data / "CHANGELOG.md").read_text(encoding="utf-8")
    (data / "CHANGELOG.md").write_text(changelog + "\n<script>window.__pwned=1</script>\n" + HOSTILE_LINKS,
                                       encoding="utf-8")
    outside = (data / "minerals_outside.csv").read_text(encoding="utf-8")  # a page of its own, front matter too
    outside = outside.replace("gallium,Gallium,", f"gallium,{csv_value},", 1).replace(
        "Primary low-purity gallium production and capacity by country (refinery stage); no reserves.", csv_value, 1)
    # Gallium joined the engine (issue 17): germanium's page carries the hostile name now.
    outside = outside.replace("germanium,Germanium,", f"germanium,{csv_value},", 1)
    (data / "minerals_outside.csv").write_text(outside, encoding="utf-8")


# Links a changelog may hold: only the http(s), mailto and relative ones may stay links.
HOSTILE_LINKS = """
- Inline [js](javascript:window.__pwned=1), [spaced js](java\tscript:window.__pwned=1), an image
  ![img](data:text/html,<script>window.__pwned=1</script>) and [vb](vbscript:msgbox) are text.
- By reference: [ref js][js] and [ref data][data] are text; [ref ok][ok] and [mail](mailto:data@example.org) stay.
- An attribute list stays text {: onclick="window.__pwned=1" }

[js]: javascript:window.__pwned=1
[data]:
    data:text/html,<script>window.__pwned=1</script>
[ok]: https://example.org/ok
"""


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, site_port):
    """The real site built from data whose names, notes and sources carry HOSTILE. Returns the site folder."""
    work = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    make_hostile(work / "data")
    result = site_command(work, site_port)
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="session")
def tiny_readonly(tmp_path_factory):
    """The tiny package for tests that only read it (property tests load it afresh per example)."""
    return write_tiny(tmp_path_factory.mktemp("tiny") / "data")
