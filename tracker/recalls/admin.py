"""Admin pages: ingestion runs, and adding or editing a recall by hand."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.recalls import queries, service
from tracker.recalls.forms import RecallForm
from tracker.recalls.parsing import MalformedRecord

bp = Blueprint("recalls_admin", __name__, url_prefix="/admin/recalls")


@bp.before_request
def admins_only():
    """Anonymous visitors are sent to log in; members who aren't admins get 403."""
    if not current_user.is_authenticated:
        from flask import current_app

        return current_app.login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


@bp.get("/")
def runs():
    return render_template("recalls/admin_runs.html", runs=queries.recent_runs())


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = RecallForm()
    if form.validate_on_submit():
        if service.find(form.recall_number.data):
            form.recall_number.errors.append("That recall exists already; edit it instead.")
        else:
            return _save(form, None)
    return render_template("recalls/admin_form.html", form=form, recall=None)


@bp.route("/<number>/edit", methods=["GET", "POST"])
def edit(number: str):
    recall = service.find(number) or abort(404)
    form = RecallForm()
    if form.validate_on_submit():
        return _save(form, recall)
    if not form.is_submitted():
        form.fill_from(recall.raw or {})
        form.recall_date.data = recall.recall_date or date.today()
    return render_template("recalls/admin_form.html", form=form, recall=recall)


def _save(form: RecallForm, recall):
    from workers.recalls import enqueue_crosschecks

    try:
        status, saved = service.save_manual(form.to_record(), recall, f"admin {current_user.email}")
    except MalformedRecord as exc:
        db.session.rollback()
        form.recall_number.errors.append(exc.message)
        return render_template("recalls/admin_form.html", form=form, recall=recall)
    db.session.commit()
    enqueue_crosschecks([saved.id] if status != service.UNCHANGED else [])
    flash(f"Recall {saved.display_number} {status}: marked as a manufacturer notice, not yet published by CPSC.",
          "success")
    return redirect(url_for("recalls.show", number=saved.display_number))
