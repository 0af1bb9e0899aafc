"""Delivery channels. Each has one `send(notification)` returning the kind of message sent (None: nothing to send,
skipped) and raises Transient or Permanent.

In-app needs no sending: the alert row itself is the in-app alert, visible in the alert center (and the unread
count) the moment the cross-check commits, before any email goes out."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import smtplib
from contextlib import nullcontext
from functools import lru_cache

from flask import current_app, has_request_context
from markupsafe import Markup
from sqlalchemy import select

from tracker import mail
from tracker.alerts import outbox
from tracker.billing import access
from tracker.extensions import db
from tracker.models.alerts import Alert, Notification, NotificationPreference
from tracker.models.base import insert_or_ignore, utcnow

logger = logging.getLogger(__name__)
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError, OSError)


class Transient(Exception):
    """Try again later (4xx answer, connection trouble)."""


class Permanent(Exception):
    """Never going to work (5xx answer, refused recipient); recorded on the row."""


def preference(user_id: int) -> NotificationPreference:
    """The member's preferences row, created with defaults (and an unsubscribe token) on first use."""
    query = select(NotificationPreference).where(NotificationPreference.user_id == user_id)
    pref = db.session.scalar(query)
    if pref is None:
        create_preferences({user_id})  # two sends for one member may race here: UNIQUE user_id decides
        pref = db.session.scalar(query)
    return pref


def create_preferences(user_ids: set[int]) -> None:
    """Default preference rows for these members, in one statement; rows that already exist are left alone."""
    rows = [dict(user_id=u, email_mode="immediately", in_app=True, unsubscribe_token=secrets.token_urlsafe(32),
                 updated_at=utcnow()) for u in sorted(user_ids)]
    db.session.execute(insert_or_ignore(NotificationPreference, "user_id"), rows)


def unsubscribe_token(user_id: int) -> str:
    """The token of a member's one-click unsubscribe link: their id and an HMAC-SHA256 of it under a key derived from
    the app's secret, so sending needs no stored token, and a recall that reaches 69,000 members writes no
    preferences row for each new recipient. Stored tokens of older emails keep working (center.by_token)."""
    return f"{user_id}.{_mac(current_app.config['SECRET_KEY'], user_id)}"


def token_user(token: str) -> int | None:
    """The member id of a signed unsubscribe token, or None when it isn't one (or was altered)."""
    head, _, mac = token.partition(".")
    if not head.isdigit() or len(head) > 12 or not mac:
        return None
    user_id = int(head)
    return user_id if hmac.compare_digest(mac, _mac(current_app.config["SECRET_KEY"], user_id)) else None


