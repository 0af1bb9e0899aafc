"""Account settings: change password and email, API tokens, sessions, deletion."""
from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from tracker.accounts import forms, service
from tracker.accounts.service import AccountError
from tracker.accounts.views import bp
from tracker.extensions import db


def _page(status: int = 200, **overrides):
    ctx = {
        "password_form": forms.ChangePasswordForm(prefix="pw"),
        "email_form": forms.ChangeEmailForm(prefix="em"),
        "token_form": forms.TokenForm(prefix="tok"),
        "delete_form": forms.DeleteAccountForm(prefix="del"),
        "button": forms.EmptyForm(),
        "tokens": service.list_api_tokens(current_user),
        "sessions": service.active_sessions(current_user),
        "new_token": session.pop("new_token", None),
        "current_session_hash": service.digest(current_user.login_session_key or ""),
    }
    ctx.update(overrides)
    return render_template("accounts/settings.html", **ctx), status


@bp.route("/account")
@login_required
def settings():
    return _page()


def _apply(form, name: str, action, done: str):
    """Validate a settings form, run the service action, commit, or show the errors next to the fields."""
    if form.validate_on_submit():
        try:
            action(form)
        except AccountError as exc:
            db.session.rollback()
            getattr(form, exc.field or "password").errors.append(str(exc))
            return _page(422, **{name: form})
        db.session.commit()
        flash(done, "success")
        return redirect(url_for("accounts.settings"))
    return _page(422, **{name: form})


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm(prefix="pw")
    return _apply(form, "password_form",
                  lambda f: service.change_password(current_user, f.current_password.data, f.password.data),
                  "Password changed. Every other device has been logged out.")


@bp.route("/account/email", methods=["POST"])
@login_required
def change_email():
    form = forms.ChangeEmailForm(prefix="em")
    return _apply(form, "email_form", lambda f: service.change_email(current_user, f.password.data, f.email.data),
                  "Email changed. Use the new address to log in.")


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    form = forms.TokenForm(prefix="tok")
    if form.validate_on_submit():
        session["new_token"] = service.create_api_token(current_user, form.name.data)
        db.session.commit()
        flash("Token created. Copy it now: it won't be shown again.", "success")
        return redirect(url_for("accounts.settings"))
    return _page(422, token_form=form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if forms.EmptyForm().validate_on_submit() and service.revoke_api_token(current_user, token_id):
        db.session.commit()
        flash("Token revoked.", "info")
    return redirect(url_for("accounts.settings"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    if forms.EmptyForm().validate_on_submit():
        service.end_all_sessions(current_user, keep_key=current_user.login_session_key)
        db.session.commit()
        flash("Every other device has been logged out.", "info")
    return redirect(url_for("accounts.settings"))


@bp.route("/account/delete", methods=["POST"])
@login_required
def delete_account():
    form = forms.DeleteAccountForm(prefix="del")
    if form.validate_on_submit():
        try:
            service.delete_account(current_user._get_current_object(), form.password.data)
        except AccountError as exc:
            db.session.rollback()
            form.password.errors.append(str(exc))
            return _page(422, delete_form=form)
        db.session.commit()
        logout_user()
        session.clear()
        flash("Your account and all its data have been deleted.", "info")
        return redirect(url_for("main.index"))
    return _page(422, delete_form=form)
