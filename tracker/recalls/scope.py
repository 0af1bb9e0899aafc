"""Which units a recall covers, as stated in its prose (serial ranges, date-code windows, exclusions), and a
check of what a visitor types against those rules. Pure: values in, values out."""
from __future__ import annotations

import json
import re

from tracker.normalize import code_key as compact
from tracker.normalize import model_key
from tracker.recalls.text import ITEM, LIST, MONTH_RE, colors, items_after, links, month_year, sentences

# A serial: one token, or a short head followed by groups of digits ("17L 0000000 000", "2023 32-58"); never a
# neighbouring table cell ("24482966FA 4YCZ5036F1090A", "12/2023 27019").
_SER = r"(?<![\w-])(?=[A-Za-z]*\d)(?:[A-Za-z0-9]{1,4}(?:\s\d{3,}|\s\d{2,}-\d+){1,2}(?![\w/-])|[A-Za-z0-9][A-Za-z0-9/-]*)"
_RANGE = re.compile(rf"(?:(between|from|ranging\s+from)\s+)?({_SER})\s*(?:\([^)]{{0,30}}\)\s*)?"
                    rf"(?:(?:to|through|thru|until)\s|[-–—]\s*|(and)\s)\s*({_SER})", re.I)
_GLUED_RANGE = re.compile(r"(?<![\w-])([A-Za-z0-9]{6,})-([A-Za-z0-9]{6,})(?![\w-])")
_MODEL_SHAPED = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]*[A-Z0-9](?![\w-])")
_SERIAL = re.compile(r"\bserial|\bS/?N\b", re.I)
# "the letter K or M as the last digit of the serial number", "the letter N in the 10th position of the vehicle
# identification number (VIN)", "The sixth digit of the serial numbers of affected units ... is "A"": one position of
# the serial (or VIN) and the characters the recalled units have there.
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1, "final": -1}
_ORD = r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last|final|\d{1,2}(?:st|nd|rd|th))"
_CHARS = r"[\"“']?([A-Z0-9])[\"”']?((?:\s*(?:,|or|and)\s*[\"“']?[A-Z0-9][\"”']?)*)"
_POSITION = r"(?:digit|character|letter|position|place)"
_SERIAL_NAME = r"(?:serial\s+numbers?|S/N|VIN\b|vehicle\s+identification\s+numbers?)"
_CHAR_AT = [re.compile(rf"\b(?:letters?|digits?|characters?|numbers?)\s+{_CHARS}\s+(?:as|in|at)\s+the\s+{_ORD}\s+"
                       rf"{_POSITION}\s+(?:of|in)\s+the\s+{_SERIAL_NAME}"),
            re.compile(rf"\b[Tt]he\s+{_ORD}\s+{_POSITION}\s+(?:of|in)\s+the\s+{_SERIAL_NAME}[^.]{{0,120}}?\b(?:is|are)\s+"
                       rf"(?:either\s+)?(?:the\s+)?(?:letters?\s+|digits?\s+|numbers?\s+)?{_CHARS}(?![\w-])")]
# "serial numbers containing 15914, 19203, or 19988 as the fifth code in the six-code serial number": one part of a
# serial written in parts (hyphens or spaces) and the values the recalled units have there.
_PART_AT = re.compile(rf"\b(?:containing|with|having|has|have)\s+([A-Z0-9]+(?:\s*(?:,|or|and)\s*(?:or\s+|and\s+)?"
                      rf"[A-Z0-9]+)*)\s+as\s+the\s+{_ORD}\s+(?:code|group|segment|block|set|part|section)\s+(?:in|of)\s+"
                      rf"the\s+(?:[\w-]+\s+)?{_SERIAL_NAME}", re.I)
# "Hover-1 Helix hoverboards (Camouflage and Galaxy colors only)", "only the red and blue colors are recalled": the
# colors the recalled units come in, whatever the words (not only color names).
_WORDS = r"[A-Za-z]+(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)[A-Za-z]+)*"
_ONLY_COLORS = re.compile(rf"\b({_WORDS})\s+colou?rs?\s+only\b|\bonly\s+(?:in\s+)?(?:the\s+)?({_WORDS})\s+colou?rs?\b",
                          re.I)
# "Only SL versions in the Como family of bicycles are part of this recall": the designation every recalled unit's
# name carries (scope only_versions); the clause limits nothing else.
_ONLY_VERSION = re.compile(r"\bOnly\s+(?:the\s+)?([A-Z][A-Za-z0-9+]{0,5})\s+(?:versions?|editions?|variants?)\b[^.;]*?"
                           r"\b(?:included|part\s+of|affected|recalled|subject)\b")
# "The following lamp styles are included in the recall": the recalled units are told by the style names listed (a
# product name alone can't say which).
_STYLES_LISTED = re.compile(r"\bfollowing\s+(?:[\w-]+\s+){0,2}?(?:styles?|style\s+names)\s+(?:are|is|were)\s+"
                            r"(?:included|affected|recalled|part\s+of)\b", re.I)
_NOT_COLOR = {"and", "or", "one", "two", "three", "four", "five", "six", "single", "several", "certain", "some", "these",
              "those", "other", "following", "listed", "same", "different", "various", "multiple", "many"}
_DATE_CODE = re.compile(r"\bdate\s+codes?|\bbatch|\bproduction\s+(?:date\s+)?codes?|\bmanufactur\w*\s+(?:date\s+)?codes?"
                        r"|\bMONTHYEAR|\bWEEKYEAR|\bexpir(?:ation|y)\s+dates?|\b(?:best|use)[\s-]+by\s+dates?", re.I)
