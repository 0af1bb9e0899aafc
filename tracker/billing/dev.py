"""Development billing: clearly marked stand-ins for Stripe's hosted Checkout, Customer Portal and invoice pages.
They change the development Stripe stand-in and deliver signed events through the real webhook intake."""
from __future__ import annotations

import json
import logging

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.billing import devstripe, webhooks
from tracker.billing.stripe_api import dev_emulator, development, webhook_secret
from tracker.extensions import db

logger = logging.getLogger(__name__)
bp = Blueprint("billing_dev", __name__, url_prefix="/billing/dev")
PORTAL_ACTIONS = ("cancel_at_period_end", "resume", "cancel_now", "end_period", "fail_renewal")


@bp.before_request
def only_in_development():
    if not development():
        abort(404)


def deliver(events: list[dict]) -> None:
    """Sign each event with the development secret and hand it to the webhook intake (as Stripe would)."""
    for ev in events:
        payload = json.dumps(ev).encode()
        status, _ = webhooks.receive(payload, devstripe.sign(payload, webhook_secret()), source="development")
        logger.info("development billing: delivered %s %s -> %s", ev["type"], ev["id"], status)


def _owned(obj: dict | None) -> dict:
    """The object, if it belongs to the logged-in member's Customer."""
    m = current_user.membership
    if obj is None or m is None or obj.get("customer") != m.stripe_customer_id:
        abort(404)
    return obj


@bp.route("/checkout/<session_id>", methods=["GET", "POST"])
@login_required
def checkout(session_id: str):
    emu = dev_emulator()
    cs = _owned(emu.store.get(session_id))
    if request.method == "GET" or cs["status"] != "open":
        return render_template("billing/dev_checkout.html", cs=cs)
    outcome = request.form.get("outcome")
    if outcome not in ("pay", "decline"):
        abort(400)
    deliver(emu.complete_checkout(session_id, "active" if outcome == "pay" else "incomplete"))
    db.session.commit()
    return redirect(cs["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id), code=303)


@bp.route("/portal/<portal_id>", methods=["GET", "POST"])
@login_required
def portal(portal_id: str):
    emu = dev_emulator()
    ps = _owned(emu.store.get(portal_id))
    subs = sorted((s for s in emu.store.all("subscription") if s["customer"] == ps["customer"]),
                  key=lambda s: -s["created"])
    if request.method == "POST":
        sub = _owned(emu.store.get(request.form.get("subscription", "")))
        deliver(_portal_action(emu, sub, request.form.get("action")))
        db.session.commit()
        return redirect(url_for(".portal", portal_id=portal_id), code=303)
    return render_template("billing/dev_portal.html", ps=ps, subs=subs,
                           invoices={s["id"]: emu.store.get(s["latest_invoice"] or "") for s in subs})


def _portal_action(emu: devstripe.Emulator, sub: dict, action: str | None) -> list[dict]:
    if action == "cancel_at_period_end":
        return emu.set_subscription(sub["id"], cancel_at_period_end=True)
    if action == "resume":
        return emu.set_subscription(sub["id"], cancel_at_period_end=False)
    if action == "cancel_now":
        return emu.cancel_now(sub["id"])
    if action == "end_period" and sub["cancel_at_period_end"]:  # time travel: the period set to cancel ends
        return emu.cancel_now(sub["id"])
    if action == "fail_renewal":
        return emu.renew_failed(sub["id"])
    abort(400)


@bp.route("/invoice/<invoice_id>", methods=["GET", "POST"])
@login_required
def invoice(invoice_id: str):
    emu = dev_emulator()
    inv = _owned(emu.store.get(invoice_id))
    if request.method == "POST" and inv["status"] == "open":
        deliver(emu.pay_invoice(invoice_id))
        db.session.commit()
        return redirect(url_for("main.membership"), code=303)
    return render_template("billing/dev_invoice.html", inv=inv)
