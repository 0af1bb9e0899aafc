"""Validation rules for saved-product input: raw values in, clean values and per-field errors out.

Pure: no Flask, no database. The web form, the JSON API and the CSV import all go through `clean()`.
"""
from __future__ import annotations

import re
from datetime import date

from tracker.normalize import model_key

KINDS = ("own", "love")
# Longest text each field accepts (matches the column sizes).
LIMITS = {"brand": 100, "model_number": 100, "name": 200, "serial_number": 100, "retailer": 100, "upc": 20,
          "nickname": 100, "notes": 2000}
REQUIRED = ("kind", "brand", "model_number")
FIELDS = ("kind", *LIMITS, "purchase_date", "catalog_product_id")
OLDEST = date(1900, 1, 1)

Errors = dict[str, list[str]]


def upc_check_digit_ok(digits: str) -> bool:
    """GS1 check digit of a UPC-A (12) or EAN-13 (13) code."""
    body, check = [int(c) for c in digits[:-1]], int(digits[-1])
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def upc_error(text: str) -> str | None:
    """Why a UPC is not acceptable, or None."""
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit():
        return "Use digits only (the numbers under the barcode)."
    if len(digits) not in (8, 12, 13, 14):
        return "A UPC has 12 digits (EAN: 13, short UPC-E: 8, GTIN: 14)."
    if len(digits) in (12, 13) and not upc_check_digit_ok(digits):
        return "This code's last digit doesn't match: check for a typo."
    return None


def parse_date(text: str, today: date) -> tuple[date | None, str | None]:
    """An ISO date (YYYY-MM-DD) that is neither in the future nor before 1900."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None, "Use the format YYYY-MM-DD, e.g. 2023-05-02."
    if value > today:
        return None, "The purchase date can't be in the future."
    if value < OLDEST:
        return None, "Use a date after 1900."
    return value, None


def _text(name: str, value: object, errors: Errors) -> str | None:
    """Trimmed text or None when blank; records a type or length error."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors.setdefault(name, []).append("Must be text.")
        return None
    value = value.strip()
    if len(value) > LIMITS.get(name, 100):
        errors.setdefault(name, []).append(f"Use at most {LIMITS[name]} characters.")
    return value or None


def clean(raw: dict, today: date, partial: bool = False) -> tuple[dict, Errors]:
    """Check raw input; `partial` (PATCH) only checks the fields given. Returns (clean values, errors)."""
    errors: Errors = {}
    out: dict = {}
    for name in FIELDS:
        if name not in raw:
            if not partial and name in REQUIRED:
                errors[name] = ["This field is required."]
            continue
        value = raw[name]
        if name == "kind":
            out[name] = _kind(value, errors)
        elif name == "purchase_date":
            out[name] = _date(value, today, errors)
        elif name == "catalog_product_id":
            out[name] = _catalog_id(value, errors)
        else:
            out[name] = _text(name, value, errors)
            if name in REQUIRED and out[name] is None and name not in errors:
                errors[name] = ["This field is required."]
    _check_values(out, errors)
    return out, errors


def _kind(value: object, errors: Errors) -> str | None:
    if value not in KINDS:
        errors["kind"] = ["Choose 'own' (a product you own) or 'love' (your wish list)."]
        return None
    return value  # type: ignore[return-value]


def _date(value: object, today: date, errors: Errors) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        errors["purchase_date"] = ["Use the format YYYY-MM-DD, e.g. 2023-05-02."]
        return None
    parsed, err = parse_date(value.strip(), today)
    if err:
        errors["purchase_date"] = [err]
    return parsed


def _catalog_id(value: object, errors: Errors) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
        errors["catalog_product_id"] = ["Must be the id of a catalog product."]
        return None
    return int(value)


def _check_values(out: dict, errors: Errors) -> None:
    """Rules on values that passed the type checks."""
    if out.get("model_number") and "model_number" not in errors and not model_key(out["model_number"]):
        errors["model_number"] = ["A model number has letters or digits."]
    if out.get("upc") and "upc" not in errors:
        err = upc_error(out["upc"])
        if err:
            errors["upc"] = [err]


def unknown_fields(raw: dict, read_only: tuple[str, ...] = ("id", "created_at", "updated_at")) -> Errors:
    """Errors for keys the API doesn't know (read-only keys sent back unchanged are ignored)."""
    return {k: ["Unknown field."] for k in raw if k not in FIELDS and k not in read_only}
