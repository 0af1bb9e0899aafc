"""Saved products: what a member owns ("own") or wishes for ("love"), kept as typed plus normalized keys."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import UTCDateTime, utcnow
from tracker.models.catalog import CatalogProduct

KINDS = ("own", "love")


class SavedProduct(db.Model):
    """A member's product. Matching reads model_key / brand_key / upc_key through the indexes below."""

    __tablename__ = "saved_products"
    __table_args__ = (
        CheckConstraint("kind IN ('own', 'love')", name="kind"),
        UniqueConstraint("id", "user_id"),  # the target of alerts' (saved_product_id, user_id) key
        # Cross-check lookups (issue 5): candidates by model key, or by brand and model key; never a scan.
        Index("ix_saved_products_model_key", "model_key"),
        # PostgreSQL: prefix lookups (model_key LIKE 'A3102%') for members' longer models of a recalled family.
        Index("ix_saved_products_model_key_prefix", "model_key", postgresql_ops={"model_key": "varchar_pattern_ops"}),
        Index("ix_saved_products_brand_key_model_key", "brand_key", "model_key"),
        # Recalls that name no model: products of a brand whose key starts with the recall's ("trackeroffroad").
        Index("ix_saved_products_brand_key_prefix", "brand_key", postgresql_ops={"brand_key": "varchar_pattern_ops"}),
        Index("ix_saved_products_upc_key", "upc_key"),
        Index("ix_saved_products_user_id_kind", "user_id", "kind"),  # lists and their COUNT
        # The default order (newest; oldest read backwards) and the export's seek, in index order: no sort.
        Index("ix_saved_products_user_id_created_at", "user_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(4), default="own")
    brand: Mapped[str] = mapped_column(String(100))
    model_number: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(200))
    serial_number: Mapped[str | None] = mapped_column(String(100))
    purchase_date: Mapped[date | None] = mapped_column(Date)
    retailer: Mapped[str | None] = mapped_column(String(100))
    upc: Mapped[str | None] = mapped_column(String(20))
    nickname: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    catalog_product_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_products.id", ondelete="SET NULL"), index=True)
    brand_key: Mapped[str] = mapped_column(String(100))
    model_key: Mapped[str] = mapped_column(String(100))
    upc_key: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    catalog_product: Mapped[CatalogProduct | None] = relationship()

    @property
    def title(self) -> str:
        """How the product is named on pages: nickname, else name, else brand + model."""
        return self.nickname or self.name or f"{self.brand} {self.model_number}"

    def __repr__(self) -> str:
        return f"<SavedProduct {self.id} {self.kind} {self.brand} {self.model_number}>"
