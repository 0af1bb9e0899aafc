"""Sign-up, log-in and log-out through the real forms."""
from tests.helpers import Browser
from sqlalchemy import select

from tracker.models.accounts import LoginSession, User

PW = "Correct-Horse-Battery-9"


def test_signup_creates_account_with_normalized_email_and_argon2id(client, db, mailbox):
    r = client.submit("/signup", {"email": "  Ada.Lovelace@Example.COM ", "password": PW})
    assert r.status_code == 302 and r.headers["Location"].endswith("/login")
    user = db.session.scalar(select(User))
    assert user.email == "ada.lovelace@example.com"
    assert user.password_hash.startswith("$argon2id$") and PW not in user.password_hash
    assert mailbox.messages()[0]["To"] == "ada.lovelace@example.com"
    assert client.submit("/login", {"email": "ADA.lovelace@example.com", "password": PW}).status_code == 302
    assert client.logged_in()


def test_signup_does_not_reveal_existing_accounts(client, make_user):
    make_user("taken@example.com")
    fresh = client.submit("/signup", {"email": "new@example.com", "password": PW}, follow=True)
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    taken = client.submit("/signup", {"email": "taken@example.com", "password": PW}, follow=True)
    assert fresh.status_code == taken.status_code == 200
    msg = "Check your inbox: we&#39;ve sent you an email."
    assert msg in fresh.get_data(as_text=True) and msg in taken.get_data(as_text=True)


def test_signup_errors_are_shown_next_to_the_field(client, db):
    r = client.submit("/signup", {"email": "not-an-email", "password": "short"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Use at least 10 characters." in page
    assert db.session.scalar(select(User)) is None


def test_login_same_answer_for_unknown_email_and_wrong_password(client, make_user):
    make_user("ada@example.com")
    a = client.submit("/login", {"email": "ada@example.com", "password": "wrong-password-1"})
    b = client.submit("/login", {"email": "nobody@example.com", "password": "wrong-password-1"})
    strip = lambda r: r.get_data(as_text=True).replace("nobody@example.com", "ada@example.com")  # noqa: E731
    import re
    strip2 = lambda t: re.sub(r'value="[^"]*"', "", t)  # noqa: E731
    assert a.status_code == b.status_code == 401
    assert strip2(strip(a)) == strip2(strip(b))
    assert "Email or password is incorrect." in a.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_user):
    make_user("ada@example.com")
    r = client.post("/login", data={"email": "ada@example.com", "password": PW})
    assert r.status_code == 400 and not client.logged_in()


def test_logout_ends_the_server_side_session_for_copied_cookies(app, client, auth, db):
    auth.login("ada@example.com")
    stolen = client.get_cookie("session").value
    assert client.logged_in()
    auth.logout()
    assert not client.logged_in()
    thief = Browser(app.test_client())
    thief.set_cookie("session", stolen)
    assert "Log out" not in thief.get("/").get_data(as_text=True)
    assert db.session.scalar(select(LoginSession)).ended_at is not None


def test_remember_cookie_replayed_after_logout_is_refused(app, client, auth):
    auth.login("ada@example.com", remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    other = Browser(app.test_client())
    other.set_cookie("remember_token", remember.value)
    assert "Log out" in other.get("/").get_data(as_text=True)  # works before logout
    auth.logout()
    replay = Browser(app.test_client())
    replay.set_cookie("remember_token", remember.value)
    assert "Log out" not in replay.get("/").get_data(as_text=True)


def test_next_parameter_only_allows_local_paths(client, make_user):
    make_user("ada@example.com")
    r = client.submit("/login?next=https://evil.example/", {"email": "ada@example.com", "password": PW})
    assert r.headers["Location"] == "/"
    client.submit("/", {}, action="/logout")
    r = client.submit("/login?next=/account", {"email": "ada@example.com", "password": PW})
    assert r.headers["Location"] == "/account"
