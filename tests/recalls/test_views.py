"""Public recall pages and the recall JSON API."""
from __future__ import annotations

import pytest

from tests.recalls.conftest import real


@pytest.fixture()
def recalls(ingest):
    hostile = {**real("26347"), "RecallNumber": "99100", "RecallID": 991000,
               "Title": "<script>alert(1)</script>Evil Kettle Recall",
               "Description": 'Model EK-100 <img src=x onerror="alert(2)"> kettles. See javascript:alert(3)',
               "ConsumerContact": 'Call 800-555-0100 or visit https://example.com/"><script>x</script>',
               "Images": [{"URL": "javascript:alert(4)", "Caption": "<b>caption</b>"}]}
    ingest([real("25056"), real("26347"), real("26096"), real("25189"), hostile])


def test_recall_page_is_built_like_the_article(client, recalls):
    page = client.text("/recalls/25-056")
    for part in ("What to do now", "Check your product", "The Details", "The problem", "The fix",
                 "How to contact the manufacturer", "About 69,000", "Exclusively online at Amazon.com",
                 "33 reports of incidents", "A3102016", "Recall number 25-056"):
        assert part in page, part
    assert '<a href="tel:8009887973">800-988-7973</a>' in page
    assert '<a href="mailto:support@anker.com">support@anker.com</a>' in page
    assert 'href="https://www.cpsc.gov/Recalls/2025/Anker-Soundcore' in page
    assert '<img src="https://www.cpsc.gov/s3fs-public/anker-1_0.png"' in page
    assert 'href="https://www.anker.com/product-recalls"' in page and "underside" in page
    assert client.get("/recalls/25056").status_code == 200 and client.get("/recalls/99-999").status_code == 404


def test_source_text_is_escaped(client, recalls):
    page = client.text("/recalls/99-100")
    assert "<script>alert(1)" not in page and 'onerror="alert(2)"' not in page and "<script>x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Evil Kettle Recall" in page
    assert "javascript:alert(4)" not in page and "&lt;b&gt;caption" not in page  # unsafe image skipped entirely
    assert "<b>caption</b>" not in page


def test_check_your_product_checks_serial_ranges_and_date_codes(client, recalls):
    page = client.text("/recalls/26-347?serial=18A 1234567 000")
    assert "verdict-affected" in page and "recalled range" in page
    assert "verdict-not_affected" in client.text("/recalls/26-347?serial=22A 1234567 000")
    assert "verdict-affected" in client.text("/recalls/26-096?date_code=202411")
    assert "verdict-not_affected" in client.text("/recalls/26-096?date_code=202502")
    assert 'name="serial"' not in client.text("/recalls/25-056")  # 25056: the manufacturer's SN lookup only


def test_search_and_browse(client, recalls):
    page = client.text("/recalls/")
    assert page.index("Evil Kettle") < page.index("Petzl") < page.index("Anker Soundcore")  # newest first
    assert "Anker Soundcore" in client.text("/recalls/?q=A3102")
    assert "Anker Soundcore" not in client.text("/recalls/?q=kettle")
    assert "Anker Soundcore" in client.text("/recalls/?brand=AnkerWork")
    assert "Woolite" in client.text("/recalls/?hazard=bacteria") and "Anker" not in client.text("/recalls/?hazard=bacteria")
    assert "Anker Soundcore" not in client.text("/recalls/?from=2025-01-01")
    assert "Use a date like" in client.text("/recalls/?from=yesterday")


def test_api_search_and_detail(client, recalls):
    one, two = client.get("/api/v1/recalls/25056").json, client.get("/api/v1/recalls/25-056").json
    assert one == two and one["recall_number"] == "25-056" and "800-988-7973" in one["contact"]["phones"]
    assert {"A3102", "A3302"} <= {m["key"] for m in one["models"]} and "anker" in one["brand_keys"]
    found = client.get("/api/v1/recalls?q=Soundcore").json
    assert found["total"] == 1 and found["items"][0]["recall_number"] == "25-056"
    assert client.get("/api/v1/recalls/12345").status_code == 404
    assert client.get("/api/v1/recalls?from=nope").status_code == 422


def test_openapi_documents_the_recall_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json
    assert {"/recalls", "/recalls/{number}"} <= set(doc["paths"]) and "RecallDetail" in doc["components"]["schemas"]
