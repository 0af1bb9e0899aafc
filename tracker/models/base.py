"""Shared column helpers."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, TypeDecorator


def insert_or_ignore(model, *keys: str):
    """INSERT ... ON CONFLICT (keys) DO NOTHING for the session's database (PostgreSQL or SQLite): the UNIQUE key
    decides between racing writers, and a duplicate is no error."""
    from sqlalchemy.dialects import postgresql, sqlite

    from tracker.extensions import db

    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing(index_elements=list(keys))


def in_ids(column, ids):
    """`column IN ids` as one array parameter on PostgreSQL (`= ANY(:ids)`: one bound value, the same statement
    text for any count, where IN would send and parse one placeholder per id); IN (...) elsewhere."""
    from sqlalchemy import Integer, any_, bindparam
    from sqlalchemy.dialects.postgresql import ARRAY

    from tracker.extensions import db

    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return column.in_(list(ids))


def utcnow() -> datetime:
    """Timezone-aware now in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores UTC; always returns aware datetimes (SQLite drops tzinfo otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value
