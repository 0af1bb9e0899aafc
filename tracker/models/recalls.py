"""Recalls: the record as published, the keys matching looks up, change notes and ingestion runs."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.normalize import recall_display_number
from tracker.models.base import UTCDateTime, utcnow

SOURCE_CPSC = "cpsc"
SOURCE_MANUAL = "manual"  # entered by an admin from a manufacturer's notice; not yet published by CPSC


class Recall(db.Model):
    """One recall; `raw` is the source record as received, the other columns are parsed from it."""

    __tablename__ = "recalls"

    id: Mapped[int] = mapped_column(primary_key=True)
    recall_number: Mapped[str] = mapped_column(String(32), unique=True, index=True)  # "25056" (no hyphen)
    source: Mapped[str] = mapped_column(String(16), default=SOURCE_CPSC)
    source_id: Mapped[int | None] = mapped_column(unique=True)  # CPSC RecallID
    recall_date: Mapped[date | None] = mapped_column(Date, index=True)
    last_publish_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    hazard: Mapped[str] = mapped_column(Text, default="")
    remedy: Mapped[str] = mapped_column(Text, default="")
    brands: Mapped[str] = mapped_column(Text, default="")  # display names, "; "-joined (search and listing)
    products: Mapped[str] = mapped_column(Text, default="")  # product names, "; "-joined
    url: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[dict] = mapped_column(JSON, default=dict)  # everything parsed for the page (lists, contacts)
    scope: Mapped[dict] = mapped_column(JSON, default=dict)  # serial ranges, date-code windows, exclusions...
    raw: Mapped[dict] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)  # +1 on every change; the cross-check records what it saw
    crosschecked_version: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    model_keys: Mapped[list[RecallModelKey]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    brand_keys: Mapped[list[RecallBrandKey]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    upcs: Mapped[list[RecallUPC]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    changes: Mapped[list[RecallChange]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                       order_by="RecallChange.id")

    @property
    def display_number(self) -> str:
        """'25-056' style, as CPSC prints it."""
        return recall_display_number(self.recall_number)

    @property
    def published(self) -> bool:
        return self.source != SOURCE_MANUAL

    def __repr__(self) -> str:
        return f"<Recall {self.recall_number}>"


class RecallModelKey(db.Model):
    """A model-number token named by the recall, normalized with normalize.model_key (matching looks up here)."""

    __tablename__ = "recall_model_keys"
    __table_args__ = (UniqueConstraint("recall_id", "model_key"),
                      # PostgreSQL: prefix lookups (model_key LIKE 'A3102%') for model families use this index.
                      Index("ix_recall_model_keys_model_key_prefix", "model_key",
                            postgresql_ops={"model_key": "varchar_pattern_ops"}))

    id: Mapped[int] = mapped_column(primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"), index=True)
    model_key: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(String(128))  # as printed in the recall
    cued: Mapped[bool] = mapped_column(default=False)  # stated after "model", "SKU", "item number"...
    excluded: Mapped[bool] = mapped_column(default=False)  # named only in a "not included" sentence


class RecallBrandKey(db.Model):
    """A brand (or maker/importer) the recall names, normalized with normalize.brand_key (aliases resolved)."""

    __tablename__ = "recall_brand_keys"
    __table_args__ = (UniqueConstraint("recall_id", "brand_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"), index=True)
    brand_key: Mapped[str] = mapped_column(String(128), index=True)
    name: Mapped[str] = mapped_column(String(255))


class RecallUPC(db.Model):
    """A UPC the recall lists (normalize.upc_key)."""

    __tablename__ = "recall_upcs"
    __table_args__ = (UniqueConstraint("recall_id", "upc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"), index=True)
    upc: Mapped[str] = mapped_column(String(20), index=True)


class RecallChange(db.Model):
    """A note that an amended record replaced the stored one (what moved, which fields changed)."""

    __tablename__ = "recall_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    fields: Mapped[list] = mapped_column(JSON, default=list)


class IngestionRun(db.Model):
    """One import or sync: when, from where, the counts, and each malformed record with its RecallNumber."""

    __tablename__ = "ingestion_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # import | sync | manual
    source: Mapped[str] = mapped_column(Text)  # file path or API URL
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | ok | failed
    imported: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    error_details: Mapped[list] = mapped_column(JSON, default=list)  # [{"recall_number", "error"}]
    message: Mapped[str] = mapped_column(Text, default="")

    def summary(self) -> str:
        return f"imported={self.imported} updated={self.updated} unchanged={self.unchanged} errors={self.errors}"


class SyncState(db.Model):
    """The sync watermark per feed: LastPublishDate up to which everything is committed."""

    __tablename__ = "recall_sync_state"

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    watermark: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

