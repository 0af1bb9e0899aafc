"""Small text helpers for recall prose: sentences, code lists after a cue, links, phones, emails, dates. Pure."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

# Sentence ends: ". " before a capital, a line break, or a full stop glued to the next word ("VF54399999.The model");
# decimals and dotted codes ("SH.20.006B02", "LXT-CL-1.0") are never split.
_SENTENCE = re.compile(r"(?<=[.;?])\s+(?=[A-Z\"“(])|(?<=!)\s+(?=[A-Z\"“])|\s*\n+\s*|(?:(?<=\d\.)|(?<=[a-z]{2}\.))(?=[A-Z][a-z]+\s)")
# A line wrapped inside a sentence (old releases: "nationwide sold\nthe paper shades from January 1992 through April\n1998",
# "nationwide from June 1995\nthrough December 1996"): one line break between a lower-case letter or comma and a
# lower-case letter or digit, or between a digit and a lower-case letter; a wrap those releases mark as soft (CR LF
# right after a lower-case letter; their paragraphs end in a bare LF) before a capitalized word ("Cole\r\nGift Centers").
_WRAPPED = re.compile(r"(?<=[a-z,])[ \t]*\r?\n[ \t]*(?=[a-z0-9])|(?<=\d)[ \t]*\r?\n[ \t]*(?=[a-z])|"
                      r"(?<=[a-z])\r\n(?=[A-Z][a-z])")
# A code-like item: letters, digits, dots, slashes, hyphens, underscores ("HI1318_13"), with a digit in its first run
# of letters.
ITEM = r"(?=[A-Za-z./-]*\d)[A-Za-z0-9][A-Za-z0-9./_-]*"
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*|\s*&\s*)"
LIST = rf"[\"“']?{ITEM}[\"”']?(?:{_SEP}[\"“']?{ITEM}[\"”']?)*"
_ITEM_RE = re.compile(ITEM)
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”()]+", re.I)
PHONE_RE = re.compile(r"(?<!\d)(?:1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
COLORS = ("black", "white", "red", "blue", "green", "gray", "grey", "pink", "purple", "yellow", "orange",
          "brown", "beige", "silver", "gold", "navy", "teal", "tan", "ivory", "cream", "clear", "turquoise",
          "aqua", "lavender", "charcoal", "khaki", "maroon", "burgundy", "mint", "coral", "bronze", "copper")
_COLOR_RE = re.compile(r"\b(" + "|".join(COLORS) + r")\b", re.I)


def sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for CPSC text)."""
    text = _WRAPPED.sub(" ", text or "")
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def items_after(cue: str, text: str) -> list[tuple[str, int]]:
    """Code-like items listed right after a cue phrase ("models A1, A2 and A3", "a six-digit lot code (022020, 022021
    or 032023)"), with their offsets."""
    out = []
    for m in re.finditer(rf"\b(?:{cue})\b\s*(?:\([^)]{{0,20}}\))?(?:\s+(?:are|is|includes?|of|ranging\s+from))?(?:[\s:#(]|,\s)*({LIST})", text, re.I):
        for it in _ITEM_RE.finditer(m.group(1)):
            out.append((it.group(0).strip(".-/"), m.start(1) + it.start()))
    return out


def links(text: str) -> list[str]:
    """Web links in the text, trailing punctuation dropped, in order, unique."""
    seen: dict[str, None] = {}
    for m in URL_RE.finditer(text or ""):
        seen.setdefault(m.group(0).rstrip(".,;:!?'’"), None)
    return list(seen)


def href(link: str) -> str:
    """An absolute http(s) URL for a link as printed ("www.x.com" -> "https://www.x.com")."""
    return link if re.match(r"https?://", link, re.I) else "https://" + link


def phones(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).strip() for m in PHONE_RE.finditer(text or "")))


def emails(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).rstrip(".") for m in EMAIL_RE.finditer(text or "")))


def colors(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(1).lower() for m in _COLOR_RE.finditer(text or "")))


def month_year(text: str) -> str | None:
    """'September 2021' or 'April 1, 2024' -> '2021-09' / '2024-04'."""
    m = re.match(rf"({MONTH_RE})\s+(?:\d{{1,2}},\s*)?(\d{{4}})", text.strip(), re.I)
    return f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}" if m else None


_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y",
                 "%m/%d/%Y %H:%M:%S", "%B %d, %Y", "%b %d, %Y", "%d %B %Y")


def parse_datetime(value: str) -> datetime:
    """Any date format CPSC data uses -> aware UTC datetime; ValueError otherwise."""
    s = value.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        dt = None
        for fmt in _DATE_FORMATS:
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                continue
        if dt is None:
            raise ValueError(f"unrecognized date {value!r}") from None
    if not 1900 <= dt.year <= 2100:
        raise ValueError(f"date out of range {value!r}")
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def parse_date(value: str) -> date:
    """The calendar date a CPSC timestamp names (the API's midnight/05:00Z stamps all mean that day)."""
    return parse_datetime(value).date()
