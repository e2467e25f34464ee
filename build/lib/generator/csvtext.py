"""CSV text of declared columns, the same way for the curated tables and the downloads."""

import pandas as pd


def format_number(x):
    """Shortest text that reads back as the same float; whole numbers without '.0'; missing as empty."""
    if pd.isna(x):
        return ""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e17 else repr(x)


def csv_text(frame, fields):
    """The declared `fields` of `frame`, in order: floats exact, booleans true/false, missing empty."""
    out = pd.DataFrame(index=frame.index)
    for field in fields:
        column = frame[field.name]
        if field.dtype == "float":
            out[field.name] = column.map(format_number)
        elif field.dtype == "bool":
            out[field.name] = column.map(lambda b: "true" if b else "false")
        elif field.dtype == "list":  # a tuple of codes: the writer is the one place it becomes text
            out[field.name] = column.map(lambda v: " ".join(v) if isinstance(v, tuple) else "")
        else:
            out[field.name] = column.map(lambda v: "" if pd.isna(v) else str(v))
    return out.to_csv(index=False, lineterminator="\n")
