"""Outgoing email: SMTP when MAIL_SERVER is set, otherwise the log plus one .eml file per message in instance/mail/."""
from __future__ import annotations

import binascii
import logging
import re
import secrets
import smtplib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from email.header import Header
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template

logger = logging.getLogger(__name__)
_shared: ContextVar[dict | None] = ContextVar("shared_smtp", default=None)


def build(to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None,
          message_id: str | None = None) -> EmailMessage:
    """A multipart (plain text + HTML) message with a stable Message-ID when one is given."""
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="recalltracker.local")
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg


@dataclass
class Outgoing:
    """A message already in wire form (bulk alerts): its headers for logs and tests, envelope and bytes."""
    headers: dict[str, str]
    sender: str
    to: str
    data: bytes

    def __getitem__(self, name: str) -> str | None:
        return self.headers.get(name)

    def __bytes__(self) -> bytes:
        return self.data


def compose(to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None,
            message_id: str | None = None) -> Outgoing:
    """The same message as build() (plain text + HTML alternatives, UTF-8, lines within 998), written straight to
    bytes: about 20x cheaper than EmailMessage, for sends of thousands of alerts."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    values = {"From": sender, "To": to, "Subject": subject,
              "Message-ID": message_id or make_msgid(domain="recalltracker.local"), **(headers or {}),
              "MIME-Version": "1.0"}
    lines = [f"{k}: {_header(v)}" for k, v in values.items()]
    if html:
        boundary = f"=_{secrets.token_hex(16)}"
        lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body = "".join(f"\r\n--{boundary}\r\n{_part(t, sub)}" for t, sub in ((text, "plain"), (html, "html")))
        data = "\r\n".join(lines) + "\r\n" + body + f"\r\n--{boundary}--\r\n"
    else:
        data = "\r\n".join(lines) + "\r\n" + _part(text, "plain")
    return Outgoing(values, _address(sender), to, data.encode("ascii"))


@lru_cache(maxsize=16)
def _address(sender: str) -> str:
    return parseaddr(sender)[1]  # "Recall Tracker <alerts@...>" -> the envelope address (config: parse once)


def _header(value: str) -> str:
    """A header value on the wire: no line breaks (no header injection); RFC 2047 and folded unless short ASCII."""
    value = " ".join(value.splitlines())
    return value if value.isascii() and len(value) < 900 else Header(value, "utf-8").encode(linesep="\r\n")


def _part(body: str, subtype: str) -> str:
    """Headers and body of one text part: 7bit when printable ASCII in lines within 998, else quoted-printable UTF-8."""
    text = body.replace("\r\n", "\n")
    if _SEVEN_BIT.fullmatch(text) and all(len(line) <= 998 for line in text.split("\n")):
        data = text.replace("\n", "\r\n")
        return (f'Content-Type: text/{subtype}; charset="us-ascii"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'
                + data + ("" if data.endswith("\r\n") else "\r\n"))
    qp = binascii.b2a_qp(text.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    return (f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
            + qp + ("" if qp.endswith("\r\n") else "\r\n"))


_SEVEN_BIT = re.compile(r"[\x20-\x7e\t\n]*")


def send(msg: EmailMessage | Outgoing) -> None:
    """Deliver one message; raises smtplib errors to the caller (tasks decide about retries)."""
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        shared = _shared.get()
        if shared is None:
            with _connect(cfg) as smtp:
                _transmit(smtp, msg)
        else:
            _send_shared(shared, cfg, msg)
        logger.info("mail sent to %s: %s", msg["To"], msg["Subject"])
        return
    folder = Path(cfg["MAIL_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", str(msg["Subject"]).lower()).strip("-")[:40]
    now = time.time_ns()  # one clock read: names sort in sending order even across a second boundary
    path = folder / f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(now // 10**9))}-{now % 10**9:09d}-{slug}.eml"
    path.write_bytes(bytes(msg))
    logger.info("mail (development) to %s: %s -> %s", msg["To"], msg["Subject"], path)


@contextmanager
def connection():
    """Within this block, send() reuses one SMTP connection (opened on first use, reopened after an error)."""
    token = _shared.set({"smtp": None})
    try:
        yield
    finally:
        smtp = _shared.get()["smtp"]
        _shared.reset(token)
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


def _transmit(smtp: smtplib.SMTP, msg: EmailMessage | Outgoing) -> None:
    if isinstance(msg, Outgoing):
        smtp.sendmail(msg.sender, [msg.to], msg.data)
    else:
        smtp.send_message(msg)


class _SMTP(smtplib.SMTP):
    """smtplib.SMTP that writes plain ASCII envelope addresses as they are: the stock MAIL/RCPT re-parse them with
    email.utils.parseaddr on every command, a sixth of a worker's CPU in a large fan-out. Same bytes on the wire."""

    def mail(self, sender: str, options=()):
        if not _PLAIN_ADDRESS.fullmatch(sender) or any(o.lower() == "smtputf8" for o in options):
            return super().mail(sender, options)
        self.putcmd("mail", f"FROM:<{sender}>{_options(self, options)}")
        return self.getreply()

    def rcpt(self, recip: str, options=()):
        if not _PLAIN_ADDRESS.fullmatch(recip):
            return super().rcpt(recip, options)
        self.putcmd("rcpt", f"TO:<{recip}>{_options(self, options)}")
        return self.getreply()


_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def _options(smtp: smtplib.SMTP, options) -> str:
    return " " + " ".join(options) if options and smtp.does_esmtp else ""


def _connect(cfg) -> smtplib.SMTP:
    smtp = _SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30)
    if cfg.get("MAIL_USE_TLS"):
        smtp.starttls()
    if cfg.get("MAIL_USERNAME"):
        smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
    return smtp


def _send_shared(shared: dict, cfg, msg: EmailMessage) -> None:
    """Send on the shared connection; after any error it is dropped, so the next message starts clean."""
    if shared["smtp"] is None:
        shared["smtp"] = _connect(cfg)
    try:
        _transmit(shared["smtp"], msg)
    except smtplib.SMTPRecipientsRefused:
        shared["smtp"].rset()
        raise
    except (smtplib.SMTPException, OSError):
        smtp, shared["smtp"] = shared["smtp"], None
        smtp.close()
        raise


def dispatch(msg: EmailMessage) -> None:
    """Send now in development (a file), through a retrying Celery task when SMTP is configured.

    Call it after the commit the message depends on: a task may run before this request ends."""
    if current_app.config.get("MAIL_SERVER") and current_app.config.get("MAIL_ASYNC", True):
        from workers.mail import send_email

        send_email.delay(msg.as_string())
    else:
        send(msg)


def send_template(to: str, subject: str, template: str, **context) -> EmailMessage:
    """Render templates/emails/NAME.txt and .html and dispatch them."""
    text = render_template(f"emails/{template}.txt", **context)
    html = render_template(f"emails/{template}.html", **context)
    msg = build(to, subject, text, html)
    dispatch(msg)
    return msg
