"""Migration 0011: brand keys stored by the old normalize.brand_key ("It's a" read as the suffix "S.A.", dotted
"U.S.A." as "u s a") recomputed in batches, with the catalog's UNIQUE (brand key, model key) respected."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.recalls.conftest import enqueued, ingest, real  # noqa: F401  (fixtures)
from tracker.models.catalog import CatalogProduct
from tracker.models.products import SavedProduct
from tracker.models.recalls import Recall, RecallBrandKey, RecallChange

MIGRATION = Path(__file__).resolve().parents[1] / "migrations" / "versions" / "0011_rekey_brand_keys.py"


@pytest.fixture()
def migration():
    spec = importlib.util.spec_from_file_location("migration_0011", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stored_with_old_keys(db, ingest, make_user):
    """Rows as the old function stored them: recall 08324's "It's a Girl Thing" keyed "itgirlthing", a member's
    "Makita U.S.A." product keyed "makitau", two catalog rows the new key makes one product, and a catalog row whose
    new key is another moving row's old key."""
    from tracker.products import service

    ingest([real("08324"), real("25455"), real("25056")])
    db.session.execute(update(RecallBrandKey).where(RecallBrandKey.name == "It's a Girl Thing")
                       .values(brand_key="itgirlthing"))
    db.session.execute(update(Recall).values(crosschecked_version=Recall.version))
    user = make_user(days=30)
    girl = CatalogProduct(brand="It's a Girl Thing", model_number="Necklace", brand_key="itgirlthing",
                          model_key="NECKLACE")
    db.session.add_all([girl, CatalogProduct(brand="Its a Girl Thing", model_number="Necklace",
                                             brand_key="itsagirlthing", model_key="NECKLACE"),
                        CatalogProduct(brand="It's a Girl Thing", model_number="M2", brand_key="itgirlthing",
                                       model_key="M2"),
                        CatalogProduct(brand="Bead Bazaar", model_number="M2", brand_key="itsagirlthing",
                                       model_key="M2")])
    db.session.flush()
    items = [service.save(user, {"kind": "own", "brand": b, "model_number": m, "name": n})
             for b, m, n in [("Its a Girl Thing", "Necklace", "flower charm necklace"),
                             ("It's a Girl Thing", "Bracelet", ""), ("Makita U.S.A.", "XRH01", ""),
                             ("Anker", "A3102", "")]]
    items[1].brand_key, items[1].catalog_product_id, items[2].brand_key = "itgirlthing", girl.id, "makitau"
    db.session.commit()
    return items


def _rekey(db, migration) -> dict:
    db.session.remove()
    with db.engine.begin() as conn:
        counts = migration.rekey(conn, batch=2)
    return counts


def test_rekeying_fixes_keys_stored_by_the_old_function(db, ingest, make_user, migration):
    items = _stored_with_old_keys(db, ingest, make_user)
    ids = [i.id for i in items]

    assert _rekey(db, migration) == {"saved_products": 2, "catalog_products": 2, "catalog_merged": 1,
                                     "recalls_rekeyed": 1, "recalls_to_crosscheck": 2}

    keys = dict(db.session.execute(select(SavedProduct.id, SavedProduct.brand_key)).all())
    assert [keys[i] for i in ids] == ["itsagirlthing", "itsagirlthing", "makita", "anker"]
    catalog = sorted(db.session.execute(select(CatalogProduct.brand, CatalogProduct.brand_key,
                                               CatalogProduct.model_key)).all())
    assert catalog == [("Bead Bazaar", "beadbazaar", "M2"), ("It's a Girl Thing", "itsagirlthing", "M2"),
                       ("Its a Girl Thing", "itsagirlthing", "NECKLACE")]
    kept = db.session.scalar(select(CatalogProduct.id).where(CatalogProduct.brand == "Its a Girl Thing"))
    assert db.session.get(SavedProduct, ids[1]).catalog_product_id == kept  # pointed at the merged row

    girl, makita, anker = (db.session.scalar(select(Recall).filter_by(recall_number=n))
                           for n in ("08324", "25455", "25056"))
    assert sorted((k.brand_key, k.name) for k in girl.brand_keys) == [("beadbazaar", "Bead Bazaar USA"),
                                                                      ("itsagirlthing", "It's a Girl Thing")]
    assert (girl.version, girl.crosschecked_version) == (2, None)
    assert [c.summary for c in girl.changes if c.source == "parser"] == [migration.NOTE]
    # 25455's rows were right already ("makita"), but a member's key moved onto them: checked again, same version
    assert [k.brand_key for k in makita.brand_keys] == ["makita"]
    assert (makita.version, makita.crosschecked_version) == (1, None)
    assert (anker.version, anker.crosschecked_version) == (1, 1)


def test_rekeying_twice_changes_nothing_more(db, ingest, make_user, migration):
    _stored_with_old_keys(db, ingest, make_user)
    _rekey(db, migration)
    assert set(_rekey(db, migration).values()) == {0}


def test_after_rekeying_a_product_typed_without_the_apostrophe_finds_the_recall_on_save(db, ingest, make_user,
                                                                                      migration):
    """The save direction looks the member's key up in the stored recall keys ("itsagirlthing")."""
    from tracker.alerts.candidates import candidate_recalls

    necklace = _stored_with_old_keys(db, ingest, make_user)[0].id
    _rekey(db, migration)
    found = [r.recall_number for r in candidate_recalls(db.session.get(SavedProduct, necklace))]
    assert found == ["08324"]
