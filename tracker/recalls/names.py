"""Name-level evidence for the matcher when the member's model is no listed model token: a model printed in the
recall's words ("Heckler 9 Electric Bicycles"), a series name in front of a listed model ("Sportsman XP 1000" for
"XP 1000"), a sibling model ("FX+ 2" where the recall prints "FX+ 1"), and qualifiers in the member's words that
contradict the recall's (adult vs youth, 16 oz vs 4-ounce, 3mm vs 5mm, 45% vs 30%, star vs excavator print, double wall
vs single-wall). Pure."""
from __future__ import annotations

import re
from functools import lru_cache

from tracker.normalize import model_key
from tracker.recalls.text import colors

_ADULT = {"adult", "adults", "men", "mens", "women", "womens"}
_CHILD = {"youth", "child", "children", "childrens", "kid", "kids", "toddler", "toddlers", "infant", "infants", "baby",
          "junior", "boys", "girls"}
_COUNT = {"single": 1, "one": 1, "double": 2, "two": 2, "dual": 2, "triple": 3, "three": 3, "four": 4, "five": 5,
          "six": 6}
_UNITS = {"oz": "oz", "ounce": "oz", "ounces": "oz", "ml": "ml", "l": "l", "liter": "l", "litre": "l",
          "gallon": "gal", "gallons": "gal", "gal": "gal", "lb": "lb", "lbs": "lb", "pound": "lb", "inch": "in",
          "inches": "in", "quart": "qt", "qt": "qt", "mm": "mm", "cm": "cm", "%": "%",
          "percent": "%"}
_UNIT = (r"(fl\.?\s*oz|oz|ounces?|ml|l|liters?|litres?|gallons?|gal|lbs?|pounds?|inch(?:es)?|quarts?|qt|mm|cm|"
         r"percent|%)(?:\b|(?<=%))")  # "5mm" magnets, a "30%" cleaner
_QTY = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*" + _UNIT, re.I)
_QTY_LIST = re.compile(r"((?:\d+(?:\.\d+)?\s*,\s*)+(?:\d+(?:\.\d+)?\s*,?\s*(?:and|or)\s+)?)\d+(?:\.\d+)?\s*-?\s*"
                       + _UNIT, re.I)
_PARTS = re.compile(r"\b(single|double|triple|dual|one|two|three|four|five|six|\d+)[\s-](wall|drawer|burner|tier|layer|"
                    r"door|seat)(?:s|ed)?\b", re.I)


def tokens(model_number: str) -> list[str]:
    """The words of a model or name: runs of letters and digits of any script ("SMILA STJÄRNA", not "STJ" and "RNA";
    "Cube ²" -> Cube, ²), so a digit here need not be an ASCII one (word_forms reads only those as numbers)."""
    return re.findall(r"[^\W_]+", model_number or "")


def printed(words: list[str], texts: list[str], alone: bool = False) -> bool:
    """The words appear in one of the texts as a run of whole words (separators between them may differ, "&" too; the
    last word may be plural: "Pack and Play Mattress" in "Pack and Play Mattresses"). `alone`: not as the start of a
    longer hyphenated code ("P2WL" in "P2WL-LF")."""
    if not words:
        return False
    end = r"(?![A-Za-z0-9]|[-/][A-Za-z0-9])" if alone else r"(?![A-Za-z0-9])"
    pat = re.compile(r"(?<![A-Za-z0-9])" + _run_pattern(words) + _plural(words) + end, re.I)
    return any(pat.search(t or "") for t in texts)


_SEP = r"[\s+./&-]*"  # what may stand between two printed words of a name


def _run_pattern(words: list[str]) -> str:
    """The words as a pattern of a printed run: any separators between them, small numbers either way."""
    return _SEP.join(map(_number_or_word, words))


def _plural(words: list[str]) -> str:
    """A run's last word may be printed plural when it is a word."""
    return r"(?:e?s)?" if words[-1].isalpha() else ""


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve")


