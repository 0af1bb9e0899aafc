"""Does a saved product fall under a recall? Pure rules: values in, a verdict and its reason in plain words out.

`confirmed`: brand and model (or UPC) match and every scope rule the recall states is satisfied by what the member
saved. `possible`: identity matches but the scope can't be decided from the saved data; the reason says what to
check and where. No verdict (None): no match, or the saved data proves the item is outside the scope."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from tracker.normalize import brand_key, model_key
from tracker.recalls import names, scope_rules
from tracker.recalls.text import colors

CONFIRMED, POSSIBLE = "confirmed", "possible"
# A shorter model key must be this long to stand for a family of longer ones (A3102 ~ A3102016); a 4-character
# prefix such as "A310" would stand for ten different products (A3100..A3109).
MIN_FAMILY = 5
MAX_FAMILY_SUFFIX = 4  # ...and the longer one may add at most this many characters
MIN_BRAND = 4  # a brand key this long may stand for longer ones ("tracker" ~ "trackeroffroad")
_SYNONYMS = {"bike": "bicycle", "bikes": "bicycle", "kid": "child", "kids": "child", "children": "child", "adapter": "adaptor", "adapters": "adaptor"}
_FILLER = {"the", "and", "with", "for", "from", "off", "new", "recall", "recalls", "recalled", "due", "hazard",
           "hazards", "risk", "fire", "burn", "burns", "injury", "death", "serious", "sold", "exclusively", "amazon",
           "com", "certain", "violation", "violates", "mandatory", "standard", "federal", "regulation", "regulations",
           "imported", "manufactured", "distributed", "made", "brand", "branded", "million", "reported", "includes"}
compact = scope_rules.compact
# Scope verdicts that settle an open identity too: the saved serial, lot or date code is one the recall lists.
_SETTLED = ("serial-in-range", "lot-listed", "date-listed")


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
    names: list[str] = field(default_factory=list)  # title and product names ("Scripto Premium Torch")
    text: str = ""  # the description, where brands printed on the product are named ("Scotch", "Kenmore")


@dataclass
class ItemFacts:
    brand_key: str
    model_key: str
    model_number: str = ""  # as the member typed it
    serial: str = ""
    purchase_date: date | None = None
    upc_key: str = ""
    words: str = ""  # name, nickname and notes: colors and variants the member mentioned
    brand_name: str = ""  # as the member typed it


@dataclass(frozen=True)
class Verdict:
    level: str | None  # confirmed | possible | None (no alert)
    reason: str
    rule: str  # short machine tag of the deciding rule, e.g. "serial-in-range"

    def __bool__(self) -> bool:
        return self.level is not None


def match(recall: RecallFacts, item: ItemFacts) -> Verdict:
    """The verdict for one saved product against one recall."""
    ident = _identity(recall, item)
    if not ident:
        return ident
    said = ident.reason
    # A product name where the recall names no model number or UPC is as sure an identity as a model's: a scope rule
    # that confirms (a date code within the recalled ones) confirms it.
    whole = (ident.rule == "product-name" and not recall.upcs and not any(not m.excluded for m in recall.models)
             and not recall.scope.get("styles_listed"))  # ("The following lamp styles are included": check the style)
    for rule in (scope_rules.exclusions, scope_rules.purchase_window, scope_rules.lot_scope, scope_rules.made_window,
                 scope_rules.date_code_range, scope_rules.model_year, scope_rules.serial_scope,
                 scope_rules.unchecked_scope):
        v = rule(recall, item, said)
        if v is not None:
            # An identity that is itself open (model family, a product name where the recall also tells units by
            # model number or UPC) stays open unless the serial settles it; a `whole` product name is confirmed by
            # any rule that confirms.
            return v if v.level != CONFIRMED or ident.level == CONFIRMED or v.rule in _SETTLED or whole \
                else Verdict(POSSIBLE, f"{said}; {_open_note(ident)}", ident.rule)
    if whole:
        # The recall names no model number, UPC or lot and limits nothing: every unit of the named product is in it.
        return Verdict(CONFIRMED, f"{said}; the recall names no model number or UPC, so every one is recalled.",
                       ident.rule)
    if ident.level == POSSIBLE:
        return Verdict(POSSIBLE, f"{said}; {_open_note(ident)}", ident.rule)
    return Verdict(CONFIRMED, f"{said}; nothing in the recall limits it further.", ident.rule)


def scope_reads(recall: RecallFacts) -> frozenset[str]:
    """Item fields besides identity and words that match() may read for this recall: "serial" only when its scope
    limits serial numbers, lists lot or date codes, states date-code ranges, model years (a VIN tells the year) or
    when the units were made (scope_rules.serial_scope, lot_scope, date_code_range, model_year, made_window), "purchase_date" only when it states a window (purchase_window). Callers that cache verdicts key them on the rest plus these: a new scope rule
    that reads either field must be added here (tests/recalls/test_scope_reads.py checks every labeled case)."""
    sc, reads = recall.scope, set()
    if (sc.get("serial_ranges") or sc.get("serial_prefixes") or sc.get("serials") or sc.get("serial_length")
            or sc.get("serial_chars") or sc.get("serial_parts")
            or sc.get("lot_codes") or sc.get("lot_ranges") or sc.get("date_codes") or sc.get("date_code_ranges") or sc.get("model_years")
            or any(w.get("what") == "manufactured" for w in sc.get("windows") or [])):
        reads.add("serial")
    if sc.get("windows"):
        reads.add("purchase_date")
    return frozenset(reads)


def family_match(member_key: str, recall_key: str) -> bool:
    """Same model, or one is the family of the other (A3102 ~ A3102016), on whole tokens only."""
    if not member_key or not recall_key:
        return False
    if member_key == recall_key or wildcard_match(member_key, recall_key):
        return True
    short, long_ = sorted((member_key, recall_key), key=len)
    return (len(short) >= MIN_FAMILY and any(c.isdigit() for c in short) and long_.startswith(short)
            and len(long_) - len(short) <= MAX_FAMILY_SUFFIX)


# "Model number 3MGMR60XXX (XXX is the finish)": a model whose last two to four characters are X's that stand for any.
_WILDCARD = re.compile(r"([0-9A-Z]*\d[0-9A-Z]*?)(X{2,4})")


def wildcard_head(recall_key: str) -> str:
    """The characters before a model's trailing X's (3MGMR60XXX -> 3MGMR60); "" for no such model."""
    m = _WILDCARD.fullmatch(recall_key)
    return m.group(1) if m and len(m.group(1)) >= MIN_FAMILY else ""


def wildcard_match(member_key: str, recall_key: str) -> bool:
    """The recall's model ends in X's that stand for any characters and the member's fills them (3MGMR60BK)."""
    head = wildcard_head(recall_key)
    return bool(head) and member_key.startswith(head) and len(head) < len(member_key) <= len(recall_key)