def _mac(secret: str, user_id: int) -> str:
    digest = hmac.new(_key(secret), b"unsubscribe:%d" % user_id, hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    """This purpose's own key: a token is worthless as any other signature of the app."""
    return hmac.new(secret.encode(), b"recall-tracker/alerts-unsubscribe", hashlib.sha256).digest()


def hazard_words(recall) -> str:
    """A short hazard for subjects: 'Fire Hazard' from '... Recalled Due to Fire Hazard; Sold ...'."""
    m = re.search(r"\bdue to (?:an? )?(.+?)(?:;|$)", recall.title or "", re.I)
    if m:
        return m.group(1).strip()[:80]
    first = re.split(r"(?<=[.!?])\s", (recall.hazard or "").strip())[0]
    return first[:80] or "safety hazard"


def subject(kind: str, alert: Alert | None) -> str:
    """Subject naming the product and the hazard, for an email of this kind."""
    if alert is None:
        return "Your daily recall digest"
    what, hazard = alert.saved_product.title, hazard_words(alert.recall)
    return {"upgrade": f"Confirmed: your {what} is recalled ({hazard})",
            "reminder": f"Reminder: your {what} is still recalled ({hazard})",
            "safety_notice": f"Safety notice: {what} recalled ({hazard})"}.get(
        kind, f"Recall: your {what} ({hazard})")


def delivery(kind: str, email_mode: str, active: bool) -> str | None:
    """The email an outbox row becomes when it is sent, on the member's preferences and membership at that moment
    (not when the alert was written: a member who re-activated in between gets the full alert), or None: skip it.
    - email off: nothing;
    - a new alert: the short safety notice when the membership is inactive (a fire hazard is not paywalled), nothing
      in digest mode (the daily digest carries the alert), else the full alert;
    - an upgrade (possible -> confirmed): only with an active membership;
    - reminders, digests and older safety-notice rows: as written."""
    if email_mode == "off":
        return None
    if kind == "alert":
        return "safety_notice" if not active else None if email_mode == "digest" else "alert"
    if kind == "upgrade":
        return kind if active else None
    return kind


class EmailChannel:
    name = "email"

    def send(self, n: Notification, email_mode: str | None = None, parts: dict | None = None,
             active: bool | None = None) -> str | None:
        """Render and send one outbox row by SMTP (or to instance/mail in development); returns the kind of email
        sent (see delivery), or None when there is nothing to send. `email_mode` and `active` (whether the member's
        membership gives access now) are read from the row's member when not given. `parts`: a cache of the
        recall's part of the email, shared by the rows of one chunk (see recall_part)."""
        if email_mode is None:
            email_mode = outbox.email_mode(n.user_id)
        if active is None:
            active = access.access_for(n.user).active
        kind = delivery(n.kind, email_mode, active)
        msg = self.build(n, parts, kind) if kind else None
        if msg is None:
            return None
        deliver(msg)
        return kind

    def build(self, n: Notification, parts: dict | None = None, kind: str | None = None) -> mail.Outgoing | None:
        """The message for a row, as `kind` (default: the row's own): HTML + text, stable Message-ID,
        List-Unsubscribe headers."""
        kind = kind or n.kind
        base = current_app.config["PUBLIC_BASE_URL"]
        alerts = [n.alert] if n.alert is not None else \
            list(db.session.scalars(select(Alert).where(Alert.id.in_((n.payload or {}).get("alert_ids", [])))))
        alerts = [a for a in alerts if a.status == "open"]
        if not alerts:
            return None  # dealt with before we got to it (member marked it, or it was cleared)
        if kind in ("alert", "safety_notice") and n.alert is not None and n.alert.digest_id is not None:
            return None  # a digest already carried it (the member was in digest mode then): once is enough
        unsubscribe = f"{base}/alerts/unsubscribe/{unsubscribe_token(n.user_id)}"
        ctx = dict(n=n, kind=kind, alerts=alerts, alert=alerts[0], base=base, unsubscribe=unsubscribe)
        template = {"safety_notice": "safety_notice", "digest": "digest"}.get(kind, "alert")
        with nullcontext() if has_request_context() else current_app.test_request_context(base_url=base):
            text, html = (_render(f"emails/{template}.{ext}", {**ctx, "recall_part": recall_part(
                alerts[0].recall, ext, parts) if template == "alert" else ""}) for ext in ("txt", "html"))
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return mail.compose(n.user.email, subject(kind, n.alert), text, html, headers=headers,
                            message_id=n.message_id)


def recall_part(recall, ext: str, parts: dict | None = None) -> str:
    """The recall's part of an alert email (hazard, what to do, how to reach the manufacturer): the same for every
    owner, so a chunk of one recall's emails renders it once (`parts` caches it by recall, version and format)."""
    key = (recall.id, recall.version, ext)
    if parts is None or key not in parts:
        part = _render(f"emails/_recall_part.{ext}", {"recall": recall})
        if ext == "html":
            part = Markup(part)  # rendered with autoescape on: safe to place as is
        if parts is None:
            return part
        parts[key] = part
    return parts[key]


def _render(name: str, ctx: dict) -> str:
    """Render an email template (compiled once, cached by Jinja); these read only their own context, so the request
    context processors (navigation counts for the logged-in member) are skipped."""
    return current_app.jinja_env.get_template(name).render(ctx)


def deliver(msg) -> None:
    """Send, translating SMTP outcomes into Transient or Permanent."""
    try:
        mail.send(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        err = Transient if codes and all(400 <= c < 500 for c in codes) else Permanent
        raise err(f"recipient refused: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        err = Transient if 400 <= exc.smtp_code < 500 else Permanent
        raise err(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
    except CONNECTION_ERRORS as exc:
        raise Transient(f"{type(exc).__name__}: {exc}") from exc


EMAIL = EmailChannel()
CHANNELS = {"email": EMAIL}


def send(n: Notification) -> str | None:
    """Send through the row's channel: the kind of message sent, or None (skipped)."""
    return CHANNELS[n.channel].send(n)