def _number_or_word(word: str) -> str:
    """A word as a pattern; a small number either way ("5-Drawer Dresser" is printed as "five-drawer dressers")."""
    _, digits, spelled = word_forms(word)
    return re.escape(word) if digits == spelled else f"(?:{re.escape(word)}|{digits}|{spelled})"


def word_forms(word: str) -> tuple[str, str, str]:
    """A word as printed, with a small number (0-12, in one or two digits or a word) as digits, and as a word; a
    word that is no such number three times as printed."""
    low = word.lower()
    ascii_digits = word.isascii() and word.isdigit()  # never "²" or "١٢" (int() can't read the first)
    if low in NUMBER_WORDS or (ascii_digits and len(word) <= 2 and int(word) <= 12):
        value = int(word) if ascii_digits else NUMBER_WORDS.index(low)
        return word, str(value), NUMBER_WORDS[value]
    return word, word, word


def printed_model(model_number: str, texts: list[str], alone: bool = False) -> bool:
    """A multi-word or digit-bearing model ("FX+ 1 Midstep", "Soquel Youth", "af28") printed in the recall's words;
    a code typed without its spaces counts too ("batpak2f" for "BatPak 2F")."""
    words = tokens(model_number)
    key = model_key(model_number)
    if len(key) < 3 or not (len(words) >= 2 or any(c.isdigit() for c in key)):
        return False
    return printed(words, texts, alone) or listed_variant(model_number, texts) or (len(words) == 1 and any(c.isdigit() for c in key) and any(
        key in _runs(t or "") for t in texts))


SKIP_WORDS = (1, 2)  # how many printed words a name may leave out ("12-Drawer [White] Dressers")
SKIP_RUN = 6  # ...in a name of at most this many words


def printed_skipping(model_number: str, texts: list[str]) -> list[str] | None:
    """A product name of two to six words printed with one or two more words inside it ("12-Drawer Dresser" in
    "YaFiti 12-Drawer White Dressers", "Tree House Building Set" in "Cubimana Treehouse Building Toy Sets"): the
    first and last words as printed (the last maybe plural), the left-out words anywhere between. The left-out
    words, or None."""
    words = tokens(model_number)
    if not 2 <= len(words) <= SKIP_RUN or not is_name(model_number):
        return None
    gap = r"[\s+./&-]+"
    skipped = rf"((?:{gap}[A-Za-z0-9'’]+){{{SKIP_WORDS[0]},{SKIP_WORDS[-1]}}}){gap}"
    for j in range(1, len(words)):
        pat = re.compile(r"(?<![A-Za-z0-9])" + _run_pattern(words[:j]) + skipped + _run_pattern(words[j:])
                         + _plural(words) + r"(?![A-Za-z0-9])", re.I)
        for t in texts:
            m = pat.search(t or "")
            if m:
                return re.findall(r"[A-Za-z0-9'’]+", m.group(1))
    return None


