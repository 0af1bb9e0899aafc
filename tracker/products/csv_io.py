"""CSV import (preview with per-row errors, then confirm) and export of a member's saved products."""
from __future__ import annotations

import csv
import io
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.products import SavedProduct
from tracker.normalize import brand_key, model_key
from tracker.products import rules, service

logger = logging.getLogger(__name__)

COLUMNS = ("kind", "brand", "model_number", "name", "serial_number", "purchase_date", "retailer", "upc",
           "nickname", "notes")
ALIASES = {"model": "model_number", "model_no": "model_number", "model_#": "model_number", "serial": "serial_number",
           "serial_no": "serial_number", "product": "name", "product_name": "name", "list": "kind",
           "purchased": "purchase_date", "date": "purchase_date", "store": "retailer", "barcode": "upc"}
MAX_BYTES = 1_000_000
MAX_ROWS = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvError(ValueError):
    """A file that can't be read as a whole (encoding, size, no usable header)."""


@dataclass
class Row:
    """One data line of the file: what it said, and either clean values or the reasons it can't be saved."""

    line: int
    raw: dict
    errors: dict = field(default_factory=dict)
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicate


def decode(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    if len(data) > MAX_BYTES:
        raise CsvError(f"The file is larger than {MAX_BYTES // 1000} kB: split it into smaller files.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvError("The file isn't readable text: save it as 'CSV UTF-8' and try again.")


def _header(name: str) -> str:
    key = (name or "").strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def _reader(text: str) -> csv.DictReader:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or not {"brand", "model_number"} <= {_header(h) for h in reader.fieldnames}:
        raise CsvError("The first line must name the columns, with at least 'brand' and 'model_number'. "
                       "Download the template to see them all.")
    return reader


def _unprotect(value: str) -> str:
    """Undo export's formula guard ('=... -> =...) so a round trip keeps the text as typed."""
    return value[1:] if value[:1] == "'" and value[1:2] and value[1:2] in FORMULA_START else value


def _us_date(value: str) -> str:
    """Spreadsheets often write M/D/YYYY: accept it as well as ISO."""
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()
    except ValueError:
        return value


def _raw(record: dict) -> dict:
    raw = {}
    for key, value in record.items():
        name = _header(key or "")
        if name in COLUMNS and isinstance(value, str):
            raw[name] = _unprotect(value.strip())
    raw["kind"] = (raw.get("kind") or "own").lower()
    if raw.get("purchase_date"):
        raw["purchase_date"] = _us_date(raw["purchase_date"])
    return raw


def parse(text: str) -> list[Row]:
    """Every data line checked against the saved-product rules (nothing is written)."""
    rows = []
    for line, record in enumerate(_reader(text), start=2):
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # blank line
        if len(rows) >= MAX_ROWS:
            raise CsvError(f"The file has more than {MAX_ROWS} products: split it into smaller files.")
        raw = _raw(record)
        _, errors = rules.clean(raw, service.today())
        rows.append(Row(line, raw, errors))
    return rows


def _identity(kind: str, brand: str, model: str, serial: str | None) -> tuple:
    return kind, brand_key(brand), model_key(model), (serial or "").strip().upper()


def preview(user: User, text: str) -> list[Row]:
    """Parsed rows, with rows already saved (or repeated in the file) marked as duplicates."""
    rows = parse(text)
    existing = db.session.execute(select(SavedProduct.kind, SavedProduct.brand, SavedProduct.model_number,
                                         SavedProduct.serial_number).where(SavedProduct.user_id == user.id))
    seen = {_identity(*r) for r in existing}
    for row in rows:
        if row.errors:
            continue
        ident = _identity(row.raw["kind"], row.raw["brand"], row.raw["model_number"], row.raw.get("serial_number"))
        row.duplicate = ident in seen
        seen.add(ident)
    return rows


def import_rows(user: User, text: str) -> tuple[int, int]:
    """Save the good, new rows of a previewed file; returns (saved, skipped)."""
    rows = preview(user, text)
    saved = 0
    for row in rows:
        if row.ok:
            service.save(user, row.raw)
            saved += 1
    logger.info("CSV import for user %s: %s saved, %s skipped", user.id, saved, len(rows) - saved)
    return saved, len(rows) - saved


def _protect(value: object) -> str:
    """Text for a CSV cell that a spreadsheet won't run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export(items: Iterable[SavedProduct]) -> str:
    """The products as CSV, in the same columns the import reads."""
    return "".join(export_chunks([items]))


def export_chunks(batches: Iterable[Iterable[SavedProduct]]) -> Iterator[str]:
    """The same CSV as `export`, one piece per batch of products: the header, then each batch's rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for batch in itertools.chain([()], batches):
        for item in batch:
            writer.writerow([_protect(getattr(item, c)) for c in COLUMNS])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
