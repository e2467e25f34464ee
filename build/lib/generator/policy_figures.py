"""The export-measure timeline of a mineral page: what each country's measure covers, and its status over time."""

import pandas as pd

from . import cells, charts
from .countries import country_name
from .figures import Figure

# Below this width (px) the timeline scrolls in its own box: its measure names need room beside the bars.
TIMELINE_MIN_WIDTH = 640
STATUS_WORDS = {"in_force": "in force", "suspended": "suspended", "lifted": "lifted", "not_confirmed": "not confirmed"}


def timeline_rows(measures, as_of):
    """Bars of a measure timeline: from entry into force (or announcement) to the as-of date, split where the last
    confirmed status ends and the unconfirmed one begins. measures: export_controls rows, one per measure."""
    rows = []
    for m in measures.itertuples():
        label = f"{country_name(m.country_iso3)}: {m.instrument}"
        start = m.in_force or m.announced
        if m.status == "in_force":
            rows.append((label, start, as_of, charts.EXPORT_SEGMENTS[0], m.status_note))
        elif m.status == "lifted":
            rows.append((label, start, m.status_confirmed, charts.EXPORT_SEGMENTS[1], m.status_note))
        else:  # suspended or not confirmed: the last confirmed status until its date, then what is not confirmed
            segment = charts.EXPORT_SEGMENTS[0] if m.in_force else charts.EXPORT_SEGMENTS[2]
            rows.append((label, start, m.status_confirmed, segment, m.status_note))
            rows.append((label, m.status_confirmed, m.status_until or as_of, charts.EXPORT_SEGMENTS[3], m.status_note))
    return pd.DataFrame(rows, columns=["measure", "start", "end", "segment", "status_note"])


def export_timeline(export_controls, mineral, as_of, source_title):
    """The timeline Figure of one mineral's export measures, or None where no measure touches it."""
    measures = export_controls[export_controls["mineral"] == mineral.mineral].drop_duplicates("measure_id")
    if measures.empty:
        return None
    measures = measures.sort_values(["in_force", "announced", "measure_id"], key=lambda c: c.replace("", "9999"))
    frame = timeline_rows(measures, as_of)
    stages = export_controls[export_controls["mineral"] == mineral.mineral].groupby("measure_id")["stage"].agg(
        lambda s: ", ".join(sorted(s)))
    return Figure(
        id=f"mineral-{mineral.mineral}-export-controls", title=f"Export measures touching {mineral.name.lower()}",
        caption=(f"Export measures on {mineral.name.lower()} and its products, from entry into force (or announcement) "
                 f"to the as-of date {as_of}, coloured by status; the last stretch of a measure whose status no source "
                 f"confirms is marked as such. Source: data/export_controls.csv ({source_title})."),
        alt=(f"Timeline of {len(measures)} export measures touching {mineral.name.lower()}: "
             + "; ".join(f"{country_name(m.country_iso3)} {m.instrument}, {STATUS_WORDS[m.status]}"
                         for m in measures.itertuples()) + "."),
        spec=charts.export_timeline(frame), data=frame, min_width=TIMELINE_MIN_WIDTH,
        table_columns=["Measure", "Items", "Stage", "Kind", "Announced", "In force", f"Status at {as_of}", "Note"],
        table_rows=[[f"{country_name(m.country_iso3)}: {m.instrument}",
                     cells.column("export_controls", m._asdict(), "items"), stages[m.measure_id],
                     m.kind.replace("_", " ") + (f" ({country_name(m.target_iso3)})" if m.target_iso3 else ""),
                     m.announced, m.in_force or "—", STATUS_WORDS[m.status], m.status_note]
                    for m in measures.itertuples()])