@lru_cache(maxsize=256)
def _runs(text: str) -> frozenset[str]:
    """model_key of every run of two or three words in a text ("BatPak 2F" -> BATPAK2F)."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    return frozenset(model_key("".join(words[i:i + n])) for n in (2, 3) for i in range(len(words) - n + 1))


def listed_variant(model_number: str, texts: list[str]) -> bool:
    """The model's leading words are printed followed by a list of codes that holds its last code ("NextGen 20" in
    "HolaBelle NextGen 10-inch, 12-inch, 16-inch and 20-inch children's bicycles")."""
    words = tokens(model_number)
    if len(words) < 2 or not any(c.isdigit() for c in words[-1]) or any(c.isdigit() for w in words[:-1] for c in w):
        return False
    code = r"\w*\d\w*(?:-[A-Za-z]+)?"
    pat = re.compile(r"(?<![A-Za-z0-9])" + _SEP.join(map(re.escape, words[:-1])) +
                     rf"[\s+./-]*({code}(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*){code})*)", re.I)
    mine = words[-1].lower()
    return any(mine in {re.sub(r"-[a-z]+$", "", c.lower()) for c in re.findall(code, m.group(1))}
               for t in texts for m in pat.finditer(t or ""))


# Words that end a product name without saying what the product is ("Heart Necklace Set", "Plush Toy", "6 Pack").
_NOT_KIND = {"set", "sets", "pack", "kit", "kits", "item", "items", "product", "products", "toy", "toys", "piece",
             "pieces", "collection", "edition", "version", "model", "style", "size", "bundle", "combo"}


def product_kind(model_number: str) -> str:
    """What a product name typed into the model field says the product is: its last word, singular ("Glow Necklaces"
    -> "necklace"), past words like "set" or "toy"; "" for a code (a word with a digit) or a one-word name."""
    words = tokens(model_number)
    if len(words) < 2 or any(c.isdigit() for w in words for c in w):
        return ""
    head = next((w.lower() for w in reversed(words) if w.lower() not in _NOT_KIND), "")
    if len(head) < 3:
        return ""
    return head[:-1] if head.endswith("s") and not head.endswith("ss") and len(head) > 3 else head


def compound_head(word: str, texts: list[str]) -> bool:
    """The word is printed as the first part of a closed compound ("sleep" in "Children's Sleepwear", "flash" in
    "Flashcard"): the recall does name that kind of product."""
    pat = re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}[a-z]{{3,}}", re.I)
    return any(pat.search(t or "") for t in texts)


# "Violations of the Federal Safety Regulation for Crib Mattresses", "Violates Mandatory Standard for High Chairs":
# the products a rule is for, which may not be the recalled one (play yard mattresses under the crib mattress rule).
_RULE_FOR = re.compile(r"\b(?:standards?|regulations?|requirements?|rules?|ban)\s+(?:for|on)\s+[^;.]*", re.I)


def without_rule_names(text: str) -> str:
    """The text without the products a safety rule it cites is for."""
    return _RULE_FOR.sub(" ", text or "")


def is_name(model_number: str) -> bool:
    """A product name, not a code: one word is a word, none mixes letters and digits or is a number of three digits
    or more ("Momentum", "5-Drawer Dresser"; not "A3102", "3MGMR60BK", "Ref. 1374" or "Blade 600 SE")."""
    words = tokens(model_number)
    return not any((re.search(r"[A-Za-z]", w) and re.search(r"\d", w)) or re.search(r"\d{3}", w) for w in words) \
        and any(w.isalpha() and len(w) >= 3 for w in words)


def stated_model(codes: list[str], texts: list[str]) -> bool:
    """One of the codes is printed as the product's model or item number: "Model No.: TB-HC6900", "model "RT668-17"",
    "model number (HLV78)", "The model number is KF210284US-01MH-A001", "item number 920422"."""
    cue = r"\b(?:model|item)(?:\s+(?:numbers?|nos?\.?|#))?\s*,?\s*(?:is\s+)?[:#(\"'\u201c]*\s*"  # 'model number, "ASNG105",'
    return any(re.search(cue + re.escape(c) + r"(?![A-Za-z0-9])", t or "", re.I) for c in codes for t in texts)


def series_prefix(model_number: str, recall_key: str, texts: list[str]) -> bool:
    """The member's model ends with a listed model and the words in front of it are printed in the recall: a series
    name ("Sportsman XP 1000" for "XP 1000" in "Polaris Sportsman 850, XP 1000"); "RZR XP 1000" is no such model."""
    words = tokens(model_number)
    if len(recall_key) < 3 or not any(c.isdigit() for c in recall_key):
        return False
    for k in range(1, len(words)):
        if model_key("".join(words[k:])) == recall_key:
            return all(printed([w], texts) for w in words[:k] if not w.isdigit())
    return False


def sibling(model_number: str, texts: list[str]) -> bool:
    """The model's leading words are printed followed by another code ("FX+ 2" where the recall names "FX+ 1"), or
    its code is followed by a word the recall prints after another code only ("400 Series" where it names
    "100 Series")."""
    words = tokens(model_number)
    for i in range(len(words) - 1):
        code, word = words[i], words[i + 1]
        if any(c.isdigit() for c in code) and word.isalpha() and len(word) >= 3:
            pat = re.compile(rf"(?<![A-Za-z0-9])(\w*\d\w*)[\s-]+{re.escape(word)}\b", re.I)
            seen = {m.group(1).lower() for t in texts for m in pat.finditer(t or "")}
            if seen and code.lower() not in seen:
                return True
    if len(words) >= 3 and all(w.isalpha() for w in words) and colors(words[0]):
        # 'The "Royal Zipper Low" is royal blue ... The "White Zipper Low" is white': quoted names that differ from the
        # member's "Red Zipper Low" in its first word, a color, only
        pat = re.compile(r"[\"“](\w+)[\s-]+" + r"[\s-]+".join(map(re.escape, words[1:])) + r"[\"”]", re.I)
        seen = {m.group(1).lower() for t in texts for m in pat.finditer(t or "")}
        if seen and words[0].lower() not in seen:
            return True
    head = [w for w in words[:-1] if not any(c.isdigit() for c in w)]
    if not head or len(head) == len(words) or head != words[:len(head)] or _QTY.fullmatch(words[len(head)]):
        return False  # "magic magnetic balls 5mm": an amount (the qualifier rule's), no code of a sibling model
    pat = re.compile(r"(?<![A-Za-z0-9])" + r"[\s+./-]*".join(map(re.escape, head)) + r"[\s+./-]*(\w*\d\w*)", re.I)
    return any(m.group(1).lower() != words[len(head)].lower() for t in texts for m in pat.finditer(t or ""))


def qualifier_clash(mine: str, names: list[str], text: str) -> str:
    """A qualifier of the member's product that the recall's product contradicts, in words ("" when none)."""
    groups = _age(" ".join(names))
    own = _age(mine)
    if own and groups and not own & groups:
        return f"the recall covers {'/'.join(sorted(groups))} products and yours is {'/'.join(sorted(own))}"
    theirs_sizes, your_sizes = _sizes(text, recall=True), _sizes(mine)
    if theirs_sizes and your_sizes and not your_sizes & theirs_sizes:
        return (f"the recall names size {'/'.join(sorted(theirs_sizes))} and yours is size "
                f"{'/'.join(sorted(your_sizes))}")
    theirs_k, yours_k = _kid_sizes(text, recall=True), _kid_sizes(mine)
    if theirs_k and yours_k and not yours_k & theirs_k:
        return f"the recall names sizes {', '.join(sorted(theirs_k))} and yours is size {'/'.join(sorted(yours_k))}"
    theirs_s, yours_s = _shapes(" ".join(names)), _shapes(mine)
    if len(theirs_s) == 1 and yours_s and not yours_s & theirs_s:
        return f"the recall names {'/'.join(sorted(theirs_s))} ones and yours is {'/'.join(sorted(yours_s))}"
    theirs_m, yours_m = _materials(" ".join([*names, _defining(text)])), _materials(mine)
    if len(theirs_m) == 1 and yours_m and not yours_m & theirs_m:
        return f"the recall names {'/'.join(sorted(theirs_m))} products and yours is {'/'.join(sorted(yours_m))}"
    theirs_v, yours_v = _sleeves(" ".join([*names, text])), _sleeves(mine)
    if len(theirs_v) == 1 and yours_v and not yours_v & theirs_v:
        return f"the recall names {'/'.join(sorted(theirs_v))} ones and yours is {'/'.join(sorted(yours_v))}"
    theirs_p, yours_p = _prints(" ".join([*names, text])), _prints(mine)
    if theirs_p and yours_p and not yours_p & theirs_p:
        return f"the recall names the {'/'.join(sorted(theirs_p))} prints and yours is {'/'.join(sorted(yours_p))}"
    theirs, yours = _amounts(" ".join([*names, text])), _amounts(mine)
    for unit, values in yours.items():
        if theirs.get(unit) and not values & theirs[unit]:
            return f"the recall names {_amount(theirs[unit], unit)} and yours is {_amount(values, unit)}"
    return ""


_SIZE_NAMES = {"xs": "XS", "extra small": "XS", "extra-small": "XS", "s": "S", "small": "S", "m": "M", "medium": "M",
               "l": "L", "large": "L", "xl": "XL", "extra large": "XL", "extra-large": "XL", "xxl": "XXL"}
_SIZE = r"(?:extra[- ]small|extra[- ]large|small|medium|large|xxl|xl|xs|s|m|l)"
_SIZE_LIST = re.compile(rf"\bsizes?\s+({_SIZE}(?:\s*\(\w+\))?(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)"
                        rf"{_SIZE}(?:\s*\(\w+\))?)*)(?![\w-]|\s*(?:through|thru|to|[/–-])\s*\w)", re.I)  # "S to XXL": no list


_KID_SIZE = r"\d{1,2}\s?[YT]"
_KID_SIZE_LIST = re.compile(rf"\bsizes?\s+({_KID_SIZE}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_KID_SIZE})*)"
                            rf"(?![\w-]|\s*(?:through|thru|to|[/–-])\s*\w)")


def _sizes(text: str, recall: bool = False) -> set[str]:
    """Letter sizes after "size(s)": "sold in size medium (M)", "sizes S, M and L", the member's "size S"; children's
    sizes in years or toddler sizes ("sizes 3Y, 4Y ... and 8Y", "size 2Y"; a range "1Y to 8Y" lists none)."""
    out = {re.sub(r"\s", "", k).upper() for m in _KID_SIZE_LIST.finditer(text or "")
           for k in re.findall(_KID_SIZE, m.group(1))}
    for m in _SIZE_LIST.finditer(text or ""):
        found = re.findall(rf"(?<![\w-]){_SIZE}(?![\w-])", re.sub(r"\(\w+\)", "", m.group(1)), re.I)
        out |= {_SIZE_NAMES[f.lower()] for f in found if recall or f.lower() in _SIZE_NAMES}
    return out


# Children's sizes as a list that mixes toddler or youth sizes and plain numbers ("children's sizes 2T, 3T, 4T, 5, 6
# and 6X"); the member's "size 8" or "size 3T".
_KID_ITEM = r"\d{1,2}(?:\s?[YTX]\b)?"
_KID_LIST = re.compile(rf"\bsizes?\s+({_KID_ITEM}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_KID_ITEM})*)"
                       rf"(?![\w-]|\s*(?:through|thru|to|[/–-])\s*\w)")


def _kid_sizes(text: str, recall: bool = False) -> set[str]:
    """Children's sizes after "size(s)"; in a recall only a list with a toddler or youth size ("2T") among them."""
    out = set()
    for m in _KID_LIST.finditer(text or ""):
        items = {re.sub(r"\s", "", k).upper() for k in re.findall(_KID_ITEM, m.group(1))}
        if not recall or any(not k.isdigit() for k in items):
            out |= items
    return out


