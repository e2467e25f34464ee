"""downloads/datapackage.json: the published tables described as a Frictionless Data Package, the format open-data
pipelines (PUDL among them) publish, from the same declarations that validate them (published.py).

Each table's fields (type, unit, description), primary key, sources and licences. The licence of the derived
tables (CC BY 4.0) is kept apart from the licences of the sources they come from.
"""

import json

from .published import KEYS, PUBLISHED

TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "list": "string"}
DERIVED_LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                   "title": "Creative Commons Attribution 4.0 (the derived tables, with attribution to their sources)"}


def _field(field):
    out = {"name": field.name, "type": TYPES[field.dtype], "description": field.description}
    if field.unit:
        out["unit"] = field.unit
    if field.dtype == "bool":
        out.update(trueValues=["true"], falseValues=["false"])
    if field.dtype == "list":
        out["format"] = "default"
        out["description"] += " (ISO3 codes or slugs, separated by spaces)"
    return out


def datapackage(sources, name="friendshoring-critical-minerals", title="Friendshoring Critical Minerals"):
    """The package descriptor as JSON text; `sources` is the sources table (one entry per publication)."""
    cited = [{"title": f"{s.publisher}, {s.title}" + (f", {s.edition}" if s.edition else ""), "path": s.url,
              "licence": s.licence} for s in sources.itertuples()]
    resources = [{
        "name": table.replace("_", "-"), "path": f"{table}.csv", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [_field(f) for f in fields], "primaryKey": list(KEYS[table]),
                   # Only an empty cell is missing: a key column may hold "" for an aggregate row (the world).
                   "missingValues": [""]},
    } for table, fields in PUBLISHED.items()]
    package = {"profile": "tabular-data-package", "name": name, "title": title,
               "description": "How much of the critical minerals clean energy needs could the United States and its "
                              "partners produce? Every table the site publishes, with its column declarations.",
               "licenses": [DERIVED_LICENCE], "sources": [{"title": s["title"], "path": s["path"]} for s in cited],
               "resources": resources}
    return json.dumps(package, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
