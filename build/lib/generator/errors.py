"""The errors a command reports in one line: where (file, row, column, or the setting), what was found and what
was expected; and, for a failure nobody foresaw, the step and file it happened in."""

from contextlib import contextmanager


class DataError(Exception):
    """A curated table breaks a rule. Says where (file, row, column) and why."""

    def __init__(self, file, row, column, found, expected):
        self.file, self.row, self.column, self.found, self.expected = file, row, column, found, expected
        super().__init__(f"{file}, row {row}, column {column}: found {found!r}, expected {expected}")


def line_of(index):
    """File line of a data row: line 1 is the header."""
    return int(index) + 2


class SettingError(Exception):
    """A setting from the environment (SITE_URL, SOURCE_DATE_EPOCH) is not usable: says which and why."""

    def __init__(self, name, found, expected):
        super().__init__(f"setting {name}: found {found!r}, expected {expected}")


class UsageError(Exception):
    """The command line names no command, an unknown one, or lacks an argument: argparse's words, on one line."""

    def __init__(self, message):
        super().__init__(f"command line: {message}; expected a command as `python -m generator --help` lists them")


@contextmanager
def working_on(step, file=""):
    """Any unexpected exception raised in the block is noted with the step and the file it was working on
    (the innermost step wins), so even a failure nobody foresaw says where it happened."""
    try:
        yield
    except Exception as error:
        if not getattr(error, "__notes__", None):
            error.add_note(f"while {step}" + (f" {file}" if file else ""))
        raise


def step_of(error):
    """The step an unexpected exception was noted with by `working_on`."""
    return (getattr(error, "__notes__", None) or ["while running the command"])[0]
