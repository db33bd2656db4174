"""
What an acknowledgement from the coordinator means for the message it answers
(libs/protocol ack.schema.ts):

| ack                                    | verdict  | the agent                                  |
| -------------------------------------- | -------- | ------------------------------------------ |
| {ok: true}                             | ACCEPTED | forgets the message                        |
| {ok: false, INVALID_MESSAGE}           | REJECTED | drops it (resending the same bytes fails the same way) |
| {ok: false, NOT_FOUND / CONFLICT}      | REJECTED | drops it (the run or attempt moved on)     |
| {ok: false, INTERNAL / UNAUTHORIZED / REVOKED} | RETRY | keeps it and sends it again later  |
| no ack, or not an ack at all           | RETRY    | keeps it and sends it again later          |
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Sequence

from .messages import SCHEMA_ACK, MessageSchemas

_REJECTING_CODES = frozenset(["INVALID_MESSAGE", "NOT_FOUND", "CONFLICT"])


class AckVerdict(Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RETRY = "retry"


def ack_verdict(schemas: MessageSchemas, ack_args: Sequence[Any]) -> tuple[AckVerdict, str]:
    """The verdict on the arguments a Socket.IO ack callback received, and why."""
    if not ack_args:
        return AckVerdict.RETRY, "empty acknowledgement"
    ack = ack_args[0]
    issues = schemas.issues(SCHEMA_ACK, ack)
    if issues:
        return AckVerdict.RETRY, f"unexpected acknowledgement {ack!r}"
    if ack["ok"]:
        return AckVerdict.ACCEPTED, "ok"
    error = ack["error"]
    reason = f"{error['code']}: {error['message']}"
    return (AckVerdict.REJECTED if error["code"] in _REJECTING_CODES else AckVerdict.RETRY), reason
