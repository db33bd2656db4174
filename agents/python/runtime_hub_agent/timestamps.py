"""Instants as the protocol carries them: ISO 8601 in UTC with milliseconds and a `Z`."""

from __future__ import annotations

from datetime import datetime, timezone


def iso_now() -> str:
    return iso_from_datetime(datetime.now(timezone.utc))


def iso_from_datetime(moment: datetime) -> str:
    # The coordinator refuses a timestamp without an offset (agents and coordinator sit in
    # different time zones), so naive datetimes are taken as UTC rather than local time.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
