"""Catalog: known products members can pick from instead of typing every field."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


class CatalogProduct(db.Model):
    """One product identity (brand + model); the *_key columns are the normalized forms used for lookups."""

    __tablename__ = "catalog_products"
    __table_args__ = (
        UniqueConstraint("brand_key", "model_key", name="uq_catalog_products_brand_model"),
        Index("ix_catalog_products_model_key", "model_key"),
        Index("ix_catalog_products_upc_key", "upc_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    brand: Mapped[str] = mapped_column(String(100))
    model_number: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), default="")
    upc: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    brand_key: Mapped[str] = mapped_column(String(100))
    model_key: Mapped[str] = mapped_column(String(100))
    upc_key: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<CatalogProduct {self.id} {self.brand} {self.model_number}>"
