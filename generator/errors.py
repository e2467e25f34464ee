"""The one error a data rule raises: where (file, row, column), what was found and what was expected."""


class DataError(Exception):
    """A curated table breaks a rule. Says where (file, row, column) and why."""

    def __init__(self, file, row, column, found, expected):
        self.file, self.row, self.column, self.found, self.expected = file, row, column, found, expected
        super().__init__(f"{file}, row {row}, column {column}: found {found!r}, expected {expected}")


def line_of(index):
    """File line of a data row: line 1 is the header."""
    return int(index) + 2