_LOT = r"(?:manufacturing\s+)?lot\s+(?:codes?|numbers?|nos?\.?)|MLC|heat\s+codes?|batch\s+(?:codes?|numbers?|nos?\.?|IDs?)"
# "Heat codes requiring replacement include: E22WM483, ...": words between a lot cue and its list.
_LOT_LIST = rf"(?:{_LOT})(?:\s+(?:requiring|needing|that|which|need|needs|to|be|are|replacement|recalled|affected))*"
_SERIAL_CUE = r"serial\s+(?:numbers?|nos?\.?|#)|S/N|SN"
_FORMAT = re.compile(r"\b(YYYYMMDD|YYMMDD|MMDDYY|YYYYMM|YYMM|MMYY|MM/YYYY|MM/YY|YYYY-MM|DDDYY|WWYY|MONTHYEAR)\b")
# ... or "a serial number that contains a serial prefix of FC32, ZFC32B, FC33, FC36, FC29D or FC27".
_PREFIX_CUE = re.compile(r"(?:serial\s+numbers?|S/N)[^.]{0,90}?\b(?:(?:begin\w*|start\w*)\s+with|prefix(?:es)?\s+of)\b",
                         re.I)
# What stands between "begin with" and the list: "the letters,", "a", "S/N", "the following numbers ...:".
_PREFIX_FILLER = re.compile(r"(?:[\s,:]+|the\s+following\b[^:]{0,60}:|(?:an?|the|letters?|numbers?|digits?|and|"
                            r"[\"“']?S/N[\"”']?)(?![\w/]))*", re.I)
_PREFIX_ITEM = re.compile(r"[\"“']?([A-Za-z0-9]+)(?![\w/])[.,]?[\"”']?")
_PREFIX_BELOW = re.compile(r"\b(?:begin\w*|start\w*)\s+with\s+[\"“']?([A-Za-z0-9]{1,8})[\"”']?\s+followed\s+by\s+"
                           r"(?:numbers?|digits?)\s+(?:that\s+(?:fall|are)\s+)?(below|under|less\s+than|up\s+to|through)"
                           r"\s+[\"“']?(\d{2,12})\b", re.I)
_PREFIX_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s+")
_LENGTH = re.compile(r"(\d{1,2})[- ]digits?\s+serial|serial\s+numbers?\s*\((\d{1,2})\s+digits?\)", re.I)
_EXCLUDED = re.compile(r"\bnot\s+(?:included|part\s+of|affected|being\s+recalled|recalled|subject\s+to|covered|"
                       r"involved|impacted)\b|\bexcluded\b|\bexcept\b", re.I)
_WHERE = re.compile(r"\b(?:located|printed|found|visible|stamped|engraved|imprinted|appears?|molded|listed on|"
                    r"can be identified)\b", re.I)
_WHAT = re.compile(r"\bserial|\bS/?N\b|\bmodel|\bdate\s+code|\blot\b|\bUPC|\blabel", re.I)
_LOOKUP = re.compile(r"\bserial|\bSN\b|\blook-?up|\bverify|\bsee if|\benter\b|\btype in|\bdetermine if|\bcheck if", re.I)
# Statements that limit the recalled units even when no rule can be read from them: "only ... recalled", "in boxes
# dated April 2024 through December 2024", "date code ... ("8/21") or earlier", "made prior to September 2021",
# "manufactured on or after June 23, 2022".
_ONLY = re.compile(r"\bonly\b([^.]*?)\b(?:included|part of|affected|recalled|subject)\b", re.I)
_LIMITED = re.compile(r"\b(?:boxes|packages?|cartons?|packaging)\s+(?:dated|marked|stamped)\b|\bor\s+(?:earlier|later)\b|"
                      r"\bshipped\s+(?:between|from|before|after|on\s+or)\b|"
                      r"\b(?:made|manufactured|produced)\s+(?:prior\s+to|before|after|on\s+or\s+(?:before|after))\b", re.I)
# An "only" clause that restricts to nothing but the product itself ("Only power banks with model numbers PPCXM06 and
# PPCXW06 are part of this recall", "Only adult sized Bell Slope Helmets are affected") limits no units: its words are
# these, the title's, the brands' and (after a model/UPC cue) codes.
_IDENTITY_WORDS = {"the", "a", "an", "this", "these", "those", "that", "which", "are", "is", "be", "being", "been",
                   "were", "was", "with", "and", "or", "of", "in", "to", "for", "recall", "recalled", "part", "following",
                   "listed", "below", "above", "identified", "named", "shown", "units", "unit", "products", "product",
                   "items", "item", "models", "model", "numbers", "number", "nos", "no", "style", "styles", "sku",
                   "skus", "upc", "upcs", "code", "codes", "adult", "adults", "sized", "youth", "child", "children",
                   "kids", "toddler", "infant"}
_ID_CUE = re.compile(r"\b(?:models?|upcs?|skus?|items?|styles?)\b", re.I)
# Date codes listed as the recalled ones: closed ("Date codes 3034 and 3035 ... are included", "only ... the following
# date codes", "Castles with other date codes ... are not included", "This recall involves ... with date code 1945")
# unless the list is open-ended ("2308 or greater") or the recall also takes units by another test ("purchased after
# December 2020 or with one of the following").
# A table of models with their date-code ranges: "Model/SKU # Description Date Codes 34692 LATITUDE 90 QT ROLLER
# 07/2020-09/2021 34785 ...": each row's model (its first cell) and its range.
_DATE_TABLE = re.compile(r"\bmodel\b[^.]{0,40}?\bdate\s+codes\b", re.I)
_DATE_ROW = re.compile(r"(?<![\w/-])([A-Z0-9][A-Z0-9-]{2,})\s+(?:[A-Z][A-Z0-9.&'-]*\s+|\d+\s+){0,8}?"
                       r"(\d{1,2}/\d{4})\s*[-–]\s*(\d{1,2}/\d{4})(?![\w/])")
_EXAMPLE = re.compile(r"\bexample\s+(?:\w+\s+){0,3}?date\s+codes?\b", re.I)
_CLOSED_LIST = re.compile(r"\bonly\b|\bfollowing\b|\b(?:are|is)\s+(?:included|affected|impacted|recalled)\b|"
                          r"\bother\s+date\s+codes\b|\bThis\s+recall\s+(?:only\s+)?involves\b", re.I)
