"""Candidate lookups for the cross-check, through indexed keys only (never a scan of all saved products), and
the value objects the pure matcher takes."""
from __future__ import annotations

import re

from sqlalchemy import and_, func, or_, select, true, union

from tracker.extensions import db
from tracker.models.base import in_ids
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall, RecallBrandKey, RecallModelKey, RecallUPC
from tracker.recalls.facts import facts_from_columns
from tracker.normalize import model_key
from tracker.recalls import names
from tracker.recalls.matching import (MAX_FAMILY_SUFFIX, MIN_BRAND, MIN_FAMILY, ItemFacts, RecallFacts, printed_brands,
                                      wildcard_head, wildcard_keys)

ITEM_COLUMNS = (SavedProduct.id, SavedProduct.user_id, SavedProduct.kind, SavedProduct.brand, SavedProduct.brand_key,
                SavedProduct.model_key, SavedProduct.model_number, SavedProduct.serial_number,
                SavedProduct.purchase_date, SavedProduct.upc_key, SavedProduct.name, SavedProduct.nickname,
                SavedProduct.notes)


def recall_facts(recall: Recall, stored: tuple | None = None) -> RecallFacts:
    """The matcher's view of a stored recall: the same mapping the labeled quality set is measured through.
    `stored`: its (model rows, UPCs, brand-key names) already loaded in one query (bulk.recall_keys)."""
    if stored is None:
        stored = ([(m.model_key, m.text, m.excluded) for m in recall.model_keys], [u.upc for u in recall.upcs], None)
    models, upcs, key_names = stored
    return facts_from_columns(recall.recall_number, models=models, brands=stored_brand_names(recall, key_names),
                              upcs=upcs, scope=recall.scope, names=recall_names(recall.title, recall.products),
                              text=recall.description)


def recall_names(title: str, products: str | None) -> list[str]:
    """A stored recall's names as the matcher reads them: its title, then each product name (recalls.products)."""
    return [title, *[p for p in (products or "").split("; ") if p]]


def stored_brand_names(recall: Recall, key_names: list[str] | None = None) -> list[str]:
    """Every brand name the parser found, in its order (recalls.brands); one name per key rows as a fallback."""
    names = [b for b in (recall.brands or "").split("; ") if b]
    return names or (key_names if key_names is not None else [b.name for b in recall.brand_keys])


def item_facts(row) -> ItemFacts:
    """The matcher's view of a saved product (an ORM row, a row of ITEM_COLUMNS, or a plain tuple of them)."""
    if not hasattr(row, "brand_key"):
        return item_facts_from(*row[3:13])
    return item_facts_from(row.brand, row.brand_key, row.model_key, row.model_number, row.serial_number,
                           row.purchase_date, row.upc_key, row.name, row.nickname, row.notes)


def item_facts_from(brand, brand_key_, model_key_, model_number, serial, purchase_date, upc, name, nickname,
                    notes) -> ItemFacts:
    """ItemFacts from the saved product's column values (ITEM_COLUMNS from `brand` on)."""
    words = " ".join(w for w in (name, nickname, notes) if w)
    return ItemFacts(brand_key=brand_key_ or "", model_key=model_key_ or "", model_number=model_number or "",
                     serial=serial or "", purchase_date=purchase_date, upc_key=upc or "", words=words,
                     brand_name=brand or "")


def facts_key(row, reads: frozenset[str] = frozenset({"serial", "purchase_date"})) -> tuple:
    """The fields item_facts reads (ITEM_COLUMNS from `brand` on) that match() may read for this recall
    (matching.scope_reads: serial and purchase date only when its scope limits them): equal keys, equal verdicts."""
    return (*row[3:7], row[7] if "serial" in reads else None, row[8] if "purchase_date" in reads else None,
            *row[9:13])


def family_prefixes(key: str) -> list[str]:
    """The key and each shorter key that may stand for its family (A3102016 -> A3102016, A3102, A31020, ...)."""
    low = max(MIN_FAMILY, len(key) - MAX_FAMILY_SUFFIX)
    shorter = [key[:n] for n in range(low, len(key)) if any(c.isdigit() for c in key[:n])]
    return [key, *shorter] if key else []


def can_head_family(key: str) -> bool:
    """Longer keys may belong to this key's family (the matcher's rule for the shorter side)."""
    return len(key) >= MIN_FAMILY and any(c.isdigit() for c in key)


