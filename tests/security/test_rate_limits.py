"""Rate limits on log-in, sign-up and reset, per IP and per account; client IP through ProxyFix."""
import pytest

from tests.helpers import Browser


def _login(client, email, i, **kw):
    return client.submit("/login", {"email": email, "password": f"wrong-{i}"}, **kw)


def test_login_per_account_limit_counts_failures(client, make_user):
    make_user("target@example.com")
    codes = [_login(client, "target@example.com", i).status_code for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429


def test_per_account_limit_holds_across_ips(app, make_user):
    """Spreading guesses over many addresses does not escape the per-account limit."""
    make_user("target@example.com")
    codes = []
    for i in range(11):
        c = Browser(app.test_client())
        body = c.get("/login", environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).get_data(as_text=True)
        from tests.helpers import csrf_token

        codes.append(c.post("/login", data={"email": "target@example.com", "password": "x" * 12,
                                            "csrf_token": csrf_token(body)},
                            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code)
    assert codes[-1] == 429


def test_login_per_ip_limit_across_accounts(client):
    codes = [_login(client, f"user{i}@example.com", i).status_code for i in range(21)]
    assert 429 not in codes[:20] and codes[20] == 429


def test_successful_logins_do_not_use_up_the_account_limit(client, make_user):
    make_user("ada@example.com")
    for _ in range(12):
        r = client.submit("/login", {"email": "ada@example.com", "password": "Correct-Horse-Battery-9"})
        assert r.status_code == 302
        client.submit("/", {}, action="/logout")


def test_signup_and_reset_are_rate_limited(client):
    codes = [client.submit("/signup", {"email": f"n{i}@example.com", "password": "Correct-Horse-Battery-9"}).status_code
             for i in range(4)]
    assert codes[-1] == 429
    codes = [client.submit("/reset", {"email": "ada@example.com"}).status_code for _ in range(4)]
    assert codes[-1] == 429  # 3 per hour per account


def test_429_page_is_in_site_style(client, make_user):
    make_user("t@example.com")
    for i in range(11):
        r = _login(client, "t@example.com", i)
    assert r.status_code == 429 and "Too many attempts" in r.get_data(as_text=True)


@pytest.fixture()
def proxied(make_app):
    application = make_app({"APP_ENV": "testing", "PROXY_COUNT": 1, "RATELIMIT_KEY_PREFIX": "proxied"})
    from tracker.extensions import limiter

    with application.app_context():
        limiter.reset()
    return application


def test_client_ip_from_one_trusted_proxy(proxied):
    """Behind one proxy, X-Forwarded-For decides the per-IP bucket; a spoofed extra hop is ignored."""
    from tests.helpers import csrf_token

    def attempt(c, i, xff):
        body = c.get("/login").get_data(as_text=True)
        return c.post("/login", data={"email": f"u{i}@example.com", "password": "x" * 12,
                                      "csrf_token": csrf_token(body)},
                      headers={"X-Forwarded-For": xff}).status_code

    c = Browser(proxied.test_client())
    codes = [attempt(c, i, f"1.2.3.4, 203.0.113.{i % 2}") for i in range(21)]
    assert 429 not in codes  # two real client addresses, 10-11 tries each
    codes = [attempt(c, 100 + i, f"{i}.9.9.9, 198.51.100.7") for i in range(21)]
    assert codes[-1] == 429  # one real address, whatever it claims in front