_OPEN_LIST = re.compile(r"\b(?:or|and)\s+(?:greater|later|earlier|newer|older|higher|lower|after|before|above|below)\b"
                        r"|\bincluding\b|\be\.g\.|\bsuch\s+as\b|\b(?:purchased|sold|bought)\s+(?:after|before|since)\b", re.I)
# A table with start and end columns ("Serial Number Range Start Serial Number Range End"): adjacent cells
# "PA044936 PA147874" are a range.
_TABLE_RANGE = re.compile(r"\brange\s+start\b.*\brange\s+end\b|\bstart(?:ing)?\s+serial\b.*\bend(?:ing)?\s+serial\b"
                          r"|\bserial\s+(?:numbers?\s+)?start\b.*\bserial\s+(?:numbers?\s+)?end\b", re.I)
# Hyphenated cells of such a table ("CX 199-NG ICGFSW1-0199-230400064 ICGFSW1-0199-240300821"): the same head, then
# digits.
_PARTED_CELL = re.compile(r"(?<![\w/-])([A-Z0-9]+(?:-[A-Z0-9]+)*-)(\d{3,})(?![\w/-])")
# "Serial Number Range Model Year Prefix Min Max 2021 J2D 0000625 0000880 2022 J0D 0513701 0514498 J0E ...": a table
# of a serial prefix and the least and greatest number after it, each row a range of whole serials.
_PREFIX_MIN_MAX = re.compile(r"\bprefix\s+min(?:imum)?\s+max(?:imum)?\b", re.I)
_PREFIX_ROW = re.compile(r"(?<![\w/-])([A-Z][A-Z0-9]{1,3})\s+(\d{4,9})\s+(\d{4,9})(?![\w/-])")
_CELL = re.compile(r"(?<![\w/-])([A-Z]{0,4})(\d{3,})(?![\w/-])")


_ITEMS = re.compile(ITEM)


def extract_scope(texts: list[str], retail: list[str] | None = None, brands: list[str] = ()) -> dict:
    """Scope facts stated in the prose; lists are empty where the recall states nothing. A serial range carries the
    `model` (and/or `brand`, from `brands`) written before it in its sentence, when there is one."""
    sc: dict = {"serial_ranges": [], "serial_prefixes": [], "serials": [], "serial_length": None, "serial_chars": [],
                "date_code_ranges": [], "date_codes": [], "lot_codes": [], "windows": [], "exclusions": [],
                "colors": [], "where_to_look": [], "lookup_urls": [], "statements": [], "limited": False,
                "model_years": []}
    known = frozenset(_words(" ".join([texts[0] if texts else "", *brands])))  # the title's and brands' words
    for sent in (s for t in texts for s in sentences(t)):
        _scan_sentence(sc, sent, brands, known)
    _fill_formats(sc, " ".join(texts))
    if sc["date_codes"] and sc.pop("_closed", False) and not sc.pop("_open", False):
        sc["date_codes_closed"] = True  # every recalled date code is listed: another one is outside
    sc.pop("_closed", None), sc.pop("_open", None)
    for sent in (s for t in retail or [] for s in sentences(t)):
        sc["windows"] += _windows(sent, default="sold")
    sc["windows"] = list({json.dumps(w, sort_keys=True): w for w in sc["windows"]}.values())
    sc["model_years"] = list({json.dumps(y): y for y in sc["model_years"]}.values())
    for key in ("serial_prefixes", "serials", "date_codes", "lot_codes", "colors", "where_to_look",
                "lookup_urls", "statements"):
        sc[key] = list(dict.fromkeys(sc[key]))
    sc["limited"] = sc["limited"] or any(sc.get(k) for k in ("serial_ranges", "serial_prefixes", "serials",
                                                           "date_code_ranges", "date_codes", "lot_codes",
                                                           "serial_length", "serial_chars", "serial_parts",
                                                           "lot_ranges")) or any(
        not e.get("others") and not e.get("part") for e in sc["exclusions"])
    sc["manufacturer_check"] = bool(sc["lookup_urls"]) or bool(re.search(r"\bSN\s+code", " ".join(texts), re.I))
    return sc


# "rechargeable lights with model numbers starting with RE1122, RE1145, RE1362 and RE1250": each code is the head of
# every recalled model number (RE1122-BKR1-02LF0-G), however long the rest.
_MODEL_HEADS = re.compile(r"\bmodel\s+(?:numbers?|nos?\.?)\s+(?:that\s+)?(?:starting|beginning|starts?|begins?)\s+"
                          r"with\s+(?:the\s+(?:letters|numbers|characters)\s+)?(" + LIST + ")")


