"""The product catalog: the bundled seed, `flask catalog import` (idempotent upsert), search."""
from sqlalchemy import func, select

from tracker.models.catalog import CatalogProduct
from tracker.products import catalog


def test_seed_is_idempotent_and_valid(db):
    first = catalog.load_seed()
    db.session.commit()
    assert first["imported"] >= 30 and first["errors"] == 0
    again = catalog.load_seed()
    assert again == {"imported": 0, "updated": 0, "unchanged": first["imported"], "errors": 0}


def test_search_by_brand_alias_model_name_and_upc(db):
    catalog.load_seed()
    models = lambda q: {p.model_number for p in catalog.search(q)}  # noqa: E731
    assert {"A3102", "A3302", "A3117"} <= models("Soundcore")
    assert models("a 3102") == {"A3102"}
    assert "EFMIS121" in models("mini fridge")
    assert models("0-51751-14317-1") == {"ALMP-20IAA"}
    assert models("") == set()


def test_cli_import_upserts_and_reports(app, db, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("brand,model_number,name,upc,category,source\n"
                    "Acme,K-1,Kettle,036000291452,Kitchen,\n"
                    "Acme,,No model,,,\n"
                    "Acme,K-2,Toaster,036000291453,Kitchen,\n")
    runner = app.test_cli_runner()
    r = runner.invoke(args=["catalog", "import", str(path)])
    assert r.exit_code == 0 and r.output.strip().splitlines()[-1] == "imported=1 updated=0 unchanged=0 errors=2"
    path.write_text("brand,model_number,name,upc,category,source\nACME,k1,Electric kettle,,Kitchen,\n")
    r = runner.invoke(args=["catalog", "import", str(path)])
    assert r.output.strip().splitlines()[-1] == "imported=0 updated=1 unchanged=0 errors=0"
    assert db.session.scalar(select(CatalogProduct.name)) == "Electric kettle"
    assert db.session.scalar(select(func.count()).select_from(CatalogProduct)) == 1


def test_demo_load_gives_the_demo_member_products_once(app, db):
    from tracker.models.products import SavedProduct

    runner = app.test_cli_runner()
    for _ in range(2):
        assert runner.invoke(args=["demo", "load"]).exit_code == 0
    items = list(db.session.scalars(select(SavedProduct)))
    assert len(items) == 4
    a3102 = next(i for i in items if i.model_key == "A3102")
    assert a3102.serial_number == "AK31021234567890" and a3102.purchase_date.year == 2023
    assert a3102.catalog_product_id is not None
