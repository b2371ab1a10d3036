"""Diagnostics as data: every problem names its file, line and field."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def is_error(self) -> bool:
        return self is Severity.ERROR


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one place, formatted the way compilers do."""

    path: str
    line: int
    field: str
    message: str
    expected: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        path = _printable(self.path)
        where = f"{path}:{self.line}" if self.line else path
        what = _one_line(f"{self.field}: {self.message}" if self.field else self.message)
        tail = f" (expected {_one_line(self.expected)})" if self.expected else ""
        prefix = "" if self.severity.is_error() else "warning: "
        return f"{where}: {prefix}{what}{tail}"


def _printable(text: str) -> str:
    """A file name may hold newlines or terminal escapes: show them escaped, never act on them."""
    if text.isprintable():  # nearly always: one C call instead of one per character
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """A message quotes content (a link, a sentence): a line break or escape in it must not start a line of
    its own that reads as another diagnostic, nor act on the terminal."""
    return _BREAKS.sub(lambda m: repr(m.group())[1:-1], text)


def error(path, line, field, message, expected="") -> Diagnostic:
    return Diagnostic(str(path), line or 0, field, message, expected, Severity.ERROR)


def warning(path, line, field, message, expected="") -> Diagnostic:
    return Diagnostic(str(path), line or 0, field, message, expected, Severity.WARNING)


def promote(diagnostics: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under --strict a warning stops the build like an error does."""
    if not strict:
        return diagnostics
    return [Diagnostic(d.path, d.line, d.field, d.message, d.expected, Severity.ERROR) for d in diagnostics]


def has_errors(diagnostics) -> bool:
    return any(d.severity.is_error() for d in diagnostics)


class BuildFailed(Exception):
    """Raised with every diagnostic of a build that must not write anything."""

    def __init__(self, diagnostics, site_changed: bool = False):
        self.diagnostics = tuple(diagnostics)
        self.site_changed = site_changed  # the write failed part way: site/ is not as it was
        super().__init__("\n".join(d.format() for d in self.diagnostics))
