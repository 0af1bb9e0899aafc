"""Model-number tokens, brands and UPCs from recall prose. Pure: values in, values out."""
from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.normalize import BRAND_ALIASES, brand_key, model_key, upc_key
from tracker.recalls.text import ITEM, LIST, items_after, sentences

MODEL_CUE = (r"models?(?:\s+(?:numbers?|nos?\.?|#|names?(?:\s+and\s+numbers?)?))?|item\s+(?:numbers?|nos?\.?|#)"
             r"|skus?(?:\s+numbers?)?|catalog\s+(?:numbers?|nos?\.?)|style\s+(?:numbers?|nos?\.?|#)"
             r"|part\s+(?:numbers?|nos?\.?)|product\s+(?:numbers?|codes?)|article\s+numbers?|ref(?:erence)?\s+#")
# Upper-case letter+digit tokens on word boundaries ("A3102", "BS-30KP365", "HI1318_13", "LXT-CL-1.0" with its
# decimal); never inside a longer word, never cut off at a decimal point ("LXT-CL-1" from "LXT-CL-1.0").
_TOKEN = re.compile(r"(?<![\w.-])(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9_-]*[A-Z0-9](?:\.\d+)*"
                    r"(?![\w-]|\.\w)")
_UNIT = re.compile(r"^\d+(?:[.,]\d+)?-?(?:W|KW|V|VDC|VAC|MAH|AH|WH|MM|CM|M|IN|FT|OZ|LB|LBS|QT|GB|TB|HZ|KG|G|ML|L|"
                   r"PC|PCS|PK|X|XL|XXL|XXXL|T|MPH|A|D|K|P|TH|ST|ND|RD|S|PSI|CC|HP|BTU|GAL|AWG|C|F)$")
_STANDARD_BEFORE = re.compile(r"(?:ASTM|ANSI|UL|CFR|ISO|EN|IEC|CSA|FMVSS|Part)\s*$")
_PLACEHOLDER = re.compile(r"(?:[0-9-]|XX+|YY+|MM+|DD+|WW+)+")  # "20XX", "YY-58" in "formatted as 20XX YY-58"
_SIZE_RANGE = re.compile(r"\d{1,2}-\d{1,2}(?:T|M|Y|YRS?)")  # "4-5T", "3-6M": a size, not a model
_MODEL_YEAR = re.compile(r"MY(?:19|20)\d\d")  # "MY2022" in a caption is a model year, not a model
# After a model cue, upper-case codes may have no digit or carry a "+" option ("OM-KSKB", "MPISU+BFL", "MPISU+1").
_CAPS = r"(?=[A-Z0-9+-]*[A-Z])[A-Z0-9][A-Z0-9+-]*[A-Z0-9](?![\w+-]|\.\w)"
_CUED_CAPS = re.compile(rf"(?i:\b(?:{MODEL_CUE})\b)\s*(?:(?:are|is|include|includes)\s+)?[\s:#]*"
                        rf"({_CAPS}(?:\s*,\s*(?:and\s+|or\s+)?{_CAPS}|\s+(?:and|or)\s+{_CAPS})*)")
_CUED_HEAD = re.compile(r"\b(?i:model)\s+([A-Z]{2,4})\s+(\d[A-Z0-9-]*[A-Z0-9])(?![\w-])")
# "Models 2351 through 2354", "model numbers AB100 to AB104": every code of a short numbered run.
_CUED_RUN = re.compile(r"\b(?i:models?(?:\s+(?:numbers?|nos?\.?))?|style\s+(?:numbers?|nos?\.?))\s+([A-Z]{0,4})(\d{2,8})\s+"
                       r"(?i:through|thru|to)\s+([A-Z]{0,4})(\d{2,8})(?![\w-])")
