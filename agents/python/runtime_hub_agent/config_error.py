"""The agent's options are wrong; the operator fixes them. Raised once, with every problem."""

from __future__ import annotations

from typing import Iterable


class ConfigError(Exception):
    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("invalid agent options:\n  " + "\n  ".join(self.problems))
