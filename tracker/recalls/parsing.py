"""A raw CPSC Recalls API record -> the structured facts pages and matching need. Pure: no Flask, no database.

Real records keep model numbers and scope limits in prose (Products[].Model is usually empty), so every text
field is read: Title, Description, Products[].Name/Description/Model, Images[].Caption, Hazards."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.normalize import brand_key, model_key
from tracker.normalize import code_key as compact
from tracker.recalls import extract, text
from tracker.recalls.scope import extract_scope

LIST_FIELDS = ("Products", "Images", "Injuries", "Retailers", "Importers", "Manufacturers", "Distributors",
               "Hazards", "Remedies", "RemedyOptions", "ManufacturerCountries", "ProductUPCs", "Inconjunctions")
STR_FIELDS = ("Title", "Description", "URL", "ConsumerContact", "SoldAtLabel")


class MalformedRecord(ValueError):
    """A record that can't be ingested; names its RecallNumber when it has one."""

    def __init__(self, recall_number: str | None, message: str):
        super().__init__(message)
        self.recall_number = recall_number
        self.message = message

    def __str__(self) -> str:
        return f"recall {self.recall_number or '(no RecallNumber)'}: {self.message}"


@dataclass
class ParsedRecall:
    recall_number: str
    source_id: int | None
    recall_date: date
    last_publish_date: datetime | None
    title: str
    description: str
    hazard: str
    remedy: str
    url: str
    products: list[str]
    brands: list[str]
    models: list[extract.ModelToken]
    upcs: list[str]
    scope: dict
    facts: dict = field(default_factory=dict)

    @property
    def brand_keys(self) -> list[str]:
        return list(dict.fromkeys(k for k in (brand_key(b) for b in self.brands) if k))


def normalize_number(value: object) -> str:
    """'25-056', ' 25056 ' -> '25056'; '' when it isn't a recall number."""
    s = re.sub(r"[\s-]", "", str(value or ""))
    return s if re.fullmatch(r"[A-Za-z0-9]{3,16}", s) else ""


def parse_record(raw: object) -> ParsedRecall:
    """Validate and parse one record; MalformedRecord (with the RecallNumber) if it can't be used."""
    if not isinstance(raw, dict):
        raise MalformedRecord(None, f"record is a {type(raw).__name__}, not an object")
    number = normalize_number(raw.get("RecallNumber"))
    if not number:
        raise MalformedRecord(None, f"missing or invalid RecallNumber (RecallID {raw.get('RecallID')!r})")
    _check_types(raw, number)
    lists = {k: [x for x in (raw.get(k) or []) if isinstance(x, dict)] for k in LIST_FIELDS}
    names = lambda k, key="Name": [_text(x.get(key)) for x in lists[k] if x.get(key)]  # noqa: E731
    title, desc = _text(raw.get("Title")), _text(raw.get("Description"))
    products = [_product(p) for p in lists["Products"]]
    captions = names("Images", "Caption")
    texts = [title, desc, *(p["name"] for p in products), *(p["description"] for p in products), *captions,
             *names("Hazards")]
    firms = names("Manufacturers") + names("Importers") + names("Distributors")
    brands = extract.brands(title, firms, [desc, *(p["name"] for p in products)])
    scope = extract_scope(texts, names("Retailers"), brands)
    not_models = {_key(c) for c in _scope_codes(scope)}
    models = extract.model_tokens(texts, [p["model"] for p in products if p["model"]], not_models)
    _untie_unknown_models(scope, models)
    return ParsedRecall(
        recall_number=number, source_id=_source_id(raw, number),
        recall_date=_date(raw, "RecallDate", number, required=True),
        last_publish_date=_datetime(raw, "LastPublishDate", number),
        title=title, description=desc, hazard=" ".join(names("Hazards")), remedy=" ".join(names("Remedies")),
        url=(raw.get("URL") or "").strip(), products=[p["name"] for p in products if p["name"]],
        brands=brands, models=models,
        upcs=extract.upcs(names("ProductUPCs", "UPC"), [desc, *captions]),
        scope=scope, facts=_facts(raw, lists, names, products))