_NUMBERS_LIST = re.compile(rf"\b(?i:following)\s+(?:[\w-]+\s+){{0,2}}?(?i:numbers)\b[^:.]{{0,80}}:\s*({LIST})")
_OTHER_CODES = re.compile(r"\b(?:serial|lot|batch|date|heat|VIN)\b", re.I)
_FCC_ID = re.compile(r"\bFCC\s+ID[:#\s]*([A-Z0-9]{3}|[A-Z0-9]{5})-([A-Z0-9][A-Z0-9-]*[A-Z0-9])\b")
# A table with a SKU/item/part/style column: its digit-only codes ("SKU Product Name ... 7094740 Youth Soquel ...").
_TABLE_CUE = re.compile(r"\b(?:SKU|(?:item|part|style|catalog)\s+(?:number|no\.?|#))", re.I)
_DIGIT_CODE = re.compile(r"(?<![\w./-])\d{6,10}(?![\w/-]|\.\d)")
_HEADER_WORDS = {"SERIAL", "NUMBER", "NUMBERS", "NAME", "DESCRIPTION", "COLOR", "COLOUR", "SIZE", "DATE", "CODE",
                 "TYPE", "STYLE", "ITEM", "PRODUCT", "MODEL", "UNITS", "RANGE", "BRAND", "RETAILER", "YEAR"}
_CUE_WORDS = {"SKU", "SKUS", "UPC", "NO", "NOS", "LOT", "REF", "ART", "PART", "CAT"}
_STOP_TOKENS = {"COVID-19", "N95", "KN95", "USB-C", "USB-A", "4K", "3D", "2D", "LED", "CO2", "H2O", "A19"}
_EXCLUDED_SENTENCE = re.compile(r"\bnot\s+(?:included|part\s+of|affected|being\s+recalled|recalled|subject\s+to|"
                                r"covered|involved|impacted)\b|\bexcluded\b|\bexcept\b", re.I)
_FIRM_TITLE = re.compile(r"^(.+?)\s+(?:Recalls|Expands\s+Recall|Announces\s+Recall|Reannounces\s+Recall)\b")
_BY_FIRM = re.compile(r"\b(?:Sold|Distributed|Imported|Manufactured)\b[^;]*?\bby\s+([A-Z][^;(]{1,80}?)\s*(?:\(|;|$)")
_BRANDED = re.compile(r"\b([A-Z][A-Za-z'&.]*(?:\s+[A-Z][A-Za-z'&.]*)?)(?:-|\s+)brand(?:ed)?\b")
_MARKED = re.compile(r"(?<![\w-])([A-Z][\w'&.-]*[A-Za-z])\s?[®™]")
_MARKED_PAIR = re.compile(r"(?<![\w-])([A-Z][a-z]+) ([A-Z][\w'&.-]*[A-Za-z])\s?[®™]")  # "Leisure Ways®"
# "sold under Nautica or House & Garden brands", "sold under the Hearth & Hand brand", "sold under two different
# brands: Adams RealComfort and StyleWell": the brands named there.
_BRAND_NAME = r"[A-Z][\w'-]*(?:\s+(?:&\s+)?[A-Z][\w'-]*)*"
_BRAND_LIST = rf"{_BRAND_NAME}(?:\s*,\s*(?:and\s+|or\s+)?{_BRAND_NAME}|\s+(?:and|or)\s+{_BRAND_NAME})*"
_SOLD_UNDER = re.compile(rf"\bsold\s+under\s+(?:the\s+)?({_BRAND_LIST})\s+brands?\b|\bsold\s+under\s+(?:\w+\s+){{0,2}}"
                         rf"brands?\s*:\s*({_BRAND_LIST})")
# 'Bearlala baby loungers, advertised under the brand "Granlass."': the brand a seller listed the product under.
_UNDER_BRAND = re.compile(r"\b(?:sold|advertised|marketed|listed|offered)\s+(?:online\s+)?under\s+the\s+(?:brand|name|"
                          r"brand\s+name)\s+[\"“]([A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,2}?)[.,]?[\"”]")