_SHAPES = {"square": "square", "round": "round", "circular": "round", "diamond": "diamond", "oval": "oval",
           "rectangular": "rectangular", "rectangle": "rectangular", "triangular": "triangular",
           "hexagonal": "hexagonal", "octagonal": "octagonal"}


def _shapes(text: str) -> set[str]:
    """Shapes a product name gives ("Square Tufted Headboards", "diamond tufted headboard")."""
    return {_SHAPES[w] for w in re.findall(r"[a-z]+", (text or "").lower()) if w in _SHAPES}


_MATERIALS = {"metal": "metal", "steel": "metal", "iron": "metal", "aluminum": "metal", "wood": "wood",
              "wooden": "wood", "plastic": "plastic", "glass": "glass", "fabric": "fabric", "fleece": "fleece",
              "cotton": "cotton", "flannel": "flannel", "polyester": "polyester", "silk": "silk", "satin": "satin",
              "velour": "velour", "jersey": "cotton"}
# "This recall involves SKIMS fleece children's pajama sets.": the sentence that defines the recalled product names
# it as its title does (its material, "fleece" where the title says "Children's Pajama Sets").
_DEFINING = re.compile(r"\bThis\s+recall\s+(?:only\s+)?involves\s+([^.;:]{3,120})")


def _defining(text: str) -> str:
    m = _DEFINING.search(text or "")
    return m.group(1) if m else ""