def wildcard_keys(member_key: str) -> list[str]:
    """The recall keys with X's that a member's model fills (3MGMR60BK -> 3MGMR60XX, 3MGMR60XXX, 3MGMR6XXX, ...)."""
    n = len(member_key)
    return [member_key[:h] + "X" * x for h in range(max(MIN_FAMILY, n - 4), n) for x in range(max(2, n - h), 5)
            if any(c.isdigit() for c in member_key[:h])]


def brand_agrees(member_brand: str, recall_brands: set[str]) -> bool:
    """The member's brand is one the recall names (aliases already resolved by normalize.brand_key)."""
    if not member_brand:
        return False
    for b in recall_brands:
        short, long_ = sorted((member_brand, b), key=len)
        if short == long_ or (len(short) >= MIN_BRAND and long_.startswith(short)):
            return True
    return False


def brand_mentioned(member_brand: str, texts: list[str]) -> bool:
    """The member's brand is printed in the recall text ("Scotch™ brand", "Kenmore Elite", "Rudolph the Red-Nosed
    Reindeer"), one to four words."""
    if len(member_brand) < 2:
        return False
    return any(member_brand in _printed_brands(t or "") for t in texts)


@lru_cache(maxsize=256)
def _printed_brands(text: str) -> frozenset[str]:
    """brand_key of every run of one to four words in a text (cached: a recall's texts are asked about for each of
    thousands of candidates in one cross-check)."""
    words = re.findall(r"[^\W_][\w'&+-]*", text)
    return frozenset(brand_key(" ".join(words[i:i + n])) for n in (1, 2, 3, 4) for i in range(len(words) - n + 1))


def head_match(member_key: str, head: str) -> bool:
    """The member's model starts with a head the recall says model numbers start with ("model numbers starting with
    RE1122": RE1122-BKR1-02LF0-G): any length after a head of MIN_FAMILY characters or more, a family's few more
    after a shorter one ("starting with RE11": as candidates.lookups probes it, never every key from RE11 on)."""
    return member_key.startswith(head) and (len(head) >= MIN_FAMILY
                                            or len(member_key) - len(head) <= MAX_FAMILY_SUFFIX)