# 'a white hang card with "GeoJewelry" printed on the front': a quoted brand-shaped word (inner capital) printed on
# the product or its packaging.
_QUOTED_SHAPED = re.compile(r"[\"“]([A-Z][a-z]+[A-Z][A-Za-z]*)[.,]?[\"”]\s+(?:is\s+|are\s+|was\s+)?(?:im)?printed\b")
_INVOLVES = re.compile(r"\bThis recall (?:only )?involves (?:the |all |certain )?")
_BRAND_SHAPED = re.compile(r"[A-Z][a-z]+[A-Z]\w*|[A-Z]{3,}")  # "HolaBelle", "NFH": no plain word ("Black", "Crate")
# '"KRISS VECTOR" and ".45 ACP" printed on the sides': a quoted upper-case name printed on the product.
_QUOTED_PRINTED = re.compile(r"[\"“]([A-Z][A-Z&'.-]+(?: [A-Z][A-Z&'.-]+){0,2})[,.]?[\"”](?:[^.]|\.(?=\S)){0,80}?\b(?:(?:im)?printed|"
                             r"displayed|embossed|molded|stamped)\b")
# "(800) 638-2772CPSC Media Contact" in old releases: a phone number glued to the next word is no model.
_PHONE = re.compile(r"\(\d{3}\)\s?\d{3}[-. ]\d{4}")
# "The Green Tones logo is stamped on the back": the name of a logo printed on the product.
_LOGO = re.compile(r"\b[Tt]he\s+([A-Z][\w'&.-]*(?:\s+(?:&\s+)?[A-Z][\w'&.-]*){0,2})\s+logo\b")
# 'This recall involves the Calipso "Combi" and Tiller & Rowe "Growing Table-Mini Greenhouse ..." products': the
# capitalized words right before a quoted product name in the sentence that defines the recall.
_BEFORE_QUOTED = re.compile(r"(?<![\w&'-])([A-Z][\w'.-]*(?:\s+(?:&\s+)?[A-Z][\w'.-]*){0,2})\s+[\"“][^\"”]{2,80}[\"”]")
_SPACED = re.compile(r"(?<![\w-])([A-Z]{2,4}) (\d{3,5})(?![\w-])")
# "Washington, DC 20207", "Culver City, CA 90232": a state and ZIP code after a city, not a model.
_ZIP = re.compile(r",\s*$")
_SPACED_STOP = {"UL", "ASTM", "CFR", "ISO", "FM", "EN", "AM", "PM", "US", "NO", "PT", "ET", "CT", "MT", "CPSC", "FDA",
                "USA", "DOT", "ANSI", "IEC", "CSA", "CE", "SKU", "UPC", "LOT", "TO", "OF", "AND"}
_NOT_BRAND = {"model", "models", "item", "style", "styles", "the", "this", "these", "sku", "upc", "named", "called",
              "labeled", "marked", "printed"}
_LEAD_STOP = {"certain", "children's", "child", "baby", "youth", "adult", "women's", "men's", "portable", "electric",
              "cordless", "gas", "battery", "lithium-ion", "toddler", "infant", "kids", "kids'", "glass", "metal",
              "wooden", "plastic", "wood", "the", "a", "an", "model", "various", "all", "dressers", "clothing",
              "magnetic", "heated", "digital", "hooded", "bicycle", "bike", "ride-on", "toy", "toys", "select",
              "additional", "recalled", "smart", "rechargeable", "outdoor", "indoor", "ceiling", "wall", "floor",
              "multi-purpose", "pet", "dog", "cat", "power", "space", "air", "water", "high", "mini", "large", "small",
              "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "new", "recall",
              "violation", "violates", "sold", "exclusively", "on", "by", "and", "of", "to", "due", "in", "at", "for",
              # title words that are no brand ("Recalls Thermal Laminators", "Recalls More Than ...")
              "thermal", "dual", "more", "personal", "mobile", "original", "bottles", "engines", "detachable",
              "sliding", "built-in", "builtin", "above-ground", "aboveground", "blister", "about", "nearly", "over",
              "approximately", "million", "thousands", "commercial", "residential", "automatic", "manual", "wireless",
              "replacement", "protective", "adjustable", "folding", "foldable", "inflatable", "weighted", "sleep",
              "evaporator", "lawnmowers", "lawnmower", "golf", "leaf", "pressure"}
