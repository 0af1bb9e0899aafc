"""The recall page's "check your product" step: what a visitor types, checked against the rules the recall
states (serial ranges, prefixes, listed serials, serial length, date-code windows). Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.normalize import code_key as compact

AFFECTED, NOT_AFFECTED, UNKNOWN = "affected", "not_affected", "unknown"


@dataclass(frozen=True)
class Verdict:
    verdict: str  # affected | not_affected | unknown
    reason: str


def checkable(scope: dict) -> dict:
    """Which fields the page can check for this recall."""
    serial = any(scope.get(k) for k in ("serial_ranges", "serial_prefixes", "serials", "serial_length"))
    dates = any(r.get("format") in _ORDER for r in scope.get("date_code_ranges", [])) or bool(
        scope.get("date_codes"))
    return {"serial": serial, "date_code": dates}


def check_serial(scope: dict, serial: str) -> Verdict:
    """Is this serial number inside what the recall states?"""
    s = compact(serial)
    if not s:
        return Verdict(UNKNOWN, "Type the serial number as printed on the product.")
    length = scope.get("serial_length")
    if length and len(s) != length:
        return Verdict(NOT_AFFECTED, f"The recall covers {length}-character serial numbers; yours has {len(s)}.")
    for r in scope.get("serial_ranges", []):
        if _in_range(s, compact(r["start"]), compact(r["end"])):
            of = r.get("model") or r.get("brand")
            return Verdict(AFFECTED, f"Serial {serial} is in the recalled range {r['start']} to {r['end']}"
                                     f"{f' (for {of})' if of else ''}.")
    for p in scope.get("serial_prefixes", []):
        if s.startswith(compact(p)):
            return Verdict(AFFECTED, f"Serial {serial} starts with {p}, as the recalled units do.")
    for v in scope.get("serials", []):
        if compact(v) and compact(v) in s:
            return Verdict(AFFECTED, f"Serial {serial} matches the recalled serial {v}.")
    if any(scope.get(k) for k in ("serial_ranges", "serial_prefixes", "serials")):
        return Verdict(NOT_AFFECTED, f"Serial {serial} is outside the serial numbers this recall lists.")
    if length:
        return Verdict(AFFECTED, f"Serial {serial} has the {length} characters the recall names.")
    return Verdict(UNKNOWN, "This recall states no serial-number rule we can check here.")


def check_date_code(scope: dict, code: str) -> Verdict:
    """Is this date code inside a window (or list) the recall states?"""
    c = compact(code)
    if not c:
        return Verdict(UNKNOWN, "Type the date code as printed on the product.")
    decided = False
    for r in scope.get("date_code_ranges", []):
        inside = in_date_range(r, code)
        if inside is None:
            continue
        decided = True
        if inside:
            return Verdict(AFFECTED, f"Date code {code} is within {r['start']} to {r['end']}.")
    for v in scope.get("date_codes", []):
        decided = True
        if compact(v) == c:
            return Verdict(AFFECTED, f"Date code {code} is one of the recalled date codes.")
    if decided:
        return Verdict(NOT_AFFECTED, f"Date code {code} is outside the date codes this recall names.")
    return Verdict(UNKNOWN, "We can't read this recall's date-code rule reliably; check with the manufacturer.")


def _in_range(s: str, lo: str, hi: str) -> bool:
    if s.isdigit() and lo.isdigit() and hi.isdigit():
        return int(lo) <= int(s) <= int(hi) and (len(lo) != len(hi) or len(s) == len(lo))
    return len(s) == len(lo) == len(hi) and lo <= s <= hi


_ORDER = {  # format -> regex with named groups; value compared as (year, month, day)
    "YYYYMMDD": r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})", "YYMMDD": r"(?P<y>\d{2})(?P<m>\d{2})(?P<d>\d{2})",
    "MMDDYY": r"(?P<m>\d{2})(?P<d>\d{2})(?P<y>\d{2})", "YYYYMM": r"(?P<y>\d{4})(?P<m>\d{2})",
    "YYMM": r"(?P<y>\d{2})(?P<m>\d{2})", "MMYY": r"(?P<m>\d{2})(?P<y>\d{2})", "MMYYYY": r"(?P<m>\d{2})(?P<y>\d{4})",
    "MM/YYYY": r"(?P<m>\d{1,2})(?P<y>\d{4})", "MM/YY": r"(?P<m>\d{2})(?P<y>\d{2})",
    "YYYY-MM": r"(?P<y>\d{4})(?P<m>\d{2})", "DDDYY": r"(?P<d>\d{3})(?P<y>\d{2})",
}


def in_date_range(r: dict, code: str) -> bool | None:
    """Is a date code within a stated range ({"start", "end", "format"})? None when the range or the code can't be
    read in the range's format."""
    lo, hi, val = (date_value(x, r.get("format")) for x in (r["start"], r["end"], code))
    return None if None in (lo, hi, val) else lo <= val <= hi


def date_value(code: str, fmt: str | None) -> tuple | None:
    """A date code read in a stated format as (year, month, day); None when it isn't written that way."""
    m = re.fullmatch(_ORDER.get(fmt or "", "$^"), compact(code))
    if fmt == "MM/YYYY" and not m:
        # "03/22": a two-digit year only with the separator typed (a bare "1234" is a serial, never 12/2034)
        m = _MM_SLASH_YY.fullmatch((code or "").strip())
    if not m:
        return None
    g = m.groupdict()
    year = int(g["y"]) + (2000 if len(g["y"]) == 2 else 0)
    month = int(g.get("m") or 0)
    if g.get("m") is not None and not 1 <= month <= 12:
        return None  # "2021" read as month 20 of 2021 is no date
    return (year, month, int(g.get("d") or 0))


_MM_SLASH_YY = re.compile(r"(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{2})")
