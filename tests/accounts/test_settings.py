"""Account settings: password and email change, sessions, tokens, deletion."""
from sqlalchemy import func, select

from tests.helpers import Browser

from tracker.models.accounts import ApiToken, LoginSession, User

PW = "Correct-Horse-Battery-9"


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth):
    auth.login("ada@example.com")
    laptop = Browser(app.test_client())


    laptop.submit("/login", {"email": "ada@example.com", "password": PW})
    assert laptop.logged_in()
    r = client.submit("/account", {"pw-current_password": PW, "pw-password": "New-Passphrase-2026",
                                   "pw-confirm": "New-Passphrase-2026"}, action="/account/password", prefix="pw")
    assert r.status_code == 302
    assert client.logged_in()
    assert not laptop.logged_in()


def test_password_change_with_wrong_current_password_shows_error(client, auth):
    auth.login("ada@example.com")
    r = client.submit("/account", {"pw-current_password": "nope-nope-nope", "pw-password": "New-Passphrase-2026",
                                   "pw-confirm": "New-Passphrase-2026"}, action="/account/password", prefix="pw")
    assert r.status_code == 422 and "Your current password is not correct." in r.get_data(as_text=True)


def test_change_email_normalizes_and_refuses_taken_address(client, auth, make_user, db):
    make_user("taken@example.com")
    auth.login("ada@example.com")
    r = client.submit("/account", {"em-email": "TAKEN@example.com", "em-password": PW}, action="/account/email",
                      prefix="em")
    assert r.status_code == 422 and "can&#39;t be used" in r.get_data(as_text=True)
    r = client.submit("/account", {"em-email": "Ada.New@Example.com", "em-password": PW}, action="/account/email",
                      prefix="em")
    assert r.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ada.new@example.com")) == 1


def test_delete_account_removes_all_data_and_ends_session(app, client, auth, db):
    auth.login("ada@example.com", days=30)
    stolen = client.get_cookie("session").value
    client.submit("/account", {"tok-name": "script"}, action="/account/tokens", prefix="tok")
    r = client.submit("/account", {"del-password": PW, "del-confirm": "DELETE"}, action="/account/delete",
                      prefix="del")
    assert r.status_code == 302
    for model in (User, LoginSession, ApiToken):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    thief = Browser(app.test_client())
    thief.set_cookie("session", stolen)
    assert "Log out" not in thief.get("/").get_data(as_text=True)


def test_delete_account_needs_password_and_confirmation(client, auth, db):
    auth.login("ada@example.com")
    r = client.submit("/account", {"del-password": PW, "del-confirm": "yes"}, action="/account/delete", prefix="del")
    assert r.status_code == 422 and "Type DELETE" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_create_and_revoke_api_token(client, auth, db):
    auth.login("ada@example.com")
    client.submit("/account", {"tok-name": "home script"}, action="/account/tokens", prefix="tok")
    page = client.text("/account")
    import re

    token = re.search(r'<code class="token">(rt_[^<]+)</code>', page).group(1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert token not in client.text("/account")  # shown once
    tid = db.session.scalar(select(ApiToken.id))
    client.submit("/account", {}, action=f"/account/tokens/{tid}/revoke")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_log_out_other_devices(app, client, auth):

    auth.login("ada@example.com")
    phone = Browser(app.test_client())
    phone.submit("/login", {"email": "ada@example.com", "password": PW})
    client.submit("/account", {}, action="/account/sessions/end-others")
    assert client.logged_in() and not phone.logged_in()


def test_settings_need_login(client):
    r = client.get("/account")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