# '"RN158973"' or '"RN# 136762"' and '"CA07099"' on a garment's side-seam label: the maker's registered
# identification numbers (US RN, Canadian CA), the same on everything the firm makes, not a model. Only in a sentence
# about the label ("model number CA12345", "models RN10250 and RN10251" are models).
_LABEL_ID = re.compile(r"(?<![\w-])(?:RN\s*#?\s*\d{5,6}|CA\s*#?\s*\d{5})(?![\w-])")
_LABEL_CONTEXT = re.compile(r"\bRN\s*#|\bRN\s*/\s*CA\b|\bCA\s*#|\blabel(?:s|ed)?\b|\bside[\s-]+seams?\b|\btags?\b|"
                            r"\bsewn[\s-]+in\b|\bregistered\s+identification\b|\bRN\s+(?:numbers?|nos?\.?)", re.I)
_NAME_CLEAN = re.compile(r",?\s+(?:of|from)\s+[A-Z][\w .,'-]*$|,\s*$")


@dataclass(frozen=True)
class ModelToken:
    text: str  # as printed
    key: str  # normalize.model_key(text)
    cued: bool  # named right after "model", "SKU", "item number"...
    excluded: bool = False  # named only in a "not included" sentence


def model_tokens(texts: list[str], stated: list[str], not_models: set[str]) -> list[ModelToken]:
    """Model numbers from all text fields: stated `Model` values, cued lists, and letter+digit tokens."""
    found: dict[str, ModelToken] = {}
    named: set[str] = set()
    excluded: set[str] = set()
    for value in stated:
        if _add(found, value, True):
            named.add(model_key(value))
    for text in texts:
        for sent in sentences(text):
            plain = _PHONE.sub(" ", sent)
            if _LABEL_CONTEXT.search(plain):
                plain = _LABEL_ID.sub(" ", plain)
            keys = _sentence_models(found, plain, not_models)
            (excluded if _EXCLUDED_SENTENCE.search(sent) else named).update(keys)
    return [ModelToken(t.text, t.key, t.cued, t.key in excluded and t.key not in named) for t in found.values()]


def _sentence_models(found: dict[str, ModelToken], sent: str, not_models: set[str]) -> set[str]:
    keys = set()
    for item, _ in items_after(MODEL_CUE, sent):
        if model_key(item) not in not_models and _add(found, item, True, short_ok=True):
            keys.add(model_key(item))
    for m in _CUED_RUN.finditer(sent):
        head, first, last = m.group(1), int(m.group(2)), int(m.group(4))
        if head == m.group(3) and len(m.group(2)) == len(m.group(4)) and 0 < last - first <= 50:
            for n in range(first, last + 1):
                code = f"{head}{n:0{len(m.group(2))}d}"
                if model_key(code) not in not_models and _add(found, code, True):
                    keys.add(model_key(code))
    for m in _CUED_HEAD.finditer(sent):  # "Model SHR 40-RED-M": a letters-only head printed before the code
        if _add(found, f"{m.group(1)} {m.group(2)}", True):
            keys.add(model_key(m.group(1) + m.group(2)))
    for m in _NUMBERS_LIST.finditer(sent) if not _OTHER_CODES.search(sent) else ():
        # "have one of the following five-digit numbers, found on ...: 31056, ..." (not lot, serial or date codes)
        for it in re.finditer(ITEM, m.group(1)):
            if model_key(it.group(0)) not in not_models and _add(found, it.group(0), True):
                keys.add(model_key(it.group(0)))
    for item in _extra_codes(sent):
        if model_key(item) not in not_models and _add(found, item, True, letters_ok=True):
            keys.add(model_key(item))
    for m in _SPACED.finditer(sent):
        if m.group(1) in _SPACED_STOP or (len(m.group(1)) == 2 and len(m.group(2)) == 5
                                          and _ZIP.search(sent[:m.start()])):
            continue
        if _add(found, m.group(0), False):
            keys.add(model_key(m.group(0)))
    for m in _TOKEN.finditer(sent):
        tok = m.group(0)
        if tok in _STOP_TOKENS or _UNIT.match(tok) or _MODEL_YEAR.fullmatch(tok) or _SIZE_RANGE.fullmatch(tok) or _STANDARD_BEFORE.search(sent[:m.start()]) or (
                _PLACEHOLDER.fullmatch(tok) and re.search(r"\bformat", sent, re.I)):
            continue
        if model_key(tok) not in not_models and _add(found, tok, False):
            keys.add(model_key(tok))
    return keys