def starts_with(column, key: str, bounded: bool = True):
    """An index-friendly prefix condition: LIKE on PostgreSQL (varchar_pattern_ops index), a range on SQLite.
    `bounded`: at most MAX_FAMILY_SUFFIX characters longer (a family); unbounded for a stated model head."""
    longer = func.length(column) <= len(key) + MAX_FAMILY_SUFFIX if bounded else true()
    if db.engine.dialect.name == "postgresql":
        return and_(column.like(key + "%"), longer)  # keys are [0-9A-Z] only: nothing to escape
    return and_(column > key, column < key + "[", longer)  # '[' sorts right after 'Z' in binary collation


def candidate_items(facts: RecallFacts) -> list:
    """Saved products that may match a recall (rows of ITEM_COLUMNS); see candidate_query."""
    q = candidate_query(facts)
    return [] if q is None else list(db.session.execute(q))


def lookups(facts: RecallFacts) -> list[tuple]:
    """The indexed lookups that find a recall's candidates, as data: ("in", column, values), ("prefix", column,
    key, longest length or None) or ("pair", column, values, column2, values2, prefixes). Model keys in the
    recall's families, longer models (any length after a head the recall says model numbers start with), or UPCs;
    for a recall that names no model, the products of its brands (the matcher then compares product names);
    products whose model is a name printed in the recall (pairs).

    A brand agrees as matching.brand_agrees / brand_mentioned say: the same key, a shorter one the recall's starts
    with, a longer one starting with the recall's ("oliversmith" for "oliver"), or one printed in its names."""
    keys = {m.key for m in facts.models if not m.excluded and m.key}
    # a listed UPC typed into the model field is the model key of its digits (matching: the "upc" rule)
    exact = sorted({p for k in keys for p in family_prefixes(k)} | set(facts.upcs))
    found = [("in", "model_key", exact)] if exact else []
    mentioned = {b for n in facts.names for b in printed_brands(n) if len(b) >= 2}
    brands = set(facts.brand_keys) | {k[:n] for k in facts.brand_keys for n in range(MIN_BRAND, len(k))} | mentioned
    longer = sorted(k for k in facts.brand_keys if len(k) >= MIN_BRAND)
    if not keys and facts.brand_keys:
        found.append(("in", "brand_key", sorted(brands)))
        found += [("prefix", "brand_key", k, None) for k in longer]
    # "model numbers starting with RE1122": any model key that starts with a stated head of MIN_FAMILY characters or
    # more, however long; a shorter head ("starting with RE11") only its family's few more (matching.head_match),
    # never an unbounded LIKE over every saved product
    heads = keys & set(facts.scope.get("model_prefixes") or ())
    found += [("prefix", "model_key", k, None if k in heads and len(k) >= MIN_FAMILY else len(k) + MAX_FAMILY_SUFFIX)
              for k in sorted(keys) if can_head_family(k) or k in heads]
    wild = sorted((wildcard_head(k), len(k)) for k in keys if wildcard_head(k))
    found += [("prefix", "model_key", head, longest) for head, longest in wild]  # 3MGMR60XXX: 3MGMR60 + up to 3
    if brands:
        # A model the member saved as a name or code printed in the recall's words ("Yoto Mini", "Aruba IV", a
        # series name before a listed model), which the matcher finds by name (names.printed_model): products whose
        # model key is one of the printed runs of words and whose brand agrees. One condition: each key probed once.
        printed = printed_keys(facts.names) | printed_keys([facts.text], capitalized=True)
        if keys:  # a product name printed with words left out, where the recall tells units by model number
            printed |= skipped_keys(facts.names[1:])
        printed |= series_keys([*facts.names, facts.text], keys)
        found.append(("pair", "brand_key", sorted(brands), "model_key", sorted(printed - keys), longer))
    if facts.upcs:
        found.append(("in", "upc_key", sorted(facts.upcs)))
    return found


def printed_keys(texts: list[str], longest: int = 6, capitalized: bool = False) -> set[str]:
    """The model key of every run of two to `longest` words in the texts, and of each single word whose key has a
    digit, with a plural last word also without its s/es: every key names.printed_model can find printed there.
    `capitalized`: runs longer than two words only where they start with a capital letter, a size-like number or a
    hyphenated compound (a description's product names do, "AR-15 Chamber Lock Pro", "6-inch Hybrid Mattress",
    "girl's two-piece pajama sets"; its prose, most of its runs, doesn't, and "children's flashing rings" is two
    words): a few hundred index probes, not a thousand."""
    out: set[str] = set()
    for t in texts:
        spans = list(re.finditer(r"[A-Za-z0-9]+", t or ""))
        variants, keys = _word_variants([m.group() for m in spans])
        for i, head in enumerate(variants[0]):
            compound = i + 1 < len(spans) and spans[i + 1].start() == spans[i].end() + 1 and t[spans[i].end()] == "-"
            sized = (head.isdigit() and len(head) <= 2) or head.lower() in names.NUMBER_WORDS  # "five-drawer ..."
            most = min(longest if not capitalized or head[0].isupper() or sized or compound else 2, len(spans) - i)
            for v, (words, wkeys) in enumerate(zip(variants, keys)):
                if v and words[i:i + most] == variants[0][i:i + most]:
                    continue  # no small number in these runs: the printed ones already
                key = ""
                for n in range(most):
                    key += wkeys[i + n]
                    if (n or any(c.isdigit() for c in key)) and len(key) >= 3:  # (keys fold I and O into 1 and 0)
                        _add_run_keys(out, key, words[i + n])
    return out


