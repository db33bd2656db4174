"""A message does not match its JSON Schema. `issues` name each problem by its path."""

from __future__ import annotations

from typing import Sequence

from .schema_validator import Issue, format_issues


class MessageInvalidError(Exception):
    def __init__(self, schema_name: str, issues: Sequence[Issue]) -> None:
        self.schema_name = schema_name
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(f"{schema_name}: {format_issues(self.issues)}")