def _identity(recall: RecallFacts, item: ItemFacts) -> Verdict:
    if item.upc_key and item.upc_key in recall.upcs:
        return Verdict(CONFIRMED, f"UPC {item.upc_key} is listed in recall {recall.number}", "upc")
    if item.model_key.isdigit() and item.model_key in recall.upcs:  # a UPC or ISBN typed into the model field
        return Verdict(CONFIRMED, f"UPC {item.model_key} is listed in recall {recall.number}", "upc")
    heads = set(recall.scope.get("model_prefixes") or ())
    hits = [m for m in recall.models if family_match(item.model_key, m.key)
            or (m.key in heads and head_match(item.model_key, m.key))]
    if not hits:
        return _name_identity(recall, item)
    if not (brand_agrees(item.brand_key, recall.brand_keys)
            or brand_mentioned(item.brand_key, [*recall.names, recall.text])):
        return Verdict(None, f"Model {item.model_number} is named in recall {recall.number}, but for another brand.",
                       "brand-clash")
    exact = [m for m in hits if m.key == item.model_key]
    named = [m for m in hits if not m.excluded]
    if not named or (exact and all(m.excluded for m in exact)):
        shown = (exact or hits)[0].text
        return Verdict(None, f"Recall {recall.number} says model {shown} is not included.", "excluded-model")
    mine = item.model_number or named[0].text
    if exact:
        return Verdict(CONFIRMED, f"Model {exact[0].text} is named in recall {recall.number}", "model")
    wild = [m for m in named if wildcard_match(item.model_key, m.key)]
    if wild:
        return Verdict(CONFIRMED, f"Model {mine} is model {wild[0].text} (its X's stand for any character), named in "
                                  f"recall {recall.number}", "model-wildcard")
    versions = [m for m in named if len(m.key) < len(item.model_key)]
    if versions:
        return Verdict(CONFIRMED, f"Model {mine} is a version of model {versions[0].text}, named in recall "
                                  f"{recall.number}", "model-version")
    longer = ", ".join(m.text for m in named[:4])
    return Verdict(POSSIBLE, f"Model {mine} is the start of model {longer}, named in recall {recall.number}",
                   "model-family")


def _name_identity(recall: RecallFacts, item: ItemFacts) -> Verdict:
    """No listed model to compare: a model printed in the recall's words, a series name in front of a listed model,
    or (the recall names no model, or the member saved none) brand and product name words."""
    miss = Verdict(None, f"Model {item.model_number or item.model_key or '(none saved)'} is not named in recall "
                         f"{recall.number}.", "no-model")
    if not (brand_agrees(item.brand_key, recall.brand_keys) or brand_mentioned(item.brand_key, recall.names)):
        return miss
    texts = [*recall.names, recall.text]
    clash = names.qualifier_clash(f"{item.words} {item.model_number}", recall.names[1:] or recall.names, recall.text)
    if item.model_key:
        found = _printed_identity(recall, item, texts)
        if found is not None:
            return Verdict(None, f"{found.reason}, but {clash}.", "qualifier-clash") if clash else found
        if any(not m.excluded for m in recall.models) or names.sibling(item.model_number, texts):
            return miss
    # the brand's words, or the brand written as one word ("Sun Joe" / "SunJoe"), are no product words on either side
    brand = product_words(item.brand_name) | compounds(item.brand_name) | {brand_key(item.brand_name)}
    mine = product_words(f"{item.words} {item.model_number}") - brand
    theirs = product_words(" ".join(recall.names)) - brand
    shared = (mine | compounds(f"{item.words} {item.model_number}")) & theirs
    shared |= mine & (compounds(" ".join(recall.names)) - brand)
    if len(item.model_key) >= 2 and item.model_key in {model_key(w) for n in recall.names for w in n.split()}:
        shared.add(item.model_key)  # the member's model is printed in the product name ("Vaast A/1 Bicycles")
    kind = names.product_kind(item.model_number)
    if kind and shared == {kind}:
        # the kind the recall names ("Self-Feeding Pillows") and what its description says of it ("an elastic sleeve
        # to hold a bottle") for the member's "baby bottle holder pillow" with an "elastic sleeve": two more of the
        # member's words described, one of them from the name it saved ("Dolphin Necklace" is not the butterfly one)
        described = product_words(_description(recall.text))
        named = product_words(item.model_number) - {kind} - set(recall.brand_keys)
        if len((mine - shared) & described) >= 2 and named & described:
            shared |= (mine - shared) & described
    if not shared or len(shared) < min(2, len(mine)):  # a bare model printed in the name ("A1") is enough alone
        return miss
    yours = item.words or item.model_number
    if item.brand_name.lower() not in yours.lower():
        yours = f"{item.brand_name} {yours}".strip()
    said = f"Your {yours} matches the product named in recall {recall.number} ({recall.names[-1]})"
    if kind and not names.printed([kind], texts) and not names.compound_head(kind, texts):
        # "Glow Necklaces" where the recall is about the brand's glow bracelets and never prints "necklace"
        return Verdict(None, f"{said}, but the recall never names a {kind}.", "other-product")
    if item.model_key and any(e.get("others") for e in recall.scope.get("exclusions") or []):
        # "Other styles of sketchbooks ... are not included": a style the recall doesn't print is one of those
        return Verdict(None, f"{said}, but {item.model_number} is not one of the styles it lists and it says other "
                             f"ones are not included.", "other-style")
    return Verdict(None, f"{said}, but {clash}.", "qualifier-clash") if clash else Verdict(POSSIBLE, said,
                                                                                            "product-name")