def skipped_keys(texts: list[str]) -> set[str]:
    """The keys names.printed_skipping can find: each run of the texts' words with one or two words inside it left
    out, at most names.SKIP_RUN words kept ("YaFiti 12-Drawer White Dressers" -> 12DRAWERDRESSER, ...)."""
    out: set[str] = set()
    for t in texts:
        words = re.findall(r"[A-Za-z0-9'’]+", t or "")
        variants, keys = _word_variants(words)
        for v, wkeys in enumerate(keys):
            if v and variants[v] == variants[0]:
                continue  # no small number in the text: the printed forms already
            for i in range(len(words)):
                for a in range(1, names.SKIP_RUN):
                    head = "".join(wkeys[i:i + a])
                    for k in names.SKIP_WORDS:
                        for b in range(1, names.SKIP_RUN - a + 1):
                            j = i + a + k
                            if j + b > len(words):
                                break
                            key = head + "".join(wkeys[j:j + b])
                            if len(key) >= 3:
                                _add_run_keys(out, key, variants[v][j + b - 1])
    return out


def _word_variants(words: list[str]) -> tuple[list[list[str]], list[list[str]]]:
    """The words as printed, with each small number as digits, and as a word ("five drawer dressers" is "5-Drawer
    Dresser" too: names.word_forms), and the model key of each word of each; a run's key is its words' keys joined
    (model_key folds each character on its own), built word by word instead of once per run."""
    forms = [names.word_forms(w) for w in words]
    variants = [[f[v] for f in forms] for v in range(3)]
    return variants, [[model_key(w) for w in ws] for ws in variants]


def _add_run_keys(out: set[str], key: str, last: str) -> None:
    """A run's model key, and with a plural last word also without its s/es."""
    out.add(key)
    if last[-1:] in "sS" and last.isalpha():
        out.update(k for k in (key[:-1], key[:-2] if last[-2:].lower() == "es" else "") if len(k) >= 3)


def series_keys(texts: list[str], keys: set[str]) -> set[str]:
    """A capitalized word of the texts in front of a listed model ("Sportsman" + XP1000): the keys
    names.series_prefix can find."""
    heads = {model_key(w) for t in texts for w in re.findall(r"(?<![A-Za-z0-9])[A-Z][A-Za-z]+", t or "")}
    return {h + k for h in heads for k in keys if len(k) >= 3 and any(c.isdigit() for c in k)}


def candidate_query(facts: RecallFacts):
    """The indexed lookup (see lookups) as a Core select of ITEM_COLUMNS; None when there is nothing to look up."""
    conds = []
    for kind, name, value, *longest in lookups(facts):
        column = getattr(SavedProduct, name)
        if kind == "pair":
            brand = or_(column.in_(value), *[_brand_prefix(column, k) for k in longest[2]])
            conds.append(and_(getattr(SavedProduct, longest[0]).in_(longest[1]), brand))
        elif kind == "in":
            conds.append(column.in_(value))
        elif name == "model_key":
            conds.append(starts_with(column, value, longest[0] is not None))
        else:
            conds.append(_brand_prefix(column, value))
    return select(*ITEM_COLUMNS).where(or_(*conds)) if conds else None


