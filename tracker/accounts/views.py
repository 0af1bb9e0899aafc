"""Account pages: sign-up, log-in, log-out, password reset, settings, API tokens, deletion."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from tracker import mail
from tracker.accounts import forms, service
from tracker.accounts.service import AccountError
from tracker.extensions import client_ip, db, limiter

logger = logging.getLogger(__name__)
bp = Blueprint("accounts", __name__)


def _account_key() -> str:
    """Rate-limit key for 'per account' limits: the normalized address typed into the form."""
    raw = (request.form.get("email") or "").strip().lower()
    return "acct:" + raw[:320]


def _failed(response) -> bool:
    """Count an attempt against the account only when it did not succeed (a redirect means success)."""
    return response.status_code != 302


def _same_answer_delay() -> None:
    """Hash once so unknown and known addresses take the same time on sign-up."""
    service.hasher.hash("timing-equaliser")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("10/hour;3/minute", methods=["POST"], key_func=client_ip)
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.SignupForm()
    if form.validate_on_submit():
        try:
            email = service.normalize_email(form.email.data)
        except AccountError as exc:
            form.email.errors.append(str(exc))
            return render_template("accounts/signup.html", form=form), 200
        existing = service.find_user(email)
        if existing is None:
            user = service.create_user(email, form.password.data)
            db.session.commit()
            mail.send_template(user.email, "Welcome to Recall Tracker", "account_created", user=user)
        else:
            _same_answer_delay()
            mail.send_template(existing.email, "Someone tried to sign up with your address", "signup_exists",
                               user=existing)
        # One answer whether or not the address already had an account: no enumeration.
        flash("Check your inbox: we've sent you an email. Log in below to continue.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/signup.html", form=form), (200 if request.method == "GET" else 422)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20/minute;200/hour", methods=["POST"], key_func=client_ip)
@limiter.limit("10/15 minutes", methods=["POST"], key_func=_account_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # new session id content: no fixation of pre-login state
            service.start_session(user, form.remember.data, request.user_agent.string, client_ip())
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next() or url_for("main.index"))
        db.session.rollback()
        form.password.errors.append("Email or password is incorrect.")
    return render_template("accounts/login.html", form=form), (200 if request.method == "GET" else 401)


def _safe_next() -> str | None:
    """Only same-site relative paths are followed after log-in."""
    nxt = request.args.get("next", "")
    return nxt if nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt else None


@bp.route("/logout", methods=["POST"])
def logout():
    form = forms.EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        service.end_session(current_user.login_session_key)
        db.session.commit()
        logout_user()
        session.clear()
        flash("You're logged out.", "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5/15 minutes;20/day", methods=["POST"], key_func=client_ip)
@limiter.limit("3/hour", methods=["POST"], key_func=_account_key)
def reset_request():
    form = forms.ResetRequestForm()
    if form.validate_on_submit():
        user = service.find_user(form.email.data)
        if user is not None:
            token = service.create_reset_token(user)
            db.session.commit()
            link = current_app.config["PUBLIC_BASE_URL"] + url_for("accounts.reset_password", token=token)
            mail.send_template(user.email, "Reset your Recall Tracker password", "reset_password",
                               user=user, link=link)
        flash("If an account exists for that address, we've emailed a link to reset the password. "
              "It works once, for one hour.", "success")
        return redirect(url_for("accounts.reset_request"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10/15 minutes", methods=["POST"], key_func=client_ip)
def reset_password(token: str):
    if service.reset_token_user(token) is None:
        return render_template("accounts/reset_invalid.html"), 410
    form = forms.ResetForm()
    if form.validate_on_submit():
        try:
            user = service.reset_password(token, form.password.data)
        except AccountError as exc:
            form.password.errors.append(str(exc))
            return render_template("accounts/reset_password.html", form=form), 422
        if user is None:
            db.session.rollback()
            return render_template("accounts/reset_invalid.html"), 410
        db.session.commit()
        flash("Your password has been changed and every other session logged out. Log in with it now.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
from tracker.accounts import settings as _settings  # noqa: E402,F401  (routes on the same blueprint)
