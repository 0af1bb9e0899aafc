"""Scope rules of the matcher: once a saved product is identified as named by a recall, does what the member saved
prove it inside the recalled units, outside them, or leave it open? Pure: values in, a verdict or None out.

Each rule takes (recall, item, said), where `said` is the identity sentence ("Model A3102 is named in recall 25-056"),
and returns a Verdict when it decides, None to pass to the next rule."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.normalize import brand_key, model_key
from tracker.normalize import code_key as compact
from tracker.recalls.text import MONTHS, colors

if TYPE_CHECKING:
    from tracker.recalls.matching import ItemFacts, RecallFacts, Verdict

CONFIRMED, POSSIBLE = "confirmed", "possible"
_WILDCARD = re.compile(r"X{2,}$")  # "VF122xxxxx": the x's stand for any character


def verdict(level: str | None, reason: str, rule: str) -> Verdict:
    from tracker.recalls.matching import Verdict
    return Verdict(level, reason, rule)


def exclusions(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """A color the member mentioned that the recall excludes or doesn't cover ("colors only"), or an excluded model
    code that is exactly the member's model."""
    words = item.words.lower()
    named = {m.key for m in recall.models if not m.excluded}
    only = recall.scope.get("only_colors") or []
    mine = colors(words)
    if only and mine and not any(re.search(rf"\b{re.escape(c)}\b", words) for c in only):
        return verdict(None, f"{said}, but the recall covers only {' and '.join(only)} units and yours is {mine[0]}.",
                       "excluded-variant")
    versions = recall.scope.get("only_versions") or []
    saved = re.sub(r"\bnot\s+(?:the\s+|an?\s+)?\S+", " ", f"{item.model_number} {item.words}", flags=re.I)
    if versions and not any(re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", saved, re.I) for v in versions):
        return verdict(None, f"{said}, but the recall covers only {' and '.join(versions)} versions and yours is not "
                             f"one.", "other-version")
    for ex in recall.scope.get("exclusions") or []:
        if ex.get("part") and _excluded_part(item, ex["part"], recall):
            return verdict(None, f"{said}, but the recall says the {ex['part']} is not included.", "excluded-part")
        if ex.get("finishes") and not any(re.search(rf"\b{f}\b", words) for f in ex["finishes"]):
            continue  # the excluded colors are of a finish ("translucent red") the member doesn't name
        for color in ex.get("colors") or []:
            if re.search(rf"\b{re.escape(color.lower())}\b", words):
                return verdict(None, f"{said}, but the recall excludes {color} units and yours is {color}.",
                               "excluded-variant")
        # Codes in an exclusion sentence also name the recalled model ("EFMIS129 ... except EFMIS129-B"): skip those.
        codes = {model_key(c) for c in ex.get("codes") or []} - named
        if item.model_key and item.model_key in codes:
            return verdict(None, f"{said}, but the recall says {item.model_number} is not included.", "excluded-code")
    return None


def _excluded_part(item: ItemFacts, part: str, recall: RecallFacts) -> bool:
    """The product name the member saved is the part the recall leaves out ("DUPLO Bricks Box" for "The box of DUPLO
    bricks is not included"): two or more of its words, every one of them the part's and none the recall's names'."""
    from tracker.recalls.matching import product_words
    mine = product_words(item.model_number)
    return len(mine) >= 2 and mine <= product_words(part) and not mine & product_words(" ".join(recall.names))


def purchase_window(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """Bought before the recalled units were sold or made: it can't be one of them. Of several sale windows (one per
    retailer or per model) the earliest that applies to the product counts (windows_for), unless the recall limits
    every unit by when it was bought ("Only ... purchased on or after June 23, 2022"): then that limit's start, to the
    day, counts instead of the other windows."""
    if not item.purchase_date:
        return None
    bought = item.purchase_date.isoformat()
    for what in ("sold", "manufactured"):
        # a start to the day ("purchased on or after June 23, 2022"), else the month's first day
        windows = [w for w in windows_for(item, recall.scope.get("windows") or [], what) if w.get("start")]
        # "Only ... purchased on or after June 23, 2022": a limit on every unit, whichever retailer sold it
        limits = [w for w in windows if w.get("limit")]
        starts = [(f"{w['start']}-{w.get('start_day', 1):02d}", w) for w in (limits[-1:] or windows)]
        first_day, first = min(starts, key=lambda s: s[0]) if starts else ("", {})
        if starts and bought < first_day:
            shown = f"{first['start']}-{first['start_day']:02d}" if first.get("start_day") else first["start"]
            return verdict(None, f"{said}, but the recalled units were {'sold' if what == 'sold' else 'made'} from "
                                 f"{shown} and yours was bought {bought}.", "bought-before-window")
    return None


def tied_to_model(item: ItemFacts, entries: list[dict]) -> list[dict]:
    """The scope entries (sale windows, lot ranges) whose "models" list names the saved model or its family."""
    from tracker.recalls.matching import family_match
    return [e for e in entries if any(family_match(item.model_key, model_key(m)) for m in e.get("models") or [])]


def windows_for(item: ItemFacts, windows: list[dict], what: str) -> list[dict]:
    """The `what` windows that apply to the saved product: those written for its model ("from August 2024 to January
    2025 for the BatPak3F") or for the product name it saved ("from July 2007 through November 2007 (heart, and lock
    and key necklaces)") when there are any, else all of them (never fewer alerts than untied)."""
    from tracker.recalls.names import printed, tokens
    mine = [w for w in windows if w.get("what", "sold") == what]
    tied = tied_to_model(item, mine)
    words = tokens(item.model_number)  # a product name printed in the window's parenthesis ("(cat necklace)")
    tied = tied or [w for w in mine if w.get("names") and len(words) >= 2 and printed(words, [w["names"]])]
    return tied or mine


def lot_scope(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """A lot (or heat, batch) code saved in the serial field: a listed one settles it; one shaped like every listed code
    (same letters/digits pattern) but not listed is outside; anything else is left to the other rules. Date codes
    the same way, outside only when the recall lists every recalled date code (scope "date_codes_closed"); where it
    lists them per model ("Model E2037 ... date codes: 2318, 2319, 2322"), the saved model's own."""
    s = compact(item.serial)
    if not s:
        return None
    ranged = _lot_range(recall, item, said, s)
    if ranged is not None:
        return ranged
    dates = recall.scope.get("date_codes")
    tied = [t for t in recall.scope.get("date_codes_for") or [] if item.model_key == model_key(t["model"])]
    dates = [c for t in tied for c in t["codes"]] if tied else dates  # the codes listed for the saved model
    for kind, codes, closed in (("lot", recall.scope.get("lot_codes"), True),
                                ("date", dates, recall.scope.get("date_codes_closed"))):
        listed = {compact(c): c for c in codes or [] if compact(c)}
        if not listed:
            continue
        if s in listed:
            return verdict(CONFIRMED, f"{said}, and code {item.serial} is one of the recalled {kind} codes.",
                           f"{kind}-listed")
        if closed and all(_shape(c) == _shape(s) for c in listed):
            return verdict(None, f"{said}, but code {item.serial} is not one of the recalled {kind} codes "
                                 f"({', '.join(list(listed.values())[:5])}).", f"{kind}-outside")
    return None


def _lot_range(recall: RecallFacts, item: ItemFacts, said: str, s: str) -> Verdict | None:
    """A lot code saved in the serial field against the lot ranges of a lot table: those for the saved item number
    when the table ties any to it, else all of them."""
    ranges = recall.scope.get("lot_ranges") or []
    results = [(in_range(s, r["start"], r["end"]), r) for r in model_entries(item, ranges)]
    inside = [r for ok, r in results if ok]
    if inside:
        return verdict(CONFIRMED, f"{said}, and lot {item.serial} is within the recalled lots ({inside[0]['start']} "
                                  f"to {inside[0]['end']}).", "lot-listed")
    if results and all(ok is False for ok, _ in results):
        shown = ", ".join(f"{r['start']} to {r['end']}" for _, r in results[:3])
        return verdict(None, f"{said}, but lot {item.serial} is outside the recalled lots ({shown}).", "lot-outside")
    return None


def made_window(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """A manufacture date saved in the serial field ("08/2025", "2022.11"), against the months the recall says the
    units were made in; a boundary month with a day ("on or after August 15, 2022") can't be told."""
    made = month_of(item.serial)
    windows = [w for w in recall.scope.get("windows") or [] if w.get("what") == "manufactured"]
    if not made or not windows or tied_to_model(item, recall.scope.get("date_code_ranges") or []):
        return None  # (the saved model's own date-code range decides: date_code_range)
    results = [_inside(made, w, _day_of(item.serial)) for w in windows]
    shown = item.serial.strip()
    if True in results and not _other_limits(recall.scope):
        return verdict(CONFIRMED, f"{said}, and the manufacture date {shown} is within the recalled dates.",
                       "made-in-window")
    if all(r is False for r in results):
        return verdict(None, f"{said}, but the manufacture date {shown} is outside the recalled dates.",
                       "made-outside-window")
    return None


def date_code_range(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """A date code saved in the serial field ("EXP 05/2026") against the recall's date-code ranges of a known format
    ("expiration dates between 01/2026 and 10/2026"): within one is in, outside every one it can be read in is out."""
    from tracker.recalls.checks import in_date_range
    code = _DATE_LABEL.sub("", item.serial or "").strip()
    results = []
    for r in model_entries(item, recall.scope.get("date_code_ranges") or []) if code else ():
        inside = in_date_range(r, code)
        if inside is not None:
            results.append((inside, r))
    inside = [r for ok, r in results if ok]
    if inside and not _other_limits(recall.scope) and not recall.scope.get("date_codes"):
        return verdict(CONFIRMED, f"{said}, and date {code} is within the recalled dates ({inside[0]['start']} to "
                                  f"{inside[0]['end']}).", "date-in-range")
    if results and not inside:
        shown = ", ".join(f"{r['start']} to {r['end']}" for _, r in results[:3])
        return verdict(None, f"{said}, but date {code} is outside the recalled dates ({shown}).", "date-outside-range")
    return None


def model_entries(item: ItemFacts, entries: list[dict]) -> list[dict]:
    """The scope entries (date-code or lot ranges) for the saved model where a table lists them per model ("34692
    LATITUDE 90 QT ROLLER 07/2020-09/2021"); all of them, rows of the table and entries tied to no model alike, when
    the saved model is none of the table's (a product saved by name may be any row's: a date inside one keeps its
    alert)."""
    return tied_to_model(item, entries) or entries


# A label the member typed before a date ("EXP 05/2026", "Best by: 11/2026", "MFD 2024/6/15").
_DATE_LABEL = re.compile(r"^\s*(?:exp(?:iry|iration)?(?:\s+date)?|best\s+by|use\s+by|mfd?|mfg|made|date(?:\s+code)?)"
                         r"\.?\s*:?\s*", re.I)


def month_of(serial: str) -> str | None:
    """'08/2025', '8-2025', '12/10/2025', '2022.11', '2022/06', '2024/6/15', 'Nov 2015' -> 'YYYY-MM'; None for anything else
    (a serial number, a lot code, a two-digit year)."""
    s = _DATE_LABEL.sub("", serial or "").strip()
    m = re.fullmatch(r"(\d{1,2})\s*[./-]\s*(?:\d{1,2}\s*[./-]\s*)?((?:19|20)\d\d)", s)  # "12/10/2025": US month first
    if m:
        month, year = int(m.group(1)), m.group(2)
    elif m := re.fullmatch(r"((?:19|20)\d\d)\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*\d{1,2})?", s):  # "2024/6/15"
        year, month = m.group(1), int(m.group(2))
    elif m := re.fullmatch(r"([A-Za-z]{3,9})\.?\s*[/ -]?\s*((?:19|20)\d\d)", s):
        month = next((i for n, i in MONTHS.items() if m.group(1).lower() in (n, n[:3])), 0)
        year = m.group(2)
    else:
        return None
    return f"{year}-{month:02d}" if 1 <= month <= 12 else None


def _day_of(serial: str) -> int | None:
    """The day of a full date saved in the serial field ("2024/4/21", "12/10/2025"); None without one."""
    s = (serial or "").strip()
    m = re.fullmatch(r"(?:19|20)\d\d\s*[./-]\s*\d{1,2}\s*[./-]\s*(\d{1,2})|\d{1,2}\s*[./-]\s*(\d{1,2})\s*[./-]\s*"
                     r"(?:19|20)\d\d", s)
    return int(m.group(1) or m.group(2)) if m else None


def _inside(made: str, w: dict, day: int | None = None) -> bool | None:
    """Is a manufacture month (and day, when saved) within a window? None when only the day could tell."""
    start, end = w.get("start"), w.get("end")
    if (start and made < start) or (end and made > end):
        return False
    first, last = (w.get("start_day") or 1) if made == start else 1, w.get("end_day") if made == end else None
    if day is not None:
        return first <= day and (last is None or day <= last)
    if first > 1 or last:
        return None
    return True


def _other_limits(sc: dict) -> bool:
    return any(sc.get(k) for k in ("serial_ranges", "serial_prefixes", "serials", "lot_codes", "exclusions"))


def _shape(code: str) -> str:
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", code))


def serial_scope(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """Serial ranges, prefixes, listed serials and serial length, against the saved serial number."""
    sc = {**recall.scope, "serial_ranges": ranges_for(item, recall.scope.get("serial_ranges") or [])}
    ranges, prefixes, serials = sc["serial_ranges"], sc.get("serial_prefixes") or [], sc.get("serials") or []
    length, chars, parts = sc.get("serial_length"), sc.get("serial_chars") or [], sc.get("serial_parts") or []
    if not (ranges or prefixes or serials or length or chars or parts):
        return None
    listed = f"({describe_serials(sc)})"
    if item.serial and parts:
        off = parts_outside(item.serial, parts)
        if off:
            return verdict(None, f"{said}, but serial number {item.serial} {off}.", "serial-outside")
        if off is None:
            return verdict(POSSIBLE, f"{said}; we can't tell from serial number {item.serial} whether it is within the "
                                     f"recalled serial numbers {listed}: {where(recall)}", "serial-unclear")
        if not (ranges or prefixes or serials or length or chars):
            return verdict(CONFIRMED, f"{said}, and serial number {item.serial} has the recalled parts {listed}.",
                           "serial-in-range")
    if item.serial and chars:
        off = chars_outside(compact(item.serial), chars)
        if off:
            return verdict(None, f"{said}, but serial number {item.serial} {off}.", "serial-outside")
        if not (ranges or prefixes or serials or length):
            return verdict(CONFIRMED, f"{said}, and serial number {item.serial} has the recalled characters "
                                      f"{listed}.", "serial-in-range")
    if not item.serial:
        return verdict(POSSIBLE, f"{said}; the recall covers only some serial numbers {listed}: {where(recall)}",
                       "serial-unknown")
    s = compact(item.serial)
    if length and len(s) != length and not (ranges or prefixes or serials):
        return verdict(None, f"{said}, but it covers {length}-character serial numbers and yours has {len(s)}.",
                       "serial-length")
    found = serial_inside(s, ranges, prefixes, serials)
    if sc.get("manufacturer_check") and (found == "by-start" or (found and not (ranges or serials) and prefixes
                                                                  and _label_prefixes(prefixes, sc))):
        # only its first characters compare (a range's head, or the start every serial has: "printed under the bottom
        # bracket ... and starts with the letters WTU"), and the recall sends members to a look-up: it decides
        return verdict(POSSIBLE, f"{said}; serial number {item.serial} starts within the listed serial numbers "
                                 f"{listed}, and the recall says to confirm it with the manufacturer. {where(recall)}",
                       "serial-start-check")
    if found:
        return verdict(CONFIRMED, f"{said}, and serial number {item.serial} is within the recalled serial numbers "
                                  f"{listed}.", "serial-in-range")
    if found is None:
        return verdict(POSSIBLE, f"{said}; we can't tell from serial number {item.serial} whether it is within the "
                                 f"recalled serial numbers {listed}: {where(recall)}", "serial-unclear")
    return verdict(None, f"{said}, but serial number {item.serial} is outside the recalled serial numbers {listed}.",
                   "serial-outside")


def _label_prefixes(prefixes: list[str], sc: dict) -> bool:
    """Every prefix is stated where the recall says where the serial is printed, as what it looks like."""
    spots = [w for w in sc.get("where_to_look") or [] if re.search(r"\b(?:start|begin)", w, re.I)]
    return all(any(re.search(rf"(?<![A-Za-z0-9]){re.escape(p)}(?![A-Za-z0-9])", w) for w in spots) for p in prefixes)


def chars_outside(s: str, rules: list[dict]) -> str:
    """The first stated position where the serial lacks the recalled characters, in words ("" when none)."""
    for r in rules:
        pos, chars = r["pos"], r["chars"]
        at = s[pos - 1] if 0 < pos <= len(s) else (s[-1] if pos == -1 and s else "")
        if at not in chars:
            return f"has {at or 'nothing'} as its {_ordinal(pos)} character, not {' or '.join(chars)}"
    return ""


def parts_outside(serial: str, rules: list[dict]) -> str | None:
    """The first stated part of a serial written in parts ("HY-HEL-2103-A1-18476-00102") that lacks the recalled
    values, in words; "" when none; None when the saved serial has too few parts to tell."""
    got = [p for p in re.split(r"[\s/-]+", serial.upper().strip()) if p]
    for r in rules:
        if len(got) < r["pos"]:
            return None
        if got[r["pos"] - 1] not in {c.upper() for c in r["codes"]}:
            return f"has {got[r['pos'] - 1]} as its {_ordinal(r['pos'])} part, not {' or '.join(r['codes'])}"
    return ""


def _ordinal(pos: int) -> str:
    if pos == -1:
        return "last"
    return f"{pos}{'th' if 10 <= pos % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(pos % 10, 'th')}"


def ranges_for(item: ItemFacts, ranges: list[dict]) -> list[dict]:
    """The ranges that apply to the saved product: those written for its model (26-347: Nomic U021AA00 vs Ergonomic
    U022AA00) or, when the ranges name no model of its, for its brand (24-196: Intimidator vs Mahindra); ranges
    tied to nothing always apply. A product tied to no range gets them all (never fewer alerts than untied)."""
    from tracker.recalls.matching import brand_agrees, family_match
    if item.model_key and any(family_match(item.model_key, model_key(r.get("model"))) for r in ranges):
        return [r for r in ranges if not r.get("model") or family_match(item.model_key, model_key(r["model"]))]
    brand = lambda r: brand_agrees(item.brand_key, {brand_key(r.get("brand"))})  # noqa: E731
    if any(r.get("brand") and brand(r) for r in ranges):
        return [r for r in ranges if not r.get("brand") or brand(r)]
    return ranges


def serial_inside(s: str, ranges: list[dict], prefixes: list[str], serials: list[str]) -> str | bool | None:
    """'yes', 'by-start' (only its first characters compare to a range), False (outside) or None (can't tell)."""
    if any(s.startswith(compact(p)) for p in prefixes if compact(p)) or any(
            compact(x) and s.startswith(compact(x)) for x in serials):
        return "yes"
    results = [in_range(s, r["start"], r["end"]) for r in ranges]
    if "yes" in results or "by-start" in results:
        return "yes" if "yes" in results else "by-start"
    if False in results or not results:
        return False  # outside every range written in the same form as the serial
    return None


def in_range(serial: str, start: str, end: str) -> str | bool | None:
    """Is the serial within start..end? 'x' runs in the bounds are wildcards; bounds shorter than the serial are
    compared with its first characters ("first four digits 2326 through 2445"); None when the forms don't compare."""
    a, b = compact(start), compact(end)
    a, b = _WILDCARD.sub(lambda m: "0" * len(m.group()), a), _WILDCARD.sub(lambda m: "Z" * len(m.group()), b)
    if not a or len(a) != len(b) or len(serial) < len(a):
        return None
    head = serial[:len(a)]
    if head.isdigit() != a.isdigit() and a.isdigit() == b.isdigit():
        return None
    inside = int(a) <= int(head) <= int(b) if (a + b + head).isdigit() else a <= head <= b
    if not inside:
        return False
    return "yes" if len(serial) == len(a) or _WILDCARD.search(compact(start)) else "by-start"


def model_year(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """The model year the member saved (a year in the name or notes, "2021 model"; a VIN's 10th character) against
    the model years the recall names: another year is outside. An unsaved year is asked about (unchecked_scope)."""
    years = years_for(recall, item)
    mine = item_years(item) if years else set()
    if mine and not mine & set(years):
        return verdict(None, f"{said}, but it covers model years {_years(years)} and yours is "
                             f"{' or '.join(map(str, sorted(mine)))}.", "model-year-outside")
    return None


def years_for(recall: RecallFacts, item: ItemFacts) -> list[int]:
    """The model years that apply to the saved product: those stated in a sentence that prints its model ("Model Year
    2019 through 2023 LaBomba 24" bicycles") when there are any, else those of sentences that print none of the
    recall's models ("model years 2022, 2023, 2024 and 2025 Off-Road Motorcycles"). A model printed only in sentences
    that never speak of model years ("fuel pump kits (part numbers 2208595 ...) sold as service parts") has none."""
    from tracker.recalls import names
    from tracker.recalls.text import sentences
    stated = recall.scope.get("model_years") or []
    mine = names.tokens(item.model_number)
    tied = [s for s in stated if mine and names.printed(mine, [s["text"]])]
    if not tied and stated and mine:
        printed = [s for t in [*recall.names, recall.text] for s in sentences(t) if names.printed(mine, [s])]
        if printed and not any(re.search(r"\bmodel\s+years?\b", s, re.I) for s in printed):
            return []
    if not tied:
        listed = [names.tokens(m.text) for m in recall.models if not m.excluded]
        tied = [s for s in stated if not any(names.printed(w, [s["text"]]) for w in listed)]
    return sorted({y for s in tied for y in s["years"]})


_VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # a VIN's 10th character: 1980 + index, or 30 years on


def item_years(item: ItemFacts) -> set[int]:
    """Model years the saved product states: four-digit years in its name or notes, or a VIN's year character."""
    years = {int(y) for y in re.findall(r"(?<![\w-])(?:MY\s?)?((?:19|20)\d\d)(?![\w-])", item.words or "")}
    vin = compact(item.serial)
    if len(vin) == 17 and not re.search(r"[IOQ]", vin) and vin[9] in _VIN_YEARS:
        first = 1980 + _VIN_YEARS.index(vin[9])
        years |= {first, first + 30}
    return years


def _years(years: list[int]) -> str:
    return f"{years[0]} to {years[-1]}" if years == list(range(years[0], years[-1] + 1)) and len(years) > 1 \
        else ", ".join(map(str, years))


def unchecked_scope(recall: RecallFacts, item: ItemFacts, said: str) -> Verdict | None:
    """Limits the saved data can't decide (date codes, lot codes, model years, a check at the manufacturer): ask the
    member."""
    sc = recall.scope
    checks = ["the model year"] if years_for(recall, item) and not item_years(item) else []
    if sc.get("date_code_ranges") or sc.get("date_codes"):
        checks.append("the date code")
    elif not item.serial and any(w.get("what") == "manufactured" and w.get("start") and w.get("end")
                                 and not w.get("verb_apart") for w in sc.get("windows") or []):
        checks.append("the manufacture date")
    if sc.get("lot_codes") or sc.get("lot_ranges"):
        checks.append("the lot code")
    if not checks and sc.get("manufacturer_check"):
        code = "SN code" if any(re.search(r"\bSN\s+code", s, re.I) for s in sc.get("statements") or []) \
            else "serial number"
        return verdict(POSSIBLE, f"{said}; the recall covers only units with a qualifying {code}: "
                                 f"{where(recall, code)}", "manufacturer-check")
    if not checks and sc.get("limited"):
        checks.append("which units are included")
    if not checks:
        return None
    return verdict(POSSIBLE, f"{said}; the recall covers only some units: check {' and '.join(checks)}. "
                             f"{where(recall)}", "scope-unknown")


def describe_serials(sc: dict) -> str:
    parts = [f"{r['start']} to {r['end']}" for r in (sc.get("serial_ranges") or [])[:6]]
    parts += [f"starting with {p}" for p in sc.get("serial_prefixes") or []]
    parts += list(sc.get("serials") or [])[:5]
    parts += [f"{' or '.join(r['chars'])} as the {_ordinal(r['pos'])} character" for r in sc.get("serial_chars") or []]
    parts += [f"{', '.join(r['codes'])} as the {_ordinal(r['pos'])} part" for r in sc.get("serial_parts") or []]
    if sc.get("serial_length"):
        parts.append(f"{sc['serial_length']} characters")
    more = len(sc.get("serial_ranges") or []) - 6
    return "; ".join(parts) + (f"; and {more} more ranges" if more > 0 else "") or "see the recall"


def where(recall: RecallFacts, code: str = "it") -> str:
    """Where to look on the product and where to check, in the recall's own words."""
    sc = recall.scope
    spots = sorted((w.strip() for w in sc.get("where_to_look") or [] if w.strip()), key=len)
    spot = spots[0] if spots else ""
    spot = spot if len(spot) <= 240 else spot[:239].rsplit(" ", 1)[0] + "…"
    url = (sc.get("lookup_urls") or [""])[0]
    maker = f"{recall.maker}'s" if recall.maker else "the manufacturer's"
    out = f"Check {'it' if code == 'it' else 'the ' + code} on {maker} site ({url})." if url else ""
    out = " ".join(x for x in (out, spot) if x)
    return out or "See the recall page for how to tell."