def _printed_identity(recall: RecallFacts, item: ItemFacts, texts: list[str]) -> Verdict | None:
    """The member's model printed in the recall's words, or a listed model with a series name in front of it. A model
    that is printed only as the start of a listed one ("P2WL" of "P2WL-LF") is another model."""
    alone = any(m.key.startswith(item.model_key) for m in recall.models)
    codes = [m.text for m in recall.models if not m.excluded and any(c.isdigit() for c in m.text)]
    if names.printed_model(item.model_number, [names.without_rule_names(t) for t in texts], alone):
        if names.is_name(item.model_number) and (
                len(codes) >= 3 or names.stated_model([c for c in codes if model_key(c) != model_key(item.brand_name)],
                                                      texts)):
            # A product name ("Aruba IV", "High Chair") where the recall tells the recalled units by a list of numbers
            # or by the one it calls their model ("Model No.: TB-HC6900"): none saved to compare. A single code the
            # recall doesn't call the model is often the name's own ("model name Yoto Mini, SKU PRPLXX00860").
            return _told_by_number(recall, item, codes)
        return Verdict(CONFIRMED, f"Model {item.model_number} is named in recall {recall.number}", "model-printed")
    left = names.printed_skipping(item.model_number, recall.names[1:]) if codes else None
    said_colors = set(colors(item.words))
    if left and not (said_colors and set(colors(" ".join(left))) - said_colors):
        # "12-Drawer Dresser" where the product is named "YaFiti 12-Drawer White Dressers" and told by its model number
        return _told_by_number(recall, item, codes)
    series = [m for m in recall.models if not m.excluded and names.series_prefix(item.model_number, m.key, texts)]
    if series:
        return Verdict(POSSIBLE, f"Model {item.model_number} is model {series[0].text} with the series name printed "
                                 f"in recall {recall.number}", "model-series")
    return None


def _told_by_number(recall: RecallFacts, item: ItemFacts, codes: list[str]) -> Verdict:
    """Possible: the member's product name is in the recall, which tells the recalled units by these model numbers."""
    return Verdict(POSSIBLE, f"{item.model_number} is named in recall {recall.number}, which identifies the recalled "
                             f"units by model number ({', '.join(codes[:4])}{', ...' if len(codes) > 4 else ''})",
                   "name-printed")


def product_words(text: str) -> set[str]:
    """Content words of a product name, singular, without filler ("Portable Blenders" -> {portable, blender})."""
    out = set()
    for w in re.findall(r"[a-z]+", (text or "").lower()):
        w = _SYNONYMS.get(w, w)
        if len(w) >= 3 and w not in _FILLER:
            out.add(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w)
    return out


def _description(text: str) -> str:
    """The product's description: in an old release the part after "Description:" up to where it was sold (the rest
    is boilerplate: "in cooperation with the firm named below ..."); a newer record's text as it is."""
    m = re.search(r"\bDescription:\s*(.*?)(?=\b(?:Sold\s+(?:at|exclusively\s+at)|Manufactured\s+in|Remedy)\s*:|$)",
                  text or "", re.S)
    return m.group(1) if m else (text or "")


def compounds(text: str) -> set[str]:
    """Two adjacent words of a name written as one closed compound, singular ("Flash Cards" -> flashcard, as in
    "Flashcard Talking Toys"; "Tote Bag" -> totebag)."""
    words = [_SYNONYMS.get(w, w) for w in re.findall(r"[a-z]+", (text or "").lower())]
    out = set()
    for a, b in zip(words, words[1:]):
        if len(a) >= 3 and len(b) >= 3 and a not in _FILLER and b not in _FILLER:
            w = a + b
            out.add(w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    return out


def _open_note(ident: Verdict) -> str:
    if ident.rule == "model-series":
        return "check the full model name on the product's label against the recall."
    if ident.rule == "name-printed":
        return "check the model number on the product's label against the recall."
    if ident.rule == "model-family":
        return "check the full model number on the product's label against the recall."
    return "the recall names no model number we can compare, so check the recall's description and photos."


def printed_brands(text: str) -> frozenset[str]:
    """brand_key of every run of one to four words in a text: the brands brand_mentioned finds there."""
    return _printed_brands(text or "")
