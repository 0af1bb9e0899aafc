"""Keyset ("seek") paging over an ORDER BY of several keys, and the opaque cursors that carry a position.

A cursor holds the sort keys of the last row a client saw; the next page is "rows strictly after it". Unlike
OFFSET, rows added or deleted meanwhile shift nothing: each row is seen once, even on non-unique keys, because
every order ends with the primary key."""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, false, or_
from sqlalchemy.sql.elements import ColumnElement


class InvalidCursor(ValueError):
    """A cursor that wasn't made by `encode` for this order (edited, truncated, or from another sort)."""


@dataclass(frozen=True)
class Key:
    """One sort key: an expression, how a cursor's JSON value becomes a Python value again, its direction, and
    whether it can be NULL (NULLs always sort last)."""

    expr: ColumnElement
    parse: Callable[[Any], Any]
    desc: bool = False
    nullable: bool = False

    def order(self):
        """The ORDER BY clause of this key."""
        clause = self.expr.desc() if self.desc else self.expr.asc()
        return clause.nulls_last() if self.nullable else clause


def after(keys: Sequence[Key], values: Sequence) -> ColumnElement:
    """Rows strictly after `values` in the order of `keys`: (k1 beyond v1) OR (k1 = v1 AND k2 beyond v2) OR ..."""
    clauses = []
    for i, key in enumerate(keys):
        beyond = _beyond(key, values[i])
        if beyond is not None:
            clauses.append(and_(*(_same(k, v) for k, v in zip(keys[:i], values[:i])), beyond))
    return or_(*clauses) if clauses else false()


def _beyond(key: Key, value) -> ColumnElement | None:
    if value is None:
        return None  # NULLs sort last: nothing comes after a NULL on this key alone
    past = key.expr < value if key.desc else key.expr > value
    return or_(past, key.expr.is_(None)) if key.nullable else past


def _same(key: Key, value) -> ColumnElement:
    return key.expr.is_(None) if value is None else key.expr == value


def encode(sort: str, values: Sequence) -> str:
    """An opaque, URL-safe cursor for the row whose sort keys are `values`."""
    plain = [v.isoformat() if isinstance(v, (date, datetime)) else v for v in values]
    raw = json.dumps({"s": sort, "k": plain}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, sort: str, keys: Sequence[Key]) -> list:
    """The sort-key values in `cursor`, or InvalidCursor."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict) or data.get("s") != sort or len(data.get("k") or ()) != len(keys):
            raise InvalidCursor("This cursor belongs to another list or sort order.")
        return [None if v is None and k.nullable else _parse(k, v) for k, v in zip(keys, data["k"])]
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidCursor("This cursor can't be read.") from exc


def _parse(key: Key, value):
    try:
        return key.parse(value)
    except (TypeError, ValueError) as exc:
        raise InvalidCursor("This cursor can't be read.") from exc


def parse_int(value) -> int:
    """An integer key from a cursor (JSON true is no id)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def parse_str(value) -> str:
    """A text key from a cursor."""
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def parse_datetime(value: str) -> datetime:
    """An aware datetime from a cursor (UTC columns refuse naive ones)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("naive datetime")
    return parsed
