"""The alert center (member-only), notification preferences, and the token-authenticated unsubscribe link."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from tracker.alerts import center
from tracker.billing.access import access_for
from tracker.billing.gate import member_required
from tracker.extensions import csrf, db
from tracker.models.alerts import REMEDIES
from tracker.web import add_nav

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
add_nav("alerts.index", "Alerts", members_only=True)
MODES = {"immediately": "Right away", "digest": "Once a day, as a digest", "off": "Don't email me"}


@bp.app_context_processor
def unread_alerts() -> dict:
    """`nav_alerts_unread`: the number shown next to "Alerts" in the navigation."""
    if not getattr(current_user, "is_authenticated", False) or not access_for(current_user).active:
        return {"nav_alerts_unread": 0}  # also outside requests (emails rendered by a worker)
    return {"nav_alerts_unread": center.unread_count(current_user)}


def owned_or_404(alert_id: int):
    """The member's alert, or 404 (another member's alert looks like a missing one)."""
    return center.get_owned(current_user, alert_id) or abort(404)


@bp.get("/")
@member_required
def index():
    show = request.args.get("show", "open")
    items = center.alerts_for(current_user, "open" if show == "open" else None)
    return render_template("alerts/index.html", items=items, show=show, actions=center.ACTIONS)


@bp.get("/<int:alert_id>")
@member_required
def show(alert_id: int):
    alert = owned_or_404(alert_id)
    center.mark_read(alert)
    db.session.commit()
    return render_template("alerts/show.html", alert=alert, recall=alert.recall, item=alert.saved_product,
                           f=alert.recall.facts or {}, actions=center.ACTIONS, remedies=REMEDIES, form=FlaskForm())


@bp.post("/<int:alert_id>/status")
@member_required
def set_status(alert_id: int):
    alert = owned_or_404(alert_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        center.set_status(alert, request.form.get("status", ""), request.form.get("remedy") or None)
    except center.InvalidAction as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("alerts.show", alert_id=alert_id))
    db.session.commit()
    flash(f"Saved: {center.ACTIONS[alert.status]}.", "success")
    return redirect(url_for("alerts.show", alert_id=alert_id))


@bp.route("/settings", methods=["GET", "POST"])
@member_required
def settings():
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            center.set_email_mode(current_user, request.form.get("email_mode", ""))
            center.set_in_app(current_user, request.form.get("in_app") == "on")
        except center.InvalidAction as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("alerts.settings"))
        db.session.commit()
        flash("Your notification settings are saved.", "success")
        return redirect(url_for("alerts.settings"))
    pref = center.preference(current_user.id)
    db.session.commit()
    return render_template("alerts/settings.html", pref=pref, modes=MODES, form=form)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the token in the link authenticates; mail clients POST here for one-click (RFC 8058)
def unsubscribe(token: str):
    pref = center.by_token(token) or abort(404)
    if request.method == "POST":
        center.unsubscribe(pref)
        db.session.commit()
        return render_template("alerts/unsubscribed.html")
    return render_template("alerts/unsubscribe.html", token=token, pref=pref)