def _materials(text: str) -> set[str]:
    """What the product is made of, as named ("Metal Futon Bunk Beds", "wooden bunk bed")."""
    # "charcoal black wood grain print", "wood-look": a look printed on the product, not what it is made of
    text = re.sub(r"\b(?:wood|metal|marble|stone)[\s-]*(?:grain|look|effect|print|pattern|finish|tone|textured?)\b",
                  " ", (text or "").lower())
    return {_MATERIALS[w] for w in re.findall(r"[a-z]+", text) if w in _MATERIALS}


_SLEEVE = re.compile(r"\b(short|long|3/4|three-quarter)[\s-]+sleeved?s?\b|\b(sleeveless)\b", re.I)


def _sleeves(text: str) -> set[str]:
    """Sleeve lengths a garment is named with ("sold in short sleeves", the member's "long sleeve")."""
    return {(m.group(1) or m.group(2)).lower().replace("three-quarter", "3/4") + ("" if m.group(2) else "-sleeve")
            for m in _SLEEVE.finditer(text or "")}


# "excavator print", "floral patterned"; never the verb ("SLEEPING SET" is printed on a tag, the size is printed on...)
_PRINT = re.compile(r"\b([a-z]+)[\s-]+(?:prints?|patterns?|patterned|designs?)\b", re.I)
# "sold in five patterns: Cowgirl, Daisy Checkers, Dinosaur, Sport and Bows", "sold in different printed fabrics and
# colors, including Animal, ..., Deer, ... and White Leaf", 'the following designs: "Monkey Moods" a monkey with
# stars, "Rock n Roll" ...': every word of the listed ones
_PRINT_LIST = re.compile(r"\b(?:prints|patterns|designs|printed\s+fabrics)(?:\s+and\s+colou?rs)?\s*(?::|,?\s+including)"
                         r"\s*([A-Za-z0-9 ,&'\"\u201c\u201d-]+)")