def _extra_codes(sent: str) -> list[str]:
    """Cued upper-case codes without digits or with "+" options, an FCC ID's product code ("2BHG8-AF28" -> AF28),
    and the digit-only codes of a SKU/item-number table (two or more of one length)."""
    out = []
    for m in _CUED_CAPS.finditer(sent):
        codes = [c.strip() for c in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group(1))]
        # three letters will do among listed codes with digits ("models CXP-03, CXC-02, CXM-03, CXV and CXM-02"),
        # never a cue word ("SKU numbers ... or SKU FTBFSD-0465"); and a three-letter one never when it is the head of
        # another listed code ("VRS Plus-150"; four letters or more are a model of their own: "models TANK and TANK 2")
        least = 3 if sum(bool(re.search(r"\d", c)) for c in codes) >= 2 else 4
        out += [c for c in codes if c not in _STOP_TOKENS and (re.search(r"\d", c) or (
            len(model_key(c)) >= least and c not in _HEADER_WORDS and c not in _CUE_WORDS
            and not (len(model_key(c)) < 4 and re.search(rf"(?<![\w-]){re.escape(c)}[\s-]+\w*\d", sent))))]
    out += [m.group(2) for m in _FCC_ID.finditer(sent) if re.search(r"\d", m.group(2))]
    if _TABLE_CUE.search(sent):
        digits = [m.group(0) for m in _DIGIT_CODE.finditer(sent)]
        out += [d for d in digits if sum(len(x) == len(d) for x in digits) >= 2]
    return out


def _add(found: dict[str, ModelToken], text: str, cued: bool, letters_ok: bool = False, short_ok: bool = False) -> bool:
    text = text.strip(" .,-/\"“”'")
    if re.fullmatch(r"[A-Z0-9-]*[A-Z][A-Z0-9-]*\d[a-z]", text):
        text = text[:-1]  # a stray lower-case letter after an upper-case model ("A3302011r" in a caption)
    key = model_key(text)
    short = short_ok and bool(re.fullmatch(r"[A-Z]\d|\d[A-Z]", key)) and key not in _STOP_TOKENS  # "model number H6"
    if (len(key) < 3 and not short) or len(key) > 40 or not (letters_ok or any(ch.isdigit() for ch in key)):
        return False
    prev = found.get(key)
    if prev is None or (cued and not prev.cued):
        found[key] = ModelToken(text, key, cued or (prev.cued if prev else False))
    return True


def firm_name(text: str) -> str:
    """'Anker Innovations Limited, of Hong Kong' -> 'Anker Innovations Limited'."""
    return _NAME_CLEAN.sub("", (text or "").strip()).strip(" ,.")


