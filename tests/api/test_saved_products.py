"""`/api/v1/saved-products` as in CONTRACT.md: 201/200/204, 422 per-field errors, 404 across members, 401, 402;
pages through `limit`, `cursor` and `next`."""
import pytest

from tests.products.helpers import A3102, add_product, api_token, bulk_products
from tracker.products import service

URL = "/api/v1/saved-products"


@pytest.fixture()
def owner(make_user):
    user = make_user("owner@example.com", days=30)
    return user, api_token(user)


def test_create_list_get_patch_delete(client, owner):
    _, headers = owner
    r = client.post(URL, json=A3102, headers=headers)
    assert r.status_code == 201
    item = r.get_json()
    assert {k: item[k] for k in A3102} == A3102 and isinstance(item["id"], int)
    assert client.get(URL, headers=headers).get_json()["items"] == [item]
    assert client.get(f"{URL}/{item['id']}", headers=headers).get_json() == item
    r = client.patch(f"{URL}/{item['id']}", json={"kind": "love", "nickname": "Kitchen", "id": item["id"]},
                     headers=headers)
    assert r.status_code == 200
    assert (r.get_json()["kind"], r.get_json()["nickname"], r.get_json()["serial_number"]) == \
        ("love", "Kitchen", A3102["serial_number"])
    r = client.delete(f"{URL}/{item['id']}", headers=headers)
    assert r.status_code == 204 and r.get_data() == b""
    assert client.get(URL, headers=headers).get_json() == {"items": [], "next": None}
    assert client.delete(f"{URL}/{item['id']}", headers=headers).status_code == 404


def test_model_is_kept_as_typed(client, owner):
    _, headers = owner
    r = client.post(URL, json={"kind": "own", "brand": "soundcore", "model_number": "a-3102 "}, headers=headers)
    assert r.get_json()["model_number"] == "a-3102" and r.get_json()["brand"] == "soundcore"


def test_bad_input_gets_422_with_per_field_errors(client, owner, db):
    _, headers = owner
    r = client.post(URL, json={"kind": "steal", "purchase_date": "yesterday", "upc": "036000291453",
                               "colour": "red"}, headers=headers)
    body = r.get_json()
    assert r.status_code == 422 and body["error"] == "validation_failed" and body["message"]
    assert set(body["fields"]) == {"kind", "brand", "model_number", "purchase_date", "upc", "colour"}
    assert body["fields"]["brand"] == ["This field is required."]
    r = client.post(URL, json={"kind": "own", "brand": "B", "model_number": "M", "purchase_date": "2999-01-01",
                               "upc": "036000291453", "name": "x" * 201}, headers=headers)
    assert set(r.get_json()["fields"]) == {"purchase_date", "upc", "name"}
    r = client.post(URL, data="not json", headers={**headers, "Content-Type": "application/json"})
    assert r.status_code == 422 and "body" in r.get_json()["fields"]
    r = client.post(URL, json=["a list"], headers=headers)
    assert r.status_code == 422
    assert client.get(URL, headers=headers).get_json() == {"items": [], "next": None}


def test_patch_validates_too(client, owner):
    user, headers = owner
    item = add_product(user)
    r = client.patch(f"{URL}/{item.id}", json={"brand": "", "purchase_date": "2023-13-01"}, headers=headers)
    assert r.status_code == 422 and set(r.get_json()["fields"]) == {"brand", "purchase_date"}


def test_another_member_gets_404_and_the_item_is_unchanged(client, owner, make_user):
    user, headers = owner
    item = add_product(user)
    other = api_token(make_user("other@example.com", days=30))
    assert client.get(URL, headers=other).get_json() == {"items": [], "next": None}
    assert client.get(f"{URL}/{item.id}", headers=other).status_code == 404
    r = client.patch(f"{URL}/{item.id}", json={"name": "mine now"}, headers=other)
    assert r.status_code == 404 and r.get_json()["error"] == "not_found"
    assert client.delete(f"{URL}/{item.id}", headers=other).status_code == 404
    assert client.get(f"{URL}/{item.id}", headers=headers).get_json()["name"] == A3102["name"]


def test_inactive_member_gets_402_and_keeps_data(client, make_user):
    user = make_user("lapsed@example.com")
    item = add_product(user)
    headers = api_token(user)
    for method, path in [("get", URL), ("post", URL), ("patch", f"{URL}/{item.id}"), ("delete", f"{URL}/{item.id}")]:
        r = getattr(client, method)(path, json=A3102, headers=headers)
        assert r.status_code == 402 and r.get_json()["error"] == "membership_inactive"
        assert r.get_json()["reason"] == "none" and r.get_json()["reactivate_url"]
    from tracker.products import service

    assert service.get_owned(user, item.id) is not None


def test_without_token_401(client):
    for method, path in [("get", URL), ("post", URL), ("patch", f"{URL}/1"), ("delete", f"{URL}/1")]:
        r = getattr(client, method)(path, json=A3102)
        assert r.status_code == 401 and r.get_json()["error"] == "unauthorized"
    assert client.post(URL, json=A3102, headers={"Authorization": "Bearer nope"}).status_code == 401


