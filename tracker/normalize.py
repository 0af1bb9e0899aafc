"""Normalization shared by saved products and recall parsing: the member's text is kept as typed, these keys are
what matching compares. Pure functions: no Flask, no database."""
from __future__ import annotations

import re
import unicodedata

# Characters people and OCR confuse in model numbers; mapped one way on both sides so comparisons agree.
_LOOKALIKE = str.maketrans({"O": "0", "I": "1"})
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")

# Brand aliases: sub-brands and trading names -> the canonical brand key.
BRAND_ALIASES: dict[str, str] = {
    "soundcore": "anker",
    "ankerwork": "anker",
    "anker innovations": "anker",
    "eufy": "anker",
    "nebula": "anker",
    "powerconf": "anker",
}
# An apostrophe joins its word ("It's a" -> "its a", not "it s a", which read as the suffix "S.A."); dotted initials
# are one word ("S.A.", "U.S.A." -> "sa", "usa"), so a suffix written with dots folds like the one written without.
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_DOTTED_INITIALS = re.compile(r"\b[^\W\d_](?:\.\s?[^\W\d_]\b)+\.?")
_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|l l c|ltd|limited|co|corp|corporation|company|gmbh|s a|sa|plc|lp|usa|us|america|"
    r"international|intl|technology|technologies|tech|brands?|products?|group|holdings)\b")


def model_key(text: str | None) -> str:
    """Comparable form of a model number: case, spaces, hyphens, dots and look-alike characters folded.

    >>> model_key(" a-3102 ") == model_key("A 3102") == "A3102"
    True
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).upper()
    return _NOT_ALNUM.sub("", s).translate(_LOOKALIKE)


def brand_key(text: str | None) -> str:
    """Comparable form of a brand: case, punctuation and corporate suffixes folded, aliases resolved."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = s.replace("&", " and ")
    s = _APOSTROPHES.sub("", s)
    s = _DOTTED_INITIALS.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)) + " ", s)
    s = re.sub(r"[^\w\s]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s in BRAND_ALIASES:
        return BRAND_ALIASES[s]
    stripped = re.sub(r"\s+", " ", _SUFFIXES.sub(" ", s)).strip() or s
    stripped = BRAND_ALIASES.get(stripped, stripped)
    return stripped.replace(" ", "")


def upc_key(text: str | None) -> str:
    """Digits of a UPC/EAN; a 12-digit UPC-A and its 13-digit EAN form (leading 0) compare equal."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 13 and digits.startswith("0"):
        digits = digits[1:]
    return digits


def code_key(code: str | None) -> str:
    """A serial, lot or date code as compared: upper case, no spaces, hyphens, slashes or dots."""
    return _NOT_ALNUM.sub("", (code or "").upper())


def recall_display_number(number: str) -> str:
    """'25056' -> '25-056', as CPSC prints it; other forms unchanged."""
    return f"{number[:2]}-{number[2:]}" if len(number) == 5 and number.isdigit() else number