def brands(title: str, firms: list[str], texts: list[str]) -> list[str]:
    """Brand and firm names from the title, makers/importers/distributors and '-branded' or alias mentions."""
    names: list[str] = []
    m = _FIRM_TITLE.match(title or "")
    if m:
        names.append(m.group(1))
    names += [m.group(1) for m in _BY_FIRM.finditer(title or "")]
    names += _lead_brand(title or "", m.end() if m else 0)
    names += [n for f in firms for n in re.split(r"\s+(?:dba|d/b/a|doing business as)\s+", firm_name(f), flags=re.I)]
    joined = re.sub(r"[™®©]", " ", " ".join([title or "", *texts]))  # "Scotch™ brand" -> "Scotch brand"
    names += [m.group(1) for t in [title or "", *texts] for m in _MARKED.finditer(t)]  # "Can-Am®", "JoyJolt™"
    names += [m.group(1) for m in _BRANDED.finditer(joined) if m.group(1).lower() not in _LEAD_STOP]
    for alias in sorted({*BRAND_ALIASES, *BRAND_ALIASES.values()}):
        hit = re.search(rf"\b{re.escape(alias)}\b", joined, re.I)
        if hit:
            names.append(hit.group(0))
    for t in texts[:1]:  # "This recall involves HolaBelle NextGen 10-inch ... bicycles": a brand-shaped first word
        names += [b for i in _INVOLVES.finditer(t or "") for b in _lead_brand(t, i.end())[:1]
                  if _BRAND_SHAPED.fullmatch(b)]
    names += [q.group(1) for t in texts for q in _QUOTED_PRINTED.finditer(t or "") if len(brand_key(q.group(1))) >= 3]
    names += [m.group(1) for t in texts for m in _LOGO.finditer(t or "") if m.group(1).lower() not in _LEAD_STOP]
    names += [m.group(1) for t in texts for pat in (_UNDER_BRAND, _QUOTED_SHAPED) for m in pat.finditer(t or "")]
    names += [m.group(1) for t in texts[:1] for s in sentences(t or "") if _INVOLVES.search(s)
              for m in _BEFORE_QUOTED.finditer(s) if m.group(1).split()[0].lower() not in _LEAD_STOP | _NOT_BRAND]
    names += [b for t in texts for m in _SOLD_UNDER.finditer(t or "")
              for b in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group(1) or m.group(2))]
    names += [f"{m.group(1)} {m.group(2)}" for t in [title or "", *texts] for m in _MARKED_PAIR.finditer(t)
              if m.group(1).lower() not in _LEAD_STOP and m.group(1) not in ("Recalls", "Recalled", "This", "The")]
    out: dict[str, str] = {}
    for n in names:
        n = n.strip(" ,.;:'\"")
        if n and brand_key(n) and n.casefold() not in out:
            out[n.casefold()] = n
    return list(out.values())


def _lead_brand(title: str, start: int) -> list[str]:
    """The first word(s) of the product phrase ("Recalls Frigidaire Gas Ranges" -> Frigidaire)."""
    words = re.findall(r"[\w'&.+-]+", re.sub(r"^\s*(?:of|for)\s+", " ", title[start:]))  # "Recall of Frigidaire"
    if not words or len(words[0]) < 3 or words[0].lower() in _LEAD_STOP or any(c.isdigit() for c in words[0]) or not words[0][0].isupper():
        return []
    out = [words[0]]
    if len(words) > 2 and words[1].lower() == "and" and words[2][0].isupper() and words[2].lower() not in _LEAD_STOP:
        out.append(words[2])
    return out


def upcs(listed: list[str], texts: list[str]) -> list[str]:
    """UPCs from ProductUPCs plus 12/13-digit numbers in sentences that mention UPCs (or ISBNs: a book's ISBN-13 is
    its barcode number)."""
    out = [upc_key(u) for u in listed]
    for text in texts:
        for sent in sentences(text):
            if re.search(r"\bUPC|\bbar\s?code|\bGTIN|\bISBN", sent, re.I):
                out += [upc_key(m.group(0)) for m in re.finditer(r"(?<![\d-])\d(?:[ -]?\d){10,12}(?![\d-])", sent)]
    return list(dict.fromkeys(u for u in out if len(u) in (12, 13)))