def test_list_filters_and_sorts(client, owner):
    user, headers = owner
    add_product(user, brand="Zebra", model_number="Z1", kind="love")
    add_product(user, brand="Acme", model_number="A1")
    brands = lambda qs: [i["brand"] for i in client.get(URL + qs, headers=headers).get_json()["items"]]  # noqa: E731
    assert brands("?sort=brand") == ["Acme", "Zebra"]
    assert brands("?kind=love") == ["Zebra"] and brands("?q=z-1") == ["Zebra"]


def test_openapi_documents_every_saved_products_route(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    routes = {(r.rule.removeprefix("/api/v1").replace("<int:item_id>", "{item_id}"), m.lower())
              for r in app.url_map.iter_rules() if "saved-products" in r.rule
              for m in r.methods - {"HEAD", "OPTIONS"}}
    documented = {(p, m) for p, ops in doc["paths"].items() for m in ops if m != "parameters"}
    assert routes <= documented
    assert {"SavedProduct", "SavedProductInput", "ValidationError"} <= set(doc["components"]["schemas"])
    required = doc["components"]["schemas"]["SavedProductInput"]["required"]
    assert required == ["kind", "brand", "model_number"]


def _walk(client, headers, url):
    """Every page from `url` on, following `next`; returns (items, pages)."""
    items, pages = [], 0
    while url:
        r = client.get(url, headers=headers)
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
        assert set(body) == {"items", "next"}
        items, url, pages = items + body["items"], body["next"], pages + 1
    return items, pages


def test_pages_walked_through_next_give_every_item_once(client, owner):
    user, headers = owner
    bulk_products(user, 1205)
    items, pages = _walk(client, headers, URL)
    ids = [i["id"] for i in items]
    assert pages == 13 and len(ids) == 1205 == len(set(ids))  # default limit 100
    assert client.get(URL, headers=headers).get_json()["next"].startswith("http://localhost/api/v1/saved-products?")
    assert _walk(client, headers, URL + "?limit=500")[1] == 3
    assert [i["id"] for i in _walk(client, headers, URL + "?limit=37")[0]] == ids
    assert len(client.get(URL + "?limit=7", headers=headers).get_json()["items"]) == 7


@pytest.mark.parametrize("sort", ["brand", "name", "purchased", "oldest"])
def test_paging_on_a_shared_brand_breaks_ties_on_id(client, owner, sort):
    user, headers = owner
    bulk_products(user, 1205, brand="Acme")  # one brand, 50 models: long runs of equal keys
    items, _ = _walk(client, headers, f"{URL}?sort={sort}&limit=101")
    ids = [i["id"] for i in items]
    assert len(ids) == 1205 == len(set(ids))
    assert ids == [i.id for i in service.page(user, sort=sort, size=2000).items]


def test_filters_and_sort_are_kept_in_next(client, owner):
    user, headers = owner
    bulk_products(user, 1205)
    first = client.get(URL + "?q=anker&kind=own&sort=brand&limit=50", headers=headers).get_json()
    assert {"q=anker", "kind=own", "sort=brand", "limit=50"} <= set(first["next"].split("?")[1].split("&"))
    items, pages = _walk(client, headers, URL + "?q=anker&kind=own&sort=brand&limit=50")
    assert pages == 5 and len(items) == 201
    assert all(i["brand"] == "Anker" and i["kind"] == "own" for i in items)
    assert [i["model_number"] for i in items] == sorted(i["model_number"] for i in items)


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", "limit=501", "limit=abc", "limit=1.5", "limit=%201e3",
                                   "limit=%C2%B2"])  # the last: a superscript 2, a "digit" int() refuses
def test_bad_limit_is_400(client, owner, query):
    _, headers = owner
    r = client.get(f"{URL}?{query}", headers=headers)
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_limit" and "500" in r.get_json()["message"]


def test_bad_or_foreign_cursor_is_400(client, owner):
    user, headers = owner
    bulk_products(user, 30)
    cursor = client.get(URL + "?sort=brand&limit=10", headers=headers).get_json()["next"].split("cursor=")[1]
    assert client.get(f"{URL}?sort=brand&cursor={cursor}", headers=headers).status_code == 200
    for query in ("sort=brand&cursor=garbage", f"sort=brand&cursor={cursor[:-3]}", "cursor=e30",
                  f"sort=name&cursor={cursor}", f"cursor={cursor}"):  # the last two: made for another sort
        r = client.get(f"{URL}?{query}", headers=headers)
        assert r.status_code == 400 and r.get_json()["error"] == "invalid_cursor", query
    assert len(client.get(f"{URL}?cursor=", headers=headers).get_json()["items"]) == 30  # empty: from the start


def test_a_cursor_shows_nothing_of_another_member(client, owner, make_user):
    user, headers = owner
    bulk_products(user, 30)
    cursor = client.get(URL + "?limit=10", headers=headers).get_json()["next"].split("cursor=")[1]
    other = api_token(make_user("other@example.com", days=30))
    assert client.get(f"{URL}?cursor={cursor}", headers=other).get_json() == {"items": [], "next": None}


def test_openapi_documents_paging(client):
    op = client.get("/api/v1/openapi.json").get_json()["paths"]["/saved-products"]["get"]
    params = {p["name"]: p["schema"] for p in op["parameters"]}
    assert params["limit"]["maximum"] == 500 and params["limit"]["default"] == 100 and "cursor" in params
    assert "next" in op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert "400" in op["responses"]