def _scan_sentence(sc: dict, sent: str, brands: list[str] = (), known: frozenset[str] = frozenset()) -> None:
    heads = [model_key(compact(i)) for m in _MODEL_HEADS.finditer(sent) for i in _ITEMS.findall(m.group(1))]
    if any(len(h) >= 4 for h in heads):
        sc["model_prefixes"] = list(dict.fromkeys([*sc.get("model_prefixes", []), *(h for h in heads if len(h) >= 4)]))
    serial, dated = bool(_SERIAL.search(sent)), bool(_DATE_CODE.search(sent))
    if serial or dated or re.search(_LOT, sent, re.I):
        sc["statements"].append(sent)
    if serial and not dated:
        _serial_rules(sc, sent, brands)
    elif serial:  # "a serial number beginning with a "W," and a date code of either ...": the prefix cue is its own
        sc["serial_prefixes"] += _prefixes(sent)
    rows = _DATE_ROW.findall(sent) if dated and _DATE_TABLE.search(sent) else []
    if rows:  # "Model/SKU # Description Date Codes 34692 LATITUDE 90 QT ROLLER 07/2020-09/2021 34785 ..."
        sc["date_code_ranges"] += [{"start": a, "end": b, "format": "MM/YYYY", "models": [m]} for m, a, b in rows]
    elif dated:
        fmt = _FORMAT.search(sent)
        sc["date_code_ranges"] += [{**r, "format": _format_name(fmt.group(1)) if fmt else _guess_format(r["start"])}
                                   for r in _ranges(sent)]
        codes = [i for i, _ in items_after(r"date\s+codes?(?:\s+of)?(?:\s+either)?", sent) if not _in_ranges(i, sc)]
        codes = [] if _EXAMPLE.search(sent) else codes  # "example date code of 4521" names no recalled code
        sc["date_codes"] += codes
        tied = {m.group(0) for m in _MODEL_SHAPED.finditer(sent)} - set(codes)
        if codes and len(tied) == 1:  # "Model E2037 ... has one of the following date codes (YYWW): 2318, 2319"
            sc.setdefault("date_codes_for", []).append({"model": tied.pop(), "codes": codes})
        sc["_open"] = sc.get("_open") or bool(codes and _OPEN_LIST.search(sent))
        sc["_closed"] = sc.get("_closed") or bool(_CLOSED_LIST.search(sent))
    _serial_chars(sc, sent)
    if _STYLES_LISTED.search(sent):
        sc["styles_listed"] = True
    for m in _ONLY_VERSION.finditer(sent):
        sc.setdefault("only_versions", []).append(m.group(1))
    for m in _ONLY_COLORS.finditer(sent):
        words = re.findall(r"[A-Za-z]+", m.group(1) or m.group(2))
        words = [w.lower() for w in words if w.lower() not in _NOT_COLOR]
        if words:  # "come in only one color: Sandstorm" names no color there
            sc.setdefault("only_colors", []).extend(words)
    for m in _PART_AT.finditer(sent):
        o = m.group(2).lower()
        pos = _ORDINALS.get(o) or int(re.sub(r"\D", "", o) or 0)
        codes = [c for c in re.findall(r"[A-Za-z0-9]+", m.group(1)) if c.lower() not in ("or", "and")]
        if pos > 0:
            sc.setdefault("serial_parts", []).append({"pos": pos, "codes": codes})
    years = model_years(sent)
    each = _PAREN_YEARS.findall(sent) if years else []
    if len(each) >= 2:  # "Electra Navigator Go! (Model years 2021 and 2022) and Electra Ace of Spades Go! e-bikes
        # (Model years 2018, 2021 and 2022)": each parenthesis holds for the name written before it
        sc["model_years"] += [{"years": sorted(set(model_years(f"model years {y}"))), "text": name}
                              for name, y in each]
    else:
        sc["model_years"] += [{"years": sorted(set(years)), "text": sent}] if years else []  # the text: which models
    sc["model_years"] += [] if years else model_year_rows(sent)
    sc["lot_codes"] += [i for i, _ in items_after(_LOT_LIST, sent) if len(compact(i)) >= 3]
    if re.search(_LOT, sent, re.I) and (found := lot_ranges(sent)):
        sc.setdefault("lot_ranges", []).extend(found)
    sc["windows"] += _windows(sent)
    sc["exclusions"] += _exclusion(sent)
    # an "only" clause limits units unless it names just the product, one version of it, or when it was bought
    only = any(not _identity_only(m.group(1), known) for m in _ONLY.finditer(sent)) and not (
        _ONLY_VERSION.search(sent) or _bought_limit(sent))
    sc["limited"] = sc["limited"] or bool(_LIMITED.search(sent) or _MADE_ON.search(sent)) or only or bool(
        re.search(_LOT, sent, re.I) and _CLOSED_LIST.search(sent))  # "have the following batch numbers 10 23, ..."
    if _WHERE.search(sent) and _WHAT.search(sent):
        sc["where_to_look"].append(sent)
    if _LOOKUP.search(sent):
        sc["lookup_urls"] += links(sent)
    sc["colors"] += [c for c in re.findall(r"\((\w+)\)", sent) if c.lower() in colors(c)]


def _serial_chars(sc: dict, sent: str) -> None:
    """Characters the recalled units have at one position of the serial number or VIN; several sentences about
    the same position add to its list ("the letter N in the 10th position", "the letter P in the 10th ...")."""
    if re.search(r"\bmodel\s+years?\b", sent, re.I):
        return  # "The 2022 model year recalled motorcycles have the letter N in the 10th position": how to read a year
    for pat, (c, more, o) in zip(_CHAR_AT, ((1, 2, 3), (2, 3, 1))):
        for m in pat.finditer(sent):
            chars = [m.group(c), *re.findall(r"[A-Z0-9]", m.group(more))]
            o = m.group(o).lower()
            pos = _ORDINALS.get(o) or int(re.sub(r"\D", "", o) or 0)
            if not pos:
                continue
            rule = next((r for r in sc["serial_chars"] if r["pos"] == pos), None)
            if rule is None:
                sc["serial_chars"].append({"pos": pos, "chars": []})
                rule = sc["serial_chars"][-1]
            rule["chars"] += [c for c in chars if c not in rule["chars"]]


_YEAR = r"(?:19|20)\d\d"
_YEAR_LIST = rf"{_YEAR}(?:\s*(?:,\s*(?:and\s+)?|and|or|&|to|through|thru|[-–—])\s*{_YEAR})*"
# "Model Year 2019 through 2023", "model years 2022, 2023, 2024 and 2025", "Model Year 2023-2024", "The 2022 model
# year recalled motorcycles": the model years the recalled units have.
_MODEL_YEARS = re.compile(rf"\bmodel\s+years?\s+(?:from\s+)?({_YEAR_LIST})(?![\d-])|(?<![\d-])({_YEAR_LIST})\s+model\s+"
                          rf"years?\b", re.I)


_PAREN_YEARS = re.compile(rf"([^()]{{3,120}}?)\s*\(\s*(?i:model\s+years?)\s+({_YEAR_LIST})\s*\)")


