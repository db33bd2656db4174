"""
A JSON Schema uses a keyword the agent's validator does not implement. Raised when the schema
is loaded, not when a message is checked, so a new keyword in the generated schemas fails the
agent's tests instead of being silently ignored in production.
"""

from __future__ import annotations


class SchemaUnsupportedError(Exception):
    def __init__(self, keyword: str, location: str) -> None:
        self.keyword = keyword
        self.location = location
        super().__init__(f"unsupported JSON Schema keyword {keyword!r} at {location or '(root)'}")
