"""Does a saved product fall under a recall? Pure rules: values in, a verdict and its reason in plain words out.

`confirmed`: brand and model (or UPC) match and every scope rule the recall states is satisfied by what the member
saved. `possible`: identity matches but the scope can't be decided from the saved data; the reason says what to
check and where. No verdict (None): no match, or the saved data proves the item is outside the scope."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

CONFIRMED, POSSIBLE = "confirmed", "possible"
MIN_FAMILY = 4  # a shorter model key must be this long to stand for a family of longer ones (A3102 ~ A3102016)
MAX_FAMILY_SUFFIX = 4  # ...and the longer one may add at most this many characters


@dataclass(frozen=True)
class RecallModel:
    key: str  # normalize.model_key of the token
    text: str  # as printed in the recall
    excluded: bool = False  # named only in a "not included" sentence


@dataclass
class RecallFacts:
    number: str  # "25-056"
    brand_keys: set[str]
    models: list[RecallModel]
    upcs: set[str] = field(default_factory=set)
    scope: dict = field(default_factory=dict)
    maker: str = ""  # who to contact, for the reason text ("Anker")


@dataclass
class ItemFacts:
    brand_key: str
    model_key: str
    model_number: str = ""  # as the member typed it
    serial: str = ""
    purchase_date: date | None = None
    upc_key: str = ""
    words: str = ""  # name, nickname and notes: colors and variants the member mentioned


@dataclass(frozen=True)
class Verdict:
    level: str | None  # confirmed | possible | None (no alert)
    reason: str
    rule: str  # short machine tag of the deciding rule, e.g. "serial-in-range"

    def __bool__(self) -> bool:
        return self.level is not None


def compact(code: str) -> str:
    """A serial or code as compared: upper case, no spaces, hyphens, slashes or dots."""
    return re.sub(r"[^0-9A-Z]", "", (code or "").upper())


def match(recall: RecallFacts, item: ItemFacts) -> Verdict:
    """The verdict for one saved product against one recall."""
    ident = _identity(recall, item)
    if not ident:
        return ident
    said = ident.reason
    for rule in (_exclusions, _serial_scope, _purchase_window, _unchecked_scope):
        v = rule(recall, item, said)
        if v is not None:
            return v
    return Verdict(CONFIRMED, f"{said}; nothing in the recall limits it further.", "model" if ident.rule != "upc" else "upc")


def family_match(member_key: str, recall_key: str) -> bool:
    """Same model, or one is the family of the other (A3102 ~ A3102016), on whole tokens only."""
    if not member_key or not recall_key:
        return False
    if member_key == recall_key:
        return True
    short, long_ = sorted((member_key, recall_key), key=len)
    return (len(short) >= MIN_FAMILY and any(c.isdigit() for c in short) and long_.startswith(short)
            and len(long_) - len(short) <= MAX_FAMILY_SUFFIX)


def brand_agrees(member_brand: str, recall_brands: set[str]) -> bool:
    """The member's brand is one the recall names (aliases already resolved by normalize.brand_key)."""
    if not member_brand:
        return False
    for b in recall_brands:
        short, long_ = sorted((member_brand, b), key=len)
        if short == long_ or (len(short) >= 4 and long_.startswith(short)):
            return True
    return False


def _identity(recall: RecallFacts, item: ItemFacts) -> Verdict:
    if item.upc_key and item.upc_key in recall.upcs:
        return Verdict(CONFIRMED, f"UPC {item.upc_key} is listed in recall {recall.number}", "upc")
    hits = [m for m in recall.models if family_match(item.model_key, m.key)]
    if not hits:
        return Verdict(None, f"Model {item.model_number or item.model_key} is not named in recall {recall.number}.",
                       "no-model")
    if not brand_agrees(item.brand_key, recall.brand_keys):
        return Verdict(None, f"Model {item.model_number} is named in recall {recall.number}, but for another brand.",
                       "brand-clash")
    named = [m for m in hits if not m.excluded]
    if not named:
        return Verdict(None, f"Recall {recall.number} says model {hits[0].text} is not included.", "excluded-model")
    exact = next((m for m in named if m.key == item.model_key), None)
    shown = exact.text if exact else named[0].text
    how = "is named" if exact else f"belongs to the {shown} family named"
    if not exact and len(item.model_key) > len(named[0].key):
        how = f"is a version of model {shown}, named"
    return Verdict(CONFIRMED, f"Model {item.model_number or shown} {how} in recall {recall.number}", "model")


