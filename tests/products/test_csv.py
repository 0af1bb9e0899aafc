"""CSV import (preview with per-row errors, nothing saved before confirming) and export, round trip."""
import io
import re

from sqlalchemy import func, select

from tests.products.helpers import add_product
from tracker.accounts.service import find_user
from tracker.models.products import SavedProduct

GOOD_AND_BAD = (
    "Kind,Brand,Model Number,Name,Serial Number,Purchase Date,Retailer,UPC,Nickname,Notes\n"
    "own,Anker,A3102,Soundcore speaker,AK31021234567890,2023-05-02,Amazon,,Kitchen,\n"
    "love,EcoFlow,EFD310,Delta Max,,,,,,\n"
    "own,,X100,No brand,,,,,,\n"
    "own,Acme,K-1,Kettle,,2999-01-01,,,,\n"
    "steal,Acme,K-2,Toaster,,,,036000291453,,\n"
    ",Frigidaire,EFMIS121,Mini fridge,,2/3/2024,Walmart,,,\n"
)


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(SavedProduct))


def _upload(client, text: str, name="products.csv"):
    return client.submit("/products/import", {"file": (io.BytesIO(text.encode()), name)})


def _confirm(client, preview_html: str):
    payload = re.search(r'name="payload" type="hidden" value="([^"]*)"', preview_html).group(1)
    return client.submit("/products/", {"payload": payload}, action="/products/import/confirm")


def test_preview_lists_row_errors_and_saves_nothing_until_confirmed(client, auth, db):
    auth.login("ada@example.com", days=30)
    r = _upload(client, GOOD_AND_BAD)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<strong>3</strong> of 6 rows can be imported" in html
    assert "brand: This field is required." in html
    assert "purchase_date: The purchase date can&#39;t be in the future." in html
    assert "kind: Choose" in html and "upc: This code&#39;s last digit" in html
    assert _count(db) == 0
    r = _confirm(client, html)
    assert r.status_code == 302
    items = {i.model_number: i for i in db.session.scalars(select(SavedProduct))}
    assert set(items) == {"A3102", "EFD310", "EFMIS121"}
    assert items["EFD310"].kind == "love" and items["EFMIS121"].kind == "own"
    assert items["EFMIS121"].purchase_date.isoformat() == "2024-02-03"  # M/D/YYYY from a spreadsheet


def test_rows_already_saved_are_skipped(client, auth, db):
    auth.login("ada@example.com", days=30)
    add_product(find_user("ada@example.com"), model_number="A3102", serial_number="AK31021234567890")
    html = _upload(client, GOOD_AND_BAD).get_data(as_text=True)
    assert "Already saved: skipped" in html and "<strong>2</strong> of 6" in html
    _confirm(client, html)
    assert _count(db) == 3


def test_unreadable_files_are_refused_with_a_reason(client, auth, db):
    auth.login("ada@example.com", days=30)
    r = _upload(client, "this,is,not\nour,format,at all\n")
    assert r.status_code == 422 and "brand" in r.get_data(as_text=True) and "model_number" in r.get_data(as_text=True)
    r = client.submit("/products/import", {})
    assert r.status_code == 422 and "Choose a CSV file." in r.get_data(as_text=True)
    r = client.submit("/products/", {"payload": "not base64!"}, action="/products/import/confirm")
    assert r.status_code == 302 and _count(db) == 0


def test_semicolon_csv_with_bom_and_windows_encoding(client, auth, db):
    auth.login("ada@example.com", days=30)
    text = "brand;model_number;name\r\nBrandé;M-1;Café lamp\r\n"
    r = client.submit("/products/import", {"file": (io.BytesIO(b"\xef\xbb\xbf" + text.encode()), "a.csv")})
    assert "<strong>1</strong> of 1" in r.get_data(as_text=True)
    r = client.submit("/products/import", {"file": (io.BytesIO(text.encode("cp1252")), "b.csv")})
    html = r.get_data(as_text=True)
    assert "Café lamp" in html
    _confirm(client, html)
    assert db.session.scalar(select(SavedProduct.brand)) == "Brandé"


def test_export_then_import_round_trips_as_typed(client, auth, db):
    auth.login("ada@example.com", days=30)
    add_product(find_user("ada@example.com"), model_number="a-3102", nickname="=HYPERLINK(\"x\")",
                notes="line one, \"quoted\"\nline two", upc="036000291452")
    add_product(find_user("ada@example.com"), kind="love", brand="EcoFlow", model_number="EFD310", name=None,
                serial_number=None, purchase_date=None, retailer=None)
    r = client.get("/products/export.csv")
    assert r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    exported = r.get_data(as_text=True)
    assert "'=HYPERLINK" in exported  # a spreadsheet won't run it
    auth.logout()
    auth.login("bob@example.com", days=30)
    _confirm(client, _upload(client, exported).get_data(as_text=True))
    bob = find_user("bob@example.com")
    fields = ("kind", "brand", "model_number", "name", "serial_number", "purchase_date", "retailer", "upc",
              "nickname", "notes")
    rows = lambda u: sorted(tuple(getattr(i, f) for f in fields) for i in db.session.scalars(  # noqa: E731
        select(SavedProduct).where(SavedProduct.user_id == u.id)))
    assert rows(bob) == rows(find_user("ada@example.com"))


def test_template_download(client, auth):
    auth.login("ada@example.com", days=30)
    text = client.text("/products/import/template.csv")
    assert text.startswith("kind,brand,model_number,") and "A3102" in text


def test_a_large_file_survives_the_confirm_step(client, auth, db):
    auth.login("ada@example.com", days=30)
    # ~460 kB (under the test client's 500 kB spool-to-disk size); its base64 (~610 kB) comes back on confirm.
    rows = "".join(f"Acme,M-{i},Lamp {i},{'n' * 1900}\n" for i in range(240))
    html = _upload(client, "brand,model_number,name,notes\n" + rows).get_data(as_text=True)
    assert "<strong>240</strong> of 240" in html
    assert _confirm(client, html).status_code == 302
    assert _count(db) == 240