def model_years(sent: str) -> list[int]:
    """Every model year a sentence names, spans ("2016 to 2020") filled in."""
    out: list[int] = []
    for m in _MODEL_YEARS.finditer(sent):
        listed = m.group(1) or m.group(2)
        years = [int(y) for y in re.findall(_YEAR, listed)]
        joins = re.split(_YEAR, listed)[1:-1]
        out.append(years[0])
        for prev, year, join in zip(years, years[1:], joins):
            span = re.search(r"to|through|thru|[-–—]", join)
            out += list(range(prev + 1, year + 1)) if span and prev < year <= prev + 30 else [year]
    return out


# A lot table ("Size Item Number Lot Number 1.0 Quart Trigger Sprayer 85032 17290 J35 - 23320 K26 ... 83032 / 83032A
# 17348 L24 - 23297 J49"): lot ranges of a day-of-year code and a letter code, each for the item numbers before it.
_LOT_RANGE = re.compile(r"(?<![\w-])(\d{4,6}\s?[A-Z]\d{1,3})\s*[-–]\s*(\d{4,6}\s?[A-Z]\d{1,3})(?![\w-])")
_ITEM_NUMBER = re.compile(r"(?<![\w.-])\d{4,6}[A-Z]?(?![\w.-])")


def lot_ranges(sent: str) -> list[dict]:
    """Lot-code ranges in a sentence about lot numbers, each with the item numbers written since the previous one."""
    out, last = [], 0
    for m in _LOT_RANGE.finditer(sent):
        items = _ITEM_NUMBER.findall(sent[last:m.start()])
        out.append({"start": m.group(1), "end": m.group(2), **({"models": items} if items else {})})
        last = m.end()
    return out


# A table with a model column, then one "Model Year" column ("Brand Name Model Name Model Year Electra Townie Rental 1 Step Thru 2026 Trek
# Precaliber 16 2024 and 2026 ..."): each row is its words up to the year cell.
_YEAR_TABLE = re.compile(r"\bModel(?: Name)? Model Year\b")  # the model column before the year column
_YEAR_ROW = re.compile(rf"\s*(.+?)\s+({_YEAR_LIST})(?=\s|$)")


def model_year_rows(sent: str) -> list[dict]:
    """The model years of each row of a table with a "Model Year" column, with the row's text (its model)."""
    head = _YEAR_TABLE.search(sent)
    if not head or len(re.findall(r"\bModel Year\b", sent)) > 1:  # columns side by side: rows can't be told
        return []
    out = []
    for m in _YEAR_ROW.finditer(sent, head.end()):
        years = [int(y) for y in re.findall(_YEAR, m.group(2))]
        if re.search(r"[A-Za-z]", m.group(1)) and not re.search(r"to|through|thru|[-–—]", m.group(2)):
            out.append({"years": sorted(set(years)), "text": m.group(1).strip()})
    return out


def _words(text: str) -> list[str]:
    """Lower-case words, possessive and plural s dropped ("Yamaha's" -> yamaha, "Helmets" -> helmet)."""
    out = []
    for w in re.findall(r"[a-z0-9][a-z0-9'’-]*", (text or "").lower()):
        w = re.sub(r"['’]s?$", "", w)
        out.append(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w)
    return out


def _identity_only(clause: str, known: frozenset[str]) -> bool:
    """The words of an "only" clause name the product itself, not some of its units."""
    cued = bool(_ID_CUE.search(clause))
    for w in _words(clause):
        if w in _IDENTITY_WORDS or w in known or (w + "s") in _IDENTITY_WORDS:
            continue
        if cued and any(c.isdigit() for c in w):
            continue
        return False
    return True


_OTHERS = re.compile(r"\b(?:[Aa]ll\s+)?[Oo]ther\s+(?:\w+\s+){0,2}?(?:units|models|versions|styles|sizes|products|items)\b")


_PART = re.compile(r"\s*(?:The|These|This|Its)\s+([\w' -]{3,60}?)\s+(?:is|are)\s+not\s+(?:included|part\s+of|being\s+"
                   r"recalled|recalled|subject\s+to)\b")


# "Certain translucent red and yellow and metallic-colored red rods also are not included": excluded colors of a
# finish; a member's red rod is excluded only when it is of that finish.
_FINISH = re.compile(r"\b(translucent|transparent|metallic|glitter|sparkly|neon|pearl|pearlescent|frosted|"
                     r"iridescent|fluorescent)\b", re.I)


def _exclusion(sent: str) -> list[dict]:
    """A "not included" sentence that names excluded units, a color or a code ("Assembled models ... are not subject
    to this recall"); one that names none ("not part of that model designation", "healthy immune systems are
    usually not affected", "outdoor tables, which are not subject") limits nothing."""
    m = _EXCLUDED.search(sent)
    if not m:
        return []
    codes = [c.group(0) for c in re.finditer(ITEM, sent) if len(c.group(0)) > 2]
    found = _excluded_colors(sent, m)
    units = re.search(r"\b(?:units|models|versions|styles|sizes|vehicles|products|items)\b", sent[:m.start()], re.I)
    part = _PART.match(sent)
    if part and not (found or codes or units):
        # "The box of DUPLO bricks is not included in this recall": a part sold with the product; limits nothing else
        return [{"text": sent, "colors": [], "codes": [], "part": part.group(1)}]
    if units and not (found or codes) and _OTHERS.search(sent[:m.start()]):
        # "Other styles of sketchbooks ... are not included": the listed ones are the recall, the rest is not
        return [{"text": sent, "colors": [], "codes": [], "others": True}]
    finish = sorted({f.lower() for f in _FINISH.findall(sent[:m.start()])}) if found else []
    return [{"text": sent, "colors": found, "codes": codes, **({"finishes": finish} if finish else {})}] \
        if found or codes or units else []