def _exclusions(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    words = item.words.lower()
    for ex in recall.scope.get("exclusions") or []:
        for color in ex.get("colors") or []:
            if re.search(rf"\b{re.escape(color.lower())}\b", words):
                return Verdict(None, f"{said}, but the recall excludes {color} units and yours is {color}.",
                               "excluded-variant")
        codes = {compact(c) for c in ex.get("codes") or []}
        if item.model_key and item.model_key in codes:
            return Verdict(None, f"{said}, but the recall says {item.model_number} is not included.", "excluded-code")
    return None


def _serial_scope(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    sc = recall.scope
    ranges, prefixes, serials = sc.get("serial_ranges") or [], sc.get("serial_prefixes") or [], sc.get("serials") or []
    length = sc.get("serial_length")
    if not (ranges or prefixes or serials or length):
        return None
    if not item.serial:
        return Verdict(POSSIBLE, f"{said}; the recall covers only some serial numbers "
                                 f"({_describe_serials(sc)}): {_where(recall)}", "serial-unknown")
    s = compact(item.serial)
    if length and len(s) != length and not (ranges or prefixes or serials):
        return Verdict(None, f"{said}, but it covers {length}-character serial numbers and yours has {len(s)}.",
                       "serial-length")
    inside = (any(_in_range(s, r["start"], r["end"]) for r in ranges) or any(s.startswith(compact(p)) for p in prefixes)
              or s in {compact(x) for x in serials})
    if inside:
        return Verdict(CONFIRMED, f"{said}, and serial number {item.serial} is within the recalled serial numbers "
                                  f"({_describe_serials(sc)}).", "serial-in-range")
    if ranges or prefixes or serials:
        return Verdict(None, f"{said}, but serial number {item.serial} is outside the recalled serial numbers "
                             f"({_describe_serials(sc)}).", "serial-outside")
    return None


def _in_range(serial: str, start: str, end: str) -> bool:
    a, b = compact(start), compact(end)
    if len(a) != len(b) or len(serial) != len(a):
        return False
    if a.isdigit() and b.isdigit() and serial.isdigit():
        return int(a) <= int(serial) <= int(b)
    return a <= serial <= b


def _purchase_window(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    if not item.purchase_date:
        return None
    bought = item.purchase_date.strftime("%Y-%m")
    for w in recall.scope.get("windows") or []:
        start = w.get("start") or ""
        if start and bought < start:
            what = "sold" if w.get("what") == "sold" else "made"
            return Verdict(None, f"{said}, but the recalled units were {what} from {start} and yours was bought "
                                 f"{item.purchase_date.isoformat()}.", "bought-before-window")
    return None


def _unchecked_scope(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    sc = recall.scope
    checks = []
    if sc.get("date_code_ranges") or sc.get("date_codes"):
        checks.append("the date code")
    if sc.get("lot_codes"):
        checks.append("the lot code")
    if sc.get("manufacturer_check"):
        checks.append("the serial or SN code with the manufacturer")
    if not checks and sc.get("limited"):
        checks.append("which units are included")
    if not checks:
        return None
    return Verdict(POSSIBLE, f"{said}; the recall covers only some units: check {' and '.join(checks)}. "
                             f"{_where(recall)}", "scope-unknown")


def _describe_serials(sc: dict) -> str:
    parts = [f"{r['start']} to {r['end']}" for r in sc.get("serial_ranges") or []]
    parts += [f"starting with {p}" for p in sc.get("serial_prefixes") or []]
    parts += list(sc.get("serials") or [])[:5]
    if sc.get("serial_length"):
        parts.append(f"{sc['serial_length']} characters")
    return "; ".join(parts) or "see the recall"


def _where(recall: RecallFacts) -> str:
    sc = recall.scope
    where = (sc.get("where_to_look") or [""])[0]
    url = (sc.get("lookup_urls") or [""])[0]
    maker = f"{recall.maker}'s" if recall.maker else "the manufacturer's"
    out = where.strip()
    if url:
        out = (out + " " if out else "") + f"Check it on {maker} site: {url}"
    return out or "See the recall page for how to tell."
