"""The export-measure timeline of a mineral page: what each country's measure covers, and its status over time."""

import pandas as pd

from . import cells, charts
from .countries import country_name
from .export_measures import IN_FORCE, measure_sentence, status_at, status_words
from .figures import Figure
from .frames import records

# Below this width (px) the timeline scrolls in its own box: its measure names need room beside the bars.
TIMELINE_MIN_WIDTH = 640


def timeline_rows(measures, as_of):
    """Bars of a measure timeline: from entry into force (or announcement) to the as-of date, split where the last
    confirmed status ends and the unconfirmed one begins. measures: export_controls rows, one per measure."""
    rows = []
    for r in records(measures):
        label = f"{country_name(r['country_iso3'])}: {r['instrument']}"
        start, state, note = r["in_force"] or r["announced"], status_at(r, as_of), r["status_note"]
        if state == IN_FORCE:
            rows.append((label, start, as_of, charts.EXPORT_SEGMENTS[0], note))
        elif state == "lifted":
            rows.append((label, start, r["status_confirmed"], charts.EXPORT_SEGMENTS[1], note))
        elif state == "scheduled":
            rows.append((label, r["announced"], as_of, charts.EXPORT_SEGMENTS[2], note))
        else:  # suspended, not confirmed or confirmed too long ago: the last confirmed status until its date, then
            # what is not confirmed
            segment = charts.EXPORT_SEGMENTS[0] if r["in_force"] else charts.EXPORT_SEGMENTS[2]
            rows.append((label, start, r["status_confirmed"], segment, note))
            rows.append((label, r["status_confirmed"], r["status_until"] or as_of, charts.EXPORT_SEGMENTS[3], note))
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
             + "; ".join(measure_sentence(r, as_of) for r in records(measures)) + "."),
        spec=charts.export_timeline(frame), data=frame, min_width=TIMELINE_MIN_WIDTH,
        table_columns=["Measure", "Items", "Stage", "Kind", "Announced", "In force", f"Status at {as_of}", "Note"],
        table_rows=[[f"{country_name(m.country_iso3)}: {m.instrument}",
                     cells.column("export_controls", m._asdict(), "items"), stages[m.measure_id],
                     m.kind.replace("_", " ") + (f" ({country_name(m.target_iso3)})" if m.target_iso3 else ""),
                     m.announced, m.in_force or "—", status_words(m._asdict(), as_of), m.status_note]
                    for m in measures.itertuples()])
