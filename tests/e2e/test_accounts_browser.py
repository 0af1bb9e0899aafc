"""A person in Chromium: sign up, log out, log in, reset the password."""
import re

import pytest

from tests.e2e.steps import log_in

pytestmark = pytest.mark.e2e
PW = "Correct-Horse-Battery-9"
NEW = "Brand-New-Passphrase-42"


def test_sign_up_log_out_log_in(page):
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_label("Password").fill(PW)
    page.get_by_role("button", name="Create account").click()
    assert "Check your inbox" in page.content()
    log_in(page, "grace@example.com", PW)
    assert page.get_by_role("button", name="Log out").is_visible()
    page.get_by_role("button", name="Log out").click()
    assert "You're logged out." in page.content()
    assert page.get_by_role("navigation").get_by_role("link", name="Log in").is_visible()
    log_in(page, "grace@example.com", "not-the-password")
    assert page.get_by_text("Email or password is incorrect.").is_visible()
    log_in(page, "grace@example.com", PW)
    assert page.get_by_role("button", name="Log out").is_visible()


def test_reset_password_by_emailed_link(page, make_user, mailbox):
    make_user("ada@example.com", PW)
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Send reset link").click()
    assert "we've emailed a link" in page.content().replace("&#39;", "'")
    link = next(u for u in mailbox.links(mailbox.messages()[-1]) if "/reset/" in u)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat new password").fill(NEW)
    page.get_by_role("button", name="Set new password").click()
    assert "Your password has been changed" in page.content()
    log_in(page, "ada@example.com", NEW)
    assert page.get_by_role("button", name="Log out").is_visible()
    page.goto(link)
    assert re.search(r"can.t be used", page.content().replace("&#39;", "'"))