def _excluded_colors(sent: str, cue: re.Match) -> list[str]:
    """Colors of the excluded units: in the clause after the cue ("not included, including blue, purple"), else in
    the clause just before it ("Model XK-250 in red is not included"); never the recalled unit's own colors."""
    after = colors(sent[cue.end():])
    if after:
        return after
    return colors(re.split(r"[,;(]|\b(?:that|which|with|but|while|whereas)\b", sent[:cue.start()])[-1])


def _serial_rules(sc: dict, sent: str, brands: list[str] = ()) -> None:
    ranges = _tied(sorted(_ranges_at(sent) + _table_ranges(sent), key=lambda f: f[1]), sent, brands)
    dates = [r for r in ranges if _dated_range(r, sent)]  # "manufacturing dates ... 20201101 through 20211231"
    ranges = [r for r in ranges if r not in dates]
    sc["date_code_ranges"] += [{"start": r["start"], "end": r["end"], "format": "YYYYMMDD"} for r in dates]
    sc["serial_ranges"] += ranges
    below = _prefix_ranges(sent)
    prefixes = [p for p in _prefixes(sent) if p not in {b["prefix"] for b in below}]  # "142AA" is now a range
    sc["serial_ranges"] += below
    sc["serial_prefixes"] += prefixes
    for m in _LENGTH.finditer(sent):
        sc["serial_length"] = int(m.group(1) or m.group(2))
    if not ranges and not prefixes and not below and not re.search(r"\bexamples?\b", sent, re.I):
        # (never from "Model (Serial Prefix) Example Serial Numbers CXC-02 (FC32) FC32210900001 ...": examples)
        sc["serials"] += [i for i, _ in items_after(_SERIAL_CUE, sent) if len(compact(i)) >= 4]


def _dated_range(r: dict, sent: str) -> bool:
    """Both ends are YYYYMMDD dates and the sentence talks of dates: a date window, not serial numbers."""
    ymd = r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    return bool(re.search(r"\bdates?\b", sent, re.I)) and all(re.fullmatch(ymd, r[k]) for k in ("start", "end"))


def _prefixes(sent: str) -> list[str]:
    """Every prefix listed after "serial numbers begin(ning) with": "J0D, J0E, and J2D", "B1, B2 or B3",
    "the letter "T"", "S46012302xxxxxx S46012303xxxxxx" (the x's dropped); never an article or "S/N"."""
    out = []
    for m in _PREFIX_CUE.finditer(sent):
        if re.search(r"\b(?:Begin|Start)\w*\s+With$", m.group(0)):
            continue  # a table header ("Serial Number Begins With 10 L Pink PH11887 2024"): cells, not a list
        at = _PREFIX_FILLER.match(sent, m.end()).end()
        while (item := _PREFIX_ITEM.match(sent, at)) and _prefix_like(item.group(1)):
            out.append(re.sub(r"(?<=\d)[xX]{2,}$", "", item.group(1)))
            at = _PREFIX_SEP.match(sent, item.end()).end() if _PREFIX_SEP.match(sent, item.end()) else len(sent)
    return out


def _prefix_ranges(sent: str) -> list[dict]:
    """ "starting with "142AA" followed by numbers that fall below "0062239"" -> 142AA0000000 to 142AA0062238."""
    out = []
    for m in _PREFIX_BELOW.finditer(sent):
        head, bound = m.group(1), m.group(3)
        last = int(bound) - (1 if m.group(2).lower() in ("below", "under", "less than") else 0)
        if last >= 0:
            out.append({"prefix": head, "start": head + "0" * len(bound), "end": head + str(last).zfill(len(bound))})
    return out


def _prefix_like(item: str) -> bool:
    code = re.sub(r"(?<=\d)[xX]{2,}$", "", item)
    return len(code) <= 12 and (bool(re.search(r"\d", code)) or bool(re.fullmatch(r"[A-Z]{1,4}", code)))


def _ranges(sent: str) -> list[dict]:
    return [r for r, _, _ in _ranges_at(sent)]


def _ranges_at(sent: str) -> list[tuple[dict, int, int]]:
    """Ranges in a sentence with the offsets where each starts and ends, in order."""
    out = []
    for m in _RANGE.finditer(sent):
        if m.group(3) and not (m.group(1) or "").lower().startswith("between"):
            continue  # "X and Y" lists two codes; only "between X and Y" is a range
        out.append((m.group(2), m.group(4), m.start(2), m.end(4)))
    out += [(m.group(1), m.group(2), m.start(), m.end()) for m in _GLUED_RANGE.finditer(sent)]
    years = bool(re.search(r"\bmodel\s+years?\b", sent, re.I))  # "model year 2020 through 2025" is no serial range
    found = [({"start": a.strip(), "end": b.strip()}, i, j) for a, b, i, j in out
             if _plausible_range(a, b) and not (years and all(re.fullmatch(r"(?:19|20)\d\d", x) for x in (a, b)))]
    return sorted(found, key=lambda f: f[1])


def _table_ranges(sent: str) -> list[tuple[dict, int, int]]:
    """Adjacent cells of a start/end table with the same letters and length, the start not after the end; the rows
    of a prefix / min / max table."""
    header = _PREFIX_MIN_MAX.search(sent)
    if header:
        out = []
        for m in _PREFIX_ROW.finditer(sent, header.end()):
            width = max(len(m.group(2)), len(m.group(3)))  # "J0E 601049 0701289": the start without its 0
            low, high = m.group(2).zfill(width), m.group(3).zfill(width)
            if low <= high:
                out.append(({"start": m.group(1) + low, "end": m.group(1) + high, "prefix": m.group(1)}, m.start(),
                            m.end()))
        return out
    if not _TABLE_RANGE.search(sent):
        return []
    # hyphenated cells ("ICGFSW1-0199-230400064 ICGFSW1-0199-240300821") first, else head letters and digits
    return _cell_pairs(sent, list(_PARTED_CELL.finditer(sent))) or _cell_pairs(sent, list(_CELL.finditer(sent)))


