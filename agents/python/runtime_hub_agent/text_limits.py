"""
Cutting text to the protocol's limits. The coordinator checks lengths with zod, which counts
UTF-16 code units (JavaScript's `string.length`), not Python's code points: an emoji is one
code point but two units. Cutting by units keeps every line the agent sends acceptable.
"""

from __future__ import annotations

from .defaults import TRUNCATION_MARK


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def truncate_utf16(text: str, max_units: int, mark: str = TRUNCATION_MARK) -> str:
    """`text` unchanged when it fits, else its start plus `mark`, `max_units` units in all."""
    if utf16_units(text) <= max_units:
        return text
    budget = max(0, max_units - utf16_units(mark))
    kept: list[str] = []
    used = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > budget:
            break
        kept.append(char)
        used += width
    return "".join(kept) + mark[: max(0, max_units - used)]
