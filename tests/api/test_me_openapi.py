"""The API skeleton: /me, tokens, errors, and an OpenAPI document that stays true."""
from tracker.accounts import service
from tracker.extensions import db


def _token(user):
    raw = service.create_api_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_me_requires_a_token(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401 and r.json["error"] == "unauthorized" and "Bearer" in r.headers["WWW-Authenticate"]
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer rt_nope"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Basic Zm9vOmJhcg=="}).status_code == 401


def test_me_shows_membership(client, make_user):
    body = client.get("/api/v1/me", headers=_token(make_user("ada@example.com", days=30))).json
    assert body["email"] == "ada@example.com"
    m = body["membership"]
    assert m["active"] is True and m["status"] == "complimentary" and m["reason"] is None and m["ends_at"]


def test_me_for_a_member_who_never_joined(client, make_user):
    m = client.get("/api/v1/me", headers=_token(make_user("bob@example.com"))).json["membership"]
    assert m == {"status": "none", "active": False, "reason": "none", "ends_at": None}


def test_session_cookie_does_not_authenticate_the_api(client, auth):
    auth.login("ada@example.com")
    assert client.get("/api/v1/me").status_code == 401


def test_api_errors_are_json(client):
    r = client.get("/api/v1/nope")
    assert r.status_code == 404 and r.json["error"] == "not_found"


def test_openapi_document_lists_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} missing from openapi.json"