def _cell_pairs(sent: str, cells: list[re.Match]) -> list[tuple[dict, int, int]]:
    """Cells two by two, a row's start and end (never the end of one row and the start of the next): adjacent, the
    same head and length, the start not after the end."""
    out, i = [], 0
    while i + 1 < len(cells):
        a, b = cells[i], cells[i + 1]
        if (not sent[a.end():b.start()].strip() and a.group(1) == b.group(1)
                and len(a.group(2)) == len(b.group(2)) and a.group(2) <= b.group(2)):
            out.append(({"start": a.group(0), "end": b.group(0)}, a.start(), b.end()))
            i += 2
        else:
            i += 1
    return out


def _tied(found: list[tuple[dict, int, int]], sent: str, brands: list[str]) -> list[dict]:
    """Each range with the model and brand written between the previous range and it ("(model U021AA00, serial
    numbers 17L... to 20F...)", a table row "FCRE3052BW VF346... thru VF346..."); a range with neither between it
    and the previous one belongs to the previous one's item."""
    out, last, tie = [], 0, {}
    for r, i, j in found:
        span = sent[last:i]
        model = [m.group(0) for m in _MODEL_SHAPED.finditer(span)]
        brand = [b for b in brands if re.search(rf"(?<![\w-]){re.escape(b)}(?![\w-])", span, re.I)]
        if model or brand:
            tie = {"model": model[-1]} if model else {}
            if brand:
                tie["brand"] = max(brand, key=lambda b: span.lower().rfind(b.lower()))
        out.append({**r, **tie})
        last = j
    return out


def _plausible_range(a: str, b: str) -> bool:
    ca, cb = compact(a), compact(b)
    if not (any(c.isdigit() for c in ca) and any(c.isdigit() for c in cb)) or len(ca) < 3:
        return False
    if ca.isdigit() and cb.isdigit():
        return len(ca) == len(cb) or int(ca) < int(cb)
    return len(ca) == len(cb) and ca[0].isdigit() == cb[0].isdigit()


def _in_ranges(item: str, sc: dict) -> bool:
    return any(compact(item) in (compact(r["start"]), compact(r["end"])) for r in sc["date_code_ranges"])


def _fill_formats(sc: dict, joined: str) -> None:
    """A format stated in another sentence ("in YYMM format", "day of the year") applies to ranges lacking one."""
    stated = [m.group(1) for m in _FORMAT.finditer(joined)]
    if re.search(r"day\s+of\s+the\s+year", joined, re.I):
        stated.append("DDDYY")
    for r in sc["date_code_ranges"]:
        if r["format"] is None:
            n = len(compact(r["start"]))
            r["format"] = next((f for f in stated if len(re.sub(r"[^A-Z]", "", f)) == n), None)


def _format_name(stated: str) -> str:
    return {"MONTHYEAR": "MMYY"}.get(stated, stated)


def _guess_format(code: str) -> str | None:
    if re.fullmatch(r"\d{1,2}/\d{4}", code):
        return "MM/YYYY"
    if re.fullmatch(r"\d{4}-\d{2}", code):
        return "YYYY-MM"
    return None


def _windows(sent: str, default: str | None = None) -> list[dict]:
    """Sale and manufacture windows: "manufactured between April 2023 and May 2024", "Sold at: ... from April 2008
    through November 2008", "sold from January 1990 to present", "from 2018 through July 2025"; in a retail field
    (default "sold") every span is a sale window. A span followed by "for the BP125 and BatPak2F ..." holds only for those models
    ("from June 2024 to January 2025 for the BP125 ... and from August 2024 to January 2025 for the BatPak3F")."""
    out, last = [], 0
    sent = _DAY_SPAN.sub(r"\1 \2 \3, \6 \4 \5, \6", sent)  # "November 14 through November 15, 2024": both years
    excluded = bool(_EXCLUDED.search(sent))  # "Mowers manufactured after March 2024 ... are not affected"
    for m in _SPAN.finditer(sent) if not excluded else ():
        verb = _VERB.findall(sent[last:m.start()]) or _VERB.findall(sent[:m.start()])
        last = m.end()
        if not verb and not default:
            continue
        what = default or ("sold" if verb[-1].lower() in ("sold", "purchased") else "manufactured")
        w = {"what": what, "start": _month(m.group(1)), "end": _month(m.group(2), end=True)}
        if what == "manufactured" and not _MADE_BEFORE.search(sent[:m.start()]):
            w["verb_apart"] = True  # "made in China and distributed from ...": maybe no manufacture window at all
        tie = _FOR_MODELS.match(sent, m.end())
        models = [t for t in _TIED_MODEL.findall(tie.group(1))] if tie else []
        named = _FOR_NAMES.match(sent, m.end())  # "from July 2007 through November 2007 (lock and key necklaces)"
        out.append({**w, **({"models": models} if models else {}), **({"names": named.group(1)} if named else {})})
    if default and not out:  # a retail field: "dealers nationwide June 2025 through July 2025", "Amazon.com in July 2025"
        for m in _BARE_SPAN.finditer(sent):
            out.append({"what": default, "start": _month(m.group(1)), "end": _month(m.group(2), end=True)})
        for m in _IN_MONTH.finditer(sent) if not out else ():  # "beginning in September 2019": no end
            out.append({"what": default, "start": month_year(m.group(2)),
                        "end": None if m.group(1) else month_year(m.group(2))})
    for m in _SEASON.finditer(sent) if not (excluded or out) else ():  # "sold ... during the summer of 1976"
        verb = _VERB.findall(sent[:m.start()])
        if verb or default:
            first, last = _SEASONS[m.group(1).lower()]
            year = int(m.group(2))
            out.append({"what": default or ("sold" if verb[-1].lower() in ("sold", "purchased") else "manufactured"),
                        "start": f"{year - (first > last)}-{first:02d}", "end": f"{year}-{last:02d}"})
    for m in _MADE_ON.finditer(sent) if not (excluded or _STANDARD.search(sent)) else ():
        day = re.search(r"(\d{1,2}),", m.group(1))
        made = month_year(m.group(1))
        out.append({"what": "manufactured", "start": made, "end": made,
                    **({"start_day": int(day.group(1)), "end_day": int(day.group(1))} if day else {})})
    for pat, what in ((_OPEN, "manufactured"), (_OPEN_BOUGHT, "sold")):
        for m in pat.finditer(sent) if not _STANDARD.search(sent) and (what != "sold" or _bought_limit(sent)) else ():
            edge = "start" if ("after" in m.group(2).lower()) != excluded else "end"
            day = re.search(r"(\d{1,2}),", m.group(3))
            out.append({"what": what, edge: month_year(m.group(3)), **({f"{edge}_day": int(day.group(1))}
                                                                       if day else {}),
                        **({"limit": True} if what == "sold" else {})})  # holds with every other sale window
    return out


