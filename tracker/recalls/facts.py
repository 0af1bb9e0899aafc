"""What the matcher needs to know about a recall, from a fresh parse or from the stored rows. Pure: no Flask, no DB.

The cross-check service builds RecallFacts from the stored columns (recall_model_keys rows, recall_brand_keys names,
recall_upcs, the scope JSON, title/products/description); tests and the quality report build them from
parsing.ParsedRecall. Both go through `facts_from_columns`, so the two paths can't drift apart."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.normalize import brand_key, recall_display_number, upc_key
from tracker.recalls.matching import RecallFacts, RecallModel

if TYPE_CHECKING:
    from tracker.recalls.parsing import ParsedRecall


def facts_from_parsed(parsed: ParsedRecall) -> RecallFacts:
    """RecallFacts from a parsed record (the same mapping the stored rows go through)."""
    return facts_from_columns(
        parsed.recall_number, models=[(m.key, m.text, m.excluded) for m in parsed.models], brands=parsed.brands,
        upcs=parsed.upcs, scope=parsed.scope, text=parsed.description,
        # products are stored joined by "; " and read back split on it: a name holding "; " splits the same way here
        names=[parsed.title, *(p for p in "; ".join(parsed.products).split("; ") if p)])


def facts_from_columns(number: str, models: Iterable[tuple[str, str, bool]], brands: Iterable[str],
                       upcs: Iterable[str], scope: dict | None, names: Iterable[str] = (), text: str = "") -> RecallFacts:
    """RecallFacts from stored values: (model_key, text, excluded) rows, brand display names, UPCs, scope JSON."""
    brands = [b for b in brands if b]
    keys = [k for k in (brand_key(b) for b in brands) if k]
    return RecallFacts(
        number=recall_display_number(number), brand_keys=set(keys),
        models=[RecallModel(key, text_, bool(excluded)) for key, text_, excluded in models if key],
        upcs={u for u in (upc_key(x) for x in upcs) if u}, scope=dict(scope or {}), maker=_maker(brands, keys),
        names=[n for n in names if n], text=text or "")


def _maker(brands: list[str], keys: list[str]) -> str:
    """The shortest display name of the first brand ('Anker', not 'Anker Innovations Limited')."""
    if not keys:
        return ""
    first = [b for b in brands if brand_key(b) == keys[0]]
    return min(first, key=len) if first else brands[0]