_NOT_PRINT = {"five", "four", "three", "two", "six", "seven", "eight", "different", "various", "several", "multiple",
              "following", "the", "these", "in", "with", "and", "or", "a", "an", "of", "all", "other", "printed",
              "color", "colored", "colorful", "same", "new", "recalled"}


def _prints(text: str) -> set[str]:
    """The print or pattern words of a product ("excavator print", "Dinosaur pattern", "patterns: Cowgirl, ...")."""
    words = {m.group(1).lower() for m in _PRINT.finditer(text or "")}
    for m in _PRINT_LIST.finditer(text or ""):
        words |= {w.lower() for w in re.findall(r"[A-Za-z']+", m.group(1))}
    return words - _NOT_PRINT


def _age(text: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", (text or "").lower().replace("'", "")))
    return {g for g, ws in (("adult", _ADULT), ("child", _CHILD)) if words & ws}


def _amounts(text: str) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    text = re.sub(r"(\d)\s?½", r"\1.5", text or "")  # "10½-inches"
    for m in _QTY_LIST.finditer(text):  # "sold in three sizes, 30, 32 and 40 inches": every listed value
        for v in re.findall(r"\d+(?:\.\d+)?", m.group(1)):
            _add_amount(out, v, m.group(2))
    for m in _QTY.finditer(text or ""):
        _add_amount(out, m.group(1), m.group(2))
    for m in _PARTS.finditer(text or ""):
        n = m.group(1).lower()
        out.setdefault(m.group(2).lower(), set()).add(float(_COUNT.get(n) or n))
    return out


def _add_amount(out: dict[str, set[float]], value: str, unit_text: str) -> None:
    """One amount by its unit, litres kept as millilitres."""
    unit = _UNITS.get(re.sub(r"^fl\.?\s*", "", unit_text.lower()), "oz")
    out.setdefault("ml" if unit == "l" else unit, set()).add(float(value) * (1000 if unit == "l" else 1))


def _amount(values: set[float], unit: str) -> str:
    return " or ".join(f"{int(v) if v == int(v) else v}"
                       f"{'%' if unit == '%' else '-' + unit if unit.isalpha() and len(unit) > 3 else ' ' + unit}"
                       for v in sorted(values))
