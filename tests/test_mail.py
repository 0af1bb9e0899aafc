"""The mail module against a real SMTP server on loopback (aiosmtpd)."""
import pytest


def test_smtp_message_has_text_and_html(app, smtp):
    from tracker import mail
    from workers.mail import send_email

    msg = mail.build("ada@example.com", "Hello", "plain body", "<p>html body</p>")
    assert send_email.run(msg.as_string()) == "sent"
    got = smtp.messages[0]
    assert got["To"] == "ada@example.com" and got["Subject"] == "Hello"
    types = [p.get_content_type() for p in got.walk()]
    assert "text/plain" in types and "text/html" in types


def test_smtp_4xx_is_retried_and_5xx_is_permanent(app, smtp):
    from tracker import mail
    from workers.mail import TransientSMTPError, send_email

    raw = mail.build("ada@example.com", "Hello", "body").as_string()
    smtp.fail_next = ["451 4.3.0 try again later"]
    with pytest.raises(TransientSMTPError):
        send_email.run(raw)
    smtp.fail_next = ["550 5.1.1 no such user"]
    assert send_email.run(raw) == "refused"
    assert smtp.messages == []


def test_reset_email_goes_through_smtp_when_configured(app, smtp, client, make_user):
    make_user("ada@example.com")
    app.config["MAIL_ASYNC"] = False  # send in-process here; the queued path is the task tested above
    try:
        client.submit("/reset", {"email": "ada@example.com"})
    finally:
        app.config.pop("MAIL_ASYNC")
    assert "/reset/" in smtp.messages[0].get_payload()[0].get_payload(decode=True).decode()


def test_composed_bulk_message_matches_build_on_the_wire(app, smtp):
    """mail.compose (bulk alerts): same headers and parts as mail.build, RFC 2047 subjects, no header injection,
    envelope addresses as given, dot-stuffed lines intact."""
    from email import message_from_bytes, policy

    from tracker import mail

    with app.app_context():
        msg = mail.compose("ada@example.com", "Recall: your Café speaker\r\nBcc: evil@example.com",
                           "héllo\n.starts with a dot\n", "<p>html body</p>", message_id="<m1@recalltracker.local>",
                           headers={"List-Unsubscribe": "<http://localhost/alerts/unsubscribe/" + "t" * 43 + ">"})
        with mail.connection():
            mail.send(msg)
    got = message_from_bytes(smtp.messages[0].as_bytes(), policy=policy.default)
    assert got["To"] == "ada@example.com" and got["Message-ID"] == "<m1@recalltracker.local>"
    assert got["Subject"].strip() == "Recall: your Café speaker Bcc: evil@example.com" and got["Bcc"] is None
    assert got["List-Unsubscribe"].endswith("t" * 43 + ">")
    assert got.get_body(("plain",)).get_content().replace("\r\n", "\n") == "héllo\n.starts with a dot\n"
    assert got.get_body(("html",)).get_content().strip() == "<p>html body</p>"
    assert smtp.messages[0]["X-RcptTo"] == "ada@example.com"
