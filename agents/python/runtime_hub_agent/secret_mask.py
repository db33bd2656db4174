"""
Masking of the secret values the coordinator delivered with a task (`masks`): every log line,
output and error the agent sends back about that task reads `***` where a value stood, as the
worker does (libs/protocol/src/secret-mask.ts). The coordinator masks again before it stores.
"""

from __future__ import annotations

from typing import Any, Iterable

SECRET_MASK = "***"


def ordered_for_masking(secrets: Iterable[str]) -> list[str]:
    """The distinct non-empty values, longest first, so a secret containing another is masked whole."""
    return sorted({secret for secret in secrets if secret}, key=len, reverse=True)


def mask_text(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, SECRET_MASK)
    return text


def mask_value(value: Any, secrets: list[str]) -> Any:
    """A copy of a JSON value with the secrets masked in every string and key; iterative."""
    if not secrets:
        return value
    holder: dict[str, Any] = {}
    pending: list[tuple[Any, Any, Any]] = [(value, holder, "value")]
    while pending:
        source, target, key = pending.pop()
        if isinstance(source, str):
            copy: Any = mask_text(source, secrets)
        elif isinstance(source, list):
            copy = [None] * len(source)
            pending.extend((item, copy, index) for index, item in enumerate(source))
        elif isinstance(source, dict):
            copy = {}
            pending.extend((child, copy, mask_text(str(child_key), secrets)) for child_key, child in source.items())
        else:
            copy = source
        target[key] = copy
    return holder["value"]
