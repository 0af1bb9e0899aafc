"""Membership pages: join, the expired gate, manage (Customer Portal), Re-activate, and the Checkout return."""
from __future__ import annotations

import logging

import stripe
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.billing import forms, notices, queue, service
from tracker.billing.access import access_for
from tracker.billing.service import BillingError
from tracker.billing.stripe_api import development
from tracker.extensions import db

logger = logging.getLogger(__name__)
bp = Blueprint("billing", __name__)
PROVIDER_DOWN = "We couldn't reach our payment provider just now. Please try again in a minute."


def membership_page(join_form=None, reactivate_form=None, status: int = 200):
    """The membership page: join (never joined), the expired gate, or the member's overview."""
    access = access_for(current_user)
    m = current_user.membership
    return render_template("billing/membership.html", access=access, membership=m,
                           join_form=join_form or forms.JoinForm(),
                           reactivate_form=reactivate_form or forms.ReactivateForm(), portal_form=forms.PortalForm(),
                           has_customer=bool(m and m.stripe_customer_id), development=development()), status


def _go(action, *args):
    """Run a service that returns a Stripe URL; commit and redirect there, or explain what went wrong."""
    try:
        url = action(current_user, *args)
        db.session.commit()
    except BillingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("main.membership"))
    except stripe.StripeError as exc:
        db.session.rollback()
        logger.warning("stripe call failed for user %s: %s", current_user.id, exc)
        flash(PROVIDER_DOWN, "error")
        return redirect(url_for("main.membership"))
    return redirect(url, code=303)


@bp.post("/membership/join")
@login_required
def join():
    form = forms.JoinForm()
    if not form.validate_on_submit():
        return membership_page(join_form=form, status=422)
    return _go(service.start_checkout, form.plan.data)


@bp.post("/membership/reactivate")
@login_required
def reactivate():
    form = forms.ReactivateForm()
    if not form.validate_on_submit():
        return membership_page(reactivate_form=form, status=422)
    return _go(service.reactivate, form.plan.data)


@bp.post("/membership/portal")
@login_required
def portal():
    if not forms.PortalForm().validate_on_submit():
        return membership_page(status=400)
    return _go(service.portal_url)


@bp.get("/membership/welcome")
@login_required
def welcome():
    """Back from Checkout. The query string only names the session; Stripe says whether it was paid."""
    try:
        service.confirm_return(current_user, request.args.get("session_id"))
        db.session.commit()
    except stripe.StripeError as exc:
        db.session.rollback()
        logger.info("checkout return: could not confirm with Stripe: %s", exc)
    queue.enqueue_notices(notices.take_pending())
    return render_template("billing/welcome.html", access=access_for(current_user))
