"""Long lists: numbered pages on My products, keyset seek under every sort (ties and empty values included), and
an export with every product. A member with 1,205 products is inserted in one statement."""
import html
import re

import pytest

from tests.products.helpers import add_product, bulk_products
from tracker.accounts.service import find_user
from tracker.products import service
from tracker.products.paging import InvalidCursor, encode

TOTAL = 1205


@pytest.fixture()
def member(auth):
    auth.login("ada@example.com", days=30)
    user = find_user("ada@example.com")
    bulk_products(user, TOTAL)
    return user


def _ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="product-(\d+)"', page)]


def _next(page: str) -> str | None:
    m = re.search(r'<a rel="next" href="([^"]+)"', page)
    return html.unescape(m.group(1)) if m else None


def test_pages_show_position_total_and_walk_every_product_once(client, member):
    page = client.text("/products/")
    assert "Showing 1–50 of 1,205 · page 1 of 25" in page and 'rel="prev"' not in page
    seen, url, pages = [], "/products/", 0
    while url:
        page = client.text(url)
        seen += _ids(page)
        url, pages = _next(page), pages + 1
    assert pages == 25 and len(seen) == TOTAL == len(set(seen))
    assert "Showing 1,201–1,205 of 1,205 · page 25 of 25" in page and 'rel="prev"' in page
    assert seen == [i.id for i in service.page(member, size=TOTAL).items]  # newest first, as before


@pytest.mark.parametrize("value, shown", [("abc", 1), ("-3", 1), ("0", 1), ("2.5", 1), ("999", 25), ("25", 25),
                                          ("99999999999999999999", 25)])
def test_bad_and_out_of_range_page_numbers_are_clamped(client, member, value, shown):
    r = client.get(f"/products/?page={value}")
    assert r.status_code == 200
    assert f"page {shown} of 25" in r.get_data(as_text=True)


def test_search_list_and_sort_survive_paging(client, member):
    full = [i.id for i in service.page(member, "anker", "own", "brand", size=TOTAL).items]
    assert len(full) == 201  # Anker is every 4th product, a third of those on the wish list: five pages
    page = client.text("/products/?q=anker&kind=own&sort=brand")
    link = _next(page)
    assert {"q=anker", "kind=own", "sort=brand", "page=2"} <= set(link.split("?")[1].split("&"))
    seen = _ids(page)
    while link:
        page = client.text(link)
        seen, link = seen + _ids(page), _next(page)
    assert seen == full
    assert "Showing 201–201 of 201 · page 5 of 5" in page
    assert 'aria-current="page"' in page and 'value="anker"' in page and '<option value="brand" selected' in page


def test_empty_search_and_short_lists_say_so(client, auth):
    auth.login("bob@example.com", days=30)
    assert "Nothing saved here yet" in client.text("/products/?page=7")
    add_product(find_user("bob@example.com"))
    page = client.text("/products/?page=3")
    assert "1 product." in page and 'class="pager"' not in page and "A3102" in page
    assert "No products match" in client.text("/products/?q=nothing-like-this&page=2")


def test_numbered_pages_match_the_full_order_and_count_is_exact(member):
    for sort in service.SORT_KEYS:
        full = [i.id for i in service.page(member, sort=sort, size=TOTAL).items]
        pages = [service.page(member, sort=sort, number=n, size=100) for n in range(1, 14)]
        assert [i.id for p in pages for i in p.items] == full, sort
    assert service.count(member) == TOTAL and service.count(member, kind="love") == 402
    assert (pages[-1].first, pages[-1].last, pages[-1].pages) == (1201, 1205, 13)


@pytest.mark.parametrize("sort", ["newest", "oldest", "brand", "name", "purchased"])
def test_seek_walks_every_sort_once_across_ties_and_empty_values(member, sort):
    full = [i.id for i in service.page(member, sort=sort, size=TOTAL).items]
    seen, cursor = [], None
    while True:
        items, cursor = service.seek(member, sort=sort, cursor=cursor, limit=97)
        seen += [i.id for i in items]
        if cursor is None:
            break
    assert seen == full and len(set(seen)) == TOTAL


def test_seek_is_not_thrown_by_rows_added_or_deleted_mid_walk(member):
    first, cursor = service.seek(member, sort="brand", limit=300)
    service.delete(first[-1])  # the cursor's own row
    add_product(member, brand="Aardvark")  # sorts before the cursor: not shown again, nothing shifts
    rest = []
    while cursor:
        items, cursor = service.seek(member, sort="brand", cursor=cursor, limit=300)
        rest += [i.id for i in items]
    assert len(rest) == TOTAL - 300 and not {i.id for i in first} & set(rest)


@pytest.mark.parametrize("cursor", ["", "not base64!", "bm90IGpzb24", encode("brand", ["x", "y", 1]),
                                    encode("newest", ["2024-01-01T00:00:00", 5]), encode("newest", ["yesterday", 5]),
                                    encode("newest", ["2024-01-01T00:00:00+00:00", "5"]),
                                    encode("newest", ["2024-01-01T00:00:00+00:00", True]),
                                    encode("newest", [None, 5]), encode("newest", [1])])
def test_unreadable_or_foreign_cursors_are_refused(member, cursor):
    with pytest.raises(InvalidCursor):
        service.seek(member, sort="newest", cursor=cursor)


def test_export_has_every_product_in_flat_batches(client, member):
    sizes = [len(b) for b in service.batches(member)]
    assert sizes == [1000, 205]
    r = client.get("/products/export.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    lines = r.get_data(as_text=True).split("\r\n")
    assert lines[0].startswith("kind,brand,model_number,") and lines[-1] == ""
    serials = [line.split(",")[4] for line in lines[1:-1]]
    assert len(serials) == TOTAL == len(set(serials)) and serials[0] == "SN00000" and serials[-1] == "SN01204"


def test_export_of_an_empty_list_is_the_header(client, auth):
    auth.login("bob@example.com", days=30)
    assert client.text("/products/export.csv") == ",".join(
        ("kind", "brand", "model_number", "name", "serial_number", "purchase_date", "retailer", "upc", "nickname",
         "notes")) + "\r\n"