_DATE = rf"{MONTH_RE}\s+(?:\d{{1,2}},\s*)?\d{{4}}|(?:19|20)\d\d"
_SPAN = re.compile(rf"\b(?:between|from)\s+({_DATE})\s*(?:and|through|thru|to|until|[-–—])\s*"
                   rf"({_DATE}|(?:the\s+)?present|now)(?![\w/-])", re.I)
_DAY_SPAN = re.compile(rf"\b(between|from)\s+({MONTH_RE})\s+(\d{{1,2}})\s*(and|through|thru|to|until|[-–—])\s*"
                       rf"({MONTH_RE}\s+\d{{1,2}}),\s*((?:19|20)\d\d)\b", re.I)
_BARE_SPAN = re.compile(rf"\b({MONTH_RE}\s+\d{{4}})\s*(?:through|thru|to|until|[-–—])\s*({MONTH_RE}\s+\d{{4}}|"
                        rf"(?:the\s+)?present|now)(?![\w/-])", re.I)
# "The carriers were sold nationally ... during the summer of 1976": the season's months (winter: December before).
_SEASON = re.compile(r"\b(?:during|in|over)\s+the\s+(spring|summer|fall|autumn|winter)\s+(?:season\s+)?(?:of\s+)?"
                     r"((?:19|20)\d\d)\b", re.I)
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
_IN_MONTH = re.compile(rf"\b(beginning\s+|starting\s+)?(?:in|during)\s+({MONTH_RE}\s+\d{{4}})\b", re.I)
# The last of these before a span says what it is ("Sold at:", "were sold by ... dealers ... from"); a span with no
# verb before it in a description sentence is no window ("from 2 to 5 years" never matches: years are 4 digits).
_VERB = re.compile(r"\b(manufactured|produced|made|sold|purchased)\b", re.I)
# "manufactured between", "were produced in Vietnam from": the verb right before the span (a few words between, no
# "and" or "or": never "made in China and distributed from January 2020 through March 2021").
_MADE_BEFORE = re.compile(r"\b(?:manufactured|produced|made)(?:\s+(?!(?:and|or|but|then)\b)[\w'-]+){0,3}?\s*$", re.I)
_FOR_MODELS = re.compile(r"\s+for\s+(?:the\s+)?((?:(?!\bfor\s+(?:about|between|up|approximately|\$)|\bfrom\b)"
                         r"[^.;$])*)", re.I)
_FOR_NAMES = re.compile(r"\s*\(([A-Za-z][A-Za-z ,&'-]{2,100})\)")
_TIED_MODEL = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9][\w-]*[A-Za-z0-9](?![\w-])")
# "Sling carriers manufactured after January 30, 2018 are subject to the mandatory federal safety standard": when a
# rule applies, not which units are recalled.
_STANDARD = re.compile(r"\b(?:standards?|regulations?|rules?)\b", re.I)
def _open_window(verbs: str) -> re.Pattern:
    """A window open at one end after one of the verbs: (verb, edge words, month and maybe day, year)."""
    return re.compile(rf"\b({verbs})\s+(?:\w+\s+){{0,2}}?(on\s+or\s+after|after|on\s+or\s+before|before|prior\s+to)"
                      rf"\s+({MONTH_RE}\s+(?:\d{{1,2}},\s*)?\d{{4}})", re.I)


# "manufactured on or after August 15, 2022", "made before September 2021": a window open at one end.
_OPEN = _open_window("manufactured|produced|made")
# "Only portable loungers purchased on or after June 23, 2022, are included": a sale window open at one end, to the day.
_OPEN_BOUGHT = _open_window("purchased|bought")


def _bought_limit(sent: str) -> bool:
    """An "only" sentence whose one limit is when the units were bought ("Only adult portable bed rails purchased on or
    after August 21, 2023 are affected"); not one that names another condition either way ("manufactured on or
    after June 23, 2022, and/or purchased on or after ...", "purchased after December 2020 or with one of the
    following date codes") or a purchase date of units some other recall covered ("previously recalled units of
    model LVA1024 purchased after August 21, 2023")."""
    return bool(_ONLY.search(sent) and _OPEN_BOUGHT.search(sent) and not re.search(r"\band/or\b|\bor\s+with\b", sent)
                and not re.search(r"\bpreviously\b", sent, re.I))


# "batteries manufactured on April 21, 2024", "the manufacture date of August 2025 (is molded ...)": the recalled
# units were made in that one month (or on that day); other dates are outside.
_MADE_ON = re.compile(rf"\b(?:(?:manufactured|produced|made)\s+(?:on|in|during)|(?:manufacture|manufacturing|production)"
                      rf"\s+date\s+(?:of|is))\s+({MONTH_RE}\s+(?:\d{{1,2}},\s*)?\d{{4}})", re.I)


def _month(text: str, end: bool = False) -> str | None:
    """'July 2025' -> '2025-07'; a bare year -> its first (or, as an end, last) month; 'present' -> None."""
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return f"{text}-{'12' if end else '01'}"
    return month_year(text)
