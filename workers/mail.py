"""Sending one email through SMTP, retrying transient failures with backoff."""
from __future__ import annotations

import email
import email.policy
import logging
import smtplib

from celery import shared_task

from tracker import mail

logger = logging.getLogger(__name__)
TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)


class TransientSMTPError(Exception):
    """A 4xx answer: the server asks us to try again later."""


@shared_task(name="workers.mail.send_email", bind=True, autoretry_for=TRANSIENT + (TransientSMTPError,),
             retry_backoff=30, retry_backoff_max=1800, retry_jitter=True, max_retries=8)
def send_email(self, raw: str) -> str:
    """Send a serialized message; 4xx and connection errors retry, 5xx are permanent and logged."""
    msg = email.message_from_string(raw, policy=email.policy.default)
    try:
        mail.send(msg)
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise TransientSMTPError(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        logger.error("mail to %s refused permanently: %s %r", msg["To"], exc.smtp_code, exc.smtp_error)
        return "refused"
    except smtplib.SMTPRecipientsRefused as exc:
        logger.error("mail to %s refused permanently: %s", msg["To"], exc.recipients)
        return "refused"
    return "sent"