def candidate_sql(facts: RecallFacts, kinds: tuple[str, ...] = ("in", "prefix", "pair")) -> tuple[str, dict] | None:
    """PostgreSQL: the same lookup as driver SQL and parameters, without building and compiling a Core statement
    (that took longer than the lookup itself for a recall with few owners). Run it unprepared: the planner needs
    the LIKE patterns' values to use the prefix indexes. `kinds`: the lookups to include (the bench's reference
    floor leaves the printed-name pairs out)."""
    conds, params = [], {}
    for i, (kind, name, value, *longest) in enumerate(lookups(facts)):
        if kind not in kinds:
            continue
        if kind == "pair":
            # Probe the model-key index only and check the brand on the few rows it finds: with both columns
            # indexable the planner may AND a popular brand's whole bitmap (300k+ rows at 10M) with the keys'.
            conds.append(f"{longest[0]} = ANY(%(q{i})s) AND (({name} || '') = ANY(%(p{i})s)"
                         f" OR ({name} || '') LIKE ANY(%(r{i})s))")
            params[f"p{i}"], params[f"q{i}"] = list(value), list(longest[1])
            params[f"r{i}"] = [_like_prefix(k) for k in longest[2]]
        elif kind == "in":
            conds.append(f"{name} = ANY(%(p{i})s)")
            params[f"p{i}"] = list(value)
        else:
            conds.append(f"{name} LIKE %(p{i})s ESCAPE '\\'" +
                         (f" AND length({name}) <= {int(longest[0])}" if longest[0] is not None else ""))
            params[f"p{i}"] = _like_prefix(value)
    if not conds:
        return None
    columns = ", ".join(c.name for c in ITEM_COLUMNS)
    return f"SELECT {columns} FROM saved_products WHERE " + " OR ".join(f"({c})" for c in conds), params


def _like_prefix(key: str) -> str:
    return _escape_like(key) + "%"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def recall_brand_conditions(brand_key: str) -> list:
    """Recall brand keys that agree with a member's brand (the mirror of the brand lookups in lookups())."""
    shorter = {brand_key[:n] for n in range(MIN_BRAND, len(brand_key))}
    conds = [RecallBrandKey.brand_key.in_(sorted({brand_key} | shorter))]
    return conds + ([_brand_prefix(RecallBrandKey.brand_key, brand_key)] if len(brand_key) >= MIN_BRAND else [])


def _brand_prefix(column, key: str):
    """`column` starts with `key` (and is longer): LIKE on PostgreSQL (varchar_pattern_ops), a range on SQLite."""
    if db.engine.dialect.name == "postgresql":
        return column.like(_like_prefix(key), escape="\\")
    return and_(column > key, column < key + "\U0010ffff")


def candidate_recalls(item: SavedProduct) -> list[Recall]:
    """Recalls that may name this saved product: by its model key's family, its UPC, or its brand (every recall of
    the brand: the matcher finds a model saved as a name printed in the recall, or compares product names when the
    recall names no model; a brand has few recalls)."""
    parts = []
    if item.model_key:
        # and its heads of four characters or more, which a recall may state as "model numbers starting with"
        # (the matcher checks the recall's scope says so)
        heads = [item.model_key[:n] for n in range(4, len(item.model_key))]
        probes = {*family_prefixes(item.model_key), *wildcard_keys(item.model_key), *heads}  # (the heads repeat some)
        conds = [RecallModelKey.model_key.in_(sorted(probes))]
        if can_head_family(item.model_key):
            conds.append(starts_with(RecallModelKey.model_key, item.model_key))
        parts.append(select(RecallModelKey.recall_id).where(or_(*conds), RecallModelKey.excluded.is_(False)))
    if item.upc_key:
        parts.append(select(RecallUPC.recall_id).where(RecallUPC.upc == item.upc_key))
    if item.brand_key:
        parts.append(select(RecallBrandKey.recall_id).where(or_(*recall_brand_conditions(item.brand_key))))
    printed = _printed_brand_recalls(item)
    if not parts and not printed:
        return []
    found = [Recall.id.in_(union(*parts))] if parts else []
    found += [in_ids(Recall.id, printed)] if printed else []
    return list(db.session.scalars(select(Recall).where(or_(*found)).order_by(Recall.id)))


def _printed_brand_recalls(item: SavedProduct) -> list[int]:
    """Recalls whose title or product names print the member's brand (one to four words, as matching.brand_mentioned
    reads them: "Sparkle City", "Cracker Barrel"), when it isn't a brand the recall lists: the mirror of the recall
    direction's printed brands (lookups). Recalls, not saved products, are read: a LIKE on one word of the brand over
    the recalls' titles and names (a few thousand rows), then the exact rule on the few that have it."""
    if not item.brand_key or len(item.brand_key) < 2:  # the recall direction's printed brands are two letters or more
        return []
    words = sorted(re.findall(r"[^\W_]+", (item.brand or "").casefold()), key=len, reverse=True)
    probes = {item.brand_key[:6], *([words[0]] if words and len(words[0]) >= MIN_BRAND else [])}
    names = func.lower(Recall.title + " " + Recall.products)
    rows = db.session.execute(select(Recall.id, Recall.title, Recall.products).where(
        or_(*(names.like(f"%{_escape_like(p)}%", escape="\\") for p in sorted(probes))))).all()
    return [rid for rid, title, products in rows
            if any(item.brand_key in printed_brands(n) for n in recall_names(title, products))]