def _check_types(raw: dict, number: str) -> None:
    for k in STR_FIELDS:
        if raw.get(k) is not None and not isinstance(raw[k], str):
            raise MalformedRecord(number, f"{k} must be text, not {type(raw[k]).__name__}")
    for k in LIST_FIELDS:
        v = raw.get(k)
        if v is not None and not (isinstance(v, list) and all(isinstance(x, dict) for x in v)):
            raise MalformedRecord(number, f"{k} must be a list of objects")
    if not isinstance(raw.get("Title"), str) or not raw["Title"].strip():
        raise MalformedRecord(number, "missing Title")


def _source_id(raw: dict, number: str) -> int | None:
    v = raw.get("RecallID")
    if v is None or v == "":
        return None
    if isinstance(v, bool) or not str(v).strip().isdigit():
        raise MalformedRecord(number, f"RecallID must be a number, not {v!r}")
    return int(v)


def _datetime(raw: dict, key: str, number: str) -> datetime | None:
    v = raw.get(key)
    if v in (None, ""):
        return None
    if not isinstance(v, str):
        raise MalformedRecord(number, f"{key} must be a date string, not {type(v).__name__}")
    try:
        return text.parse_datetime(v)
    except ValueError:
        raise MalformedRecord(number, f"bad {key} {v!r}") from None


def _date(raw: dict, key: str, number: str, required: bool = False) -> date:
    dt = _datetime(raw, key, number)
    if dt is None and required:
        raise MalformedRecord(number, f"missing {key}")
    return dt.date() if dt else None


def _text(value: object) -> str:
    """A text field as printed: old releases carry HTML entities ("D&amp;D Love Tester", "Kids&rsquo;"), which would
    split a brand ("D&amp;D" keys as DANDAMPD, not the member's D&D) and hide words from the name rule."""
    return html.unescape(str(value or "")).strip()


def _product(p: dict) -> dict:
    return {"name": _text(p.get("Name")), "model": _text(p.get("Model")), "description": _text(p.get("Description")),
            "units": _text(p.get("NumberOfUnits")), "type": _text(p.get("Type"))}


def _scope_codes(scope: dict) -> list[str]:
    codes = scope["serials"] + scope["serial_prefixes"] + scope["date_codes"] + scope["lot_codes"]
    for r in scope["serial_ranges"] + scope["date_code_ranges"]:
        codes += [r["start"], r["end"], r.get("prefix", "")]
    for r in scope.get("lot_ranges") or []:  # "17348 L24": neither the code nor its letter part is a model
        codes += [r["start"], r["end"], *r["start"].split(), *r["end"].split()]
    return codes


def _untie_unknown_models(scope: dict, models: list[extract.ModelToken]) -> None:
    """A range's `model` must be one of the recalled model numbers; drop it otherwise."""
    named = {m.key for m in models if not m.excluded}
    for r in scope["serial_ranges"]:
        if "model" in r and model_key(r["model"]) not in named:
            del r["model"]


def _key(code: str) -> str:
    return model_key(compact(code))


def _facts(raw: dict, lists: dict, names, products: list[dict]) -> dict:
    contact = (raw.get("ConsumerContact") or "").strip()
    return {
        "products": products,
        "units": [p["units"] for p in products if p["units"]],
        "hazards": names("Hazards"), "remedies": names("Remedies"), "remedy_options": names("RemedyOptions", "Option"),
        "injuries": names("Injuries"), "sold_at": names("Retailers"), "sold_at_label": raw.get("SoldAtLabel") or "Sold At",
        "manufacturers": names("Manufacturers"), "importers": names("Importers"), "distributors": names("Distributors"),
        "countries": names("ManufacturerCountries", "Country"),
        "images": [{"url": i.get("URL"), "caption": str(i.get("Caption") or "")} for i in lists["Images"] if i.get("URL")],
        "inconjunctions": names("Inconjunctions", "URL"),
        "contact": contact, "phones": text.phones(contact), "emails": text.emails(contact),
        "links": text.links(contact),
    }
