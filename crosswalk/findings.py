"""The one shape every check reports in, so that reporters never need to know which rule spoke."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"
LEVELS = (ERROR, WARNING)


@dataclass(frozen=True, order=True)
class Place:
    """A file position (1-based line and column) that a finding points at."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is, how bad, which rule found it, and what to do about it."""

    place: Place
    rule: str
    level: str
    message: str
    related: tuple[Place, ...] = field(default=(), compare=False)

    @property
    def file(self) -> str:
        return self.place.file

    @property
    def line(self) -> int:
        return self.place.line

    @property
    def column(self) -> int:
        return self.place.column

    def as_data(self) -> tuple[object, ...]:
        """Plain data (tuples of str and int) for the validate cache; :meth:`from_data` reverses it."""
        return ((self.file, self.line, self.column), self.rule, self.level, self.message,
                tuple((p.file, p.line, p.column) for p in self.related))

    @classmethod
    def from_data(cls, data: Any) -> "Finding":
        place, rule, level, message, related = data
        return cls(Place(*place), rule, level, message, tuple(Place(*p) for p in related))

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "rule": self.rule,
            "message": self.message,
            "related": [{"file": p.file, "line": p.line, "column": p.column} for p in self.related],
        }
