"""Account rules. Services add and flush; the caller commits."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, or_, select, update

from tracker.extensions import db
from tracker.models.accounts import ApiToken, LoginSession, PasswordResetToken, User
from tracker.models.base import utcnow

hasher = PasswordHasher()  # argon2id with the library's current defaults
_DUMMY_HASH = hasher.hash("timing-equaliser-not-a-password")
SESSION_TTL = timedelta(hours=12)
REMEMBER_TTL = timedelta(days=30)
RESET_TTL = timedelta(hours=1)
MIN_PASSWORD = 10


class AccountError(ValueError):
    """A rule was broken; the message is safe to show next to the field named in `field`."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def digest(raw: str) -> str:
    """SHA-256 of a random secret (sessions, reset links and API tokens are stored only like this)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def normalize_email(email: str) -> str:
    """Canonical form used for uniqueness: validated syntax, case-folded."""
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(str(exc), "email") from None


def check_password_rules(password: str) -> None:
    """Length-based rule (NIST 800-63B): at least 10 characters, at most 1024."""
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Use at least {MIN_PASSWORD} characters.", "password")
    if len(password) > 1024:
        raise AccountError("Use at most 1024 characters.", "password")


def find_user(email: str) -> User | None:
    """The member with this address, if any (invalid addresses simply find nobody)."""
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def create_user(email: str, password: str) -> User:
    """A new member; raises AccountError if the address is taken or the password too short."""
    email = normalize_email(email)
    check_password_rules(password)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("An account with this email already exists.", "email")
    user = User(email=email, password_hash=hasher.hash(password))
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The member if the password is right; spends the same hashing time when the address is unknown."""
    user = find_user(email)
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def _verify(hashed: str, password: str) -> bool:
    try:
        return hasher.verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        return False


def start_session(user: User, remember: bool, user_agent: str = "", ip: str = "") -> str:
    """Record a new login session and return its key (which Flask-Login puts in the cookies)."""
    key = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(LoginSession(user=user, key_hash=digest(key), expires_at=now + (REMEMBER_TTL if remember else SESSION_TTL),
                                user_agent=(user_agent or "")[:255], ip=(ip or "")[:64]))
    db.session.flush()
    user.login_session_key = key
    return key


def load_session(key: str) -> User | None:
    """The member behind a live session key, or None if it ended, expired or never existed."""
    if not key:
        return None
    row = db.session.scalar(select(LoginSession).where(LoginSession.key_hash == digest(key)))
    now = utcnow()
    if row is None or row.ended_at is not None or row.expires_at <= now:
        return None
    user = row.user
    user.login_session_key = key
    user.session_touched = now - row.last_seen_at > timedelta(minutes=5)
    if user.session_touched:
        row.last_seen_at = now  # coarse, so most requests write nothing
    return user


def end_session(key: str | None) -> None:
    """End one login session (log out this browser)."""
    if key:
        db.session.execute(update(LoginSession).where(LoginSession.key_hash == digest(key),
                                                      LoginSession.ended_at.is_(None)).values(ended_at=utcnow()))


def end_all_sessions(user: User, keep_key: str | None = None) -> None:
    """End every login session of the member except `keep_key`."""
    stmt = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if keep_key:
        stmt = stmt.where(LoginSession.key_hash != digest(keep_key))
    db.session.execute(stmt.values(ended_at=utcnow()))


def active_sessions(user: User) -> list[LoginSession]:
    """Live sessions, newest first, for the account page."""
    return list(db.session.scalars(select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None), LoginSession.expires_at > utcnow())
        .order_by(LoginSession.created_at.desc())))


def set_password(user: User, password: str, keep_key: str | None = None) -> None:
    """Change the password, end every other session and void outstanding reset links."""
    check_password_rules(password)
    user.password_hash = hasher.hash(password)
    user.password_changed_at = utcnow()
    end_all_sessions(user, keep_key)
    db.session.execute(update(PasswordResetToken).where(PasswordResetToken.user_id == user.id,
                                                        PasswordResetToken.used_at.is_(None))
                       .values(used_at=utcnow()))


def change_password(user: User, current: str, new: str) -> None:
    """Change the password after checking the current one."""
    if not _verify(user.password_hash, current):
        raise AccountError("Your current password is not correct.", "current_password")
    set_password(user, new, keep_key=user.login_session_key)


def change_email(user: User, password: str, new_email: str) -> None:
    """Change the login address after checking the password."""
    if not _verify(user.password_hash, password):
        raise AccountError("Your password is not correct.", "password")
    email = normalize_email(new_email)
    if email != user.email and db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("That address can't be used. Try another one.", "email")
    user.email = email


def delete_account(user: User, password: str) -> None:
    """Delete the member and everything they own (rows cascade from users)."""
    if not _verify(user.password_hash, password):
        raise AccountError("Your password is not correct.", "password")
    end_all_sessions(user)
    db.session.delete(user)
    db.session.flush()


def create_reset_token(user: User) -> str:
    """A single-use reset link token valid for an hour."""
    raw = secrets.token_urlsafe(32)
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=digest(raw), expires_at=utcnow() + RESET_TTL))
    db.session.flush()
    return raw


def reset_token_user(raw: str) -> User | None:
    """The member a live (unused, unexpired) reset token belongs to."""
    row = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == digest(raw or "")))
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return db.session.get(User, row.user_id)


def reset_password(raw: str, password: str) -> User | None:
    """Use a reset token once: the UPDATE that marks it used decides, so two racing requests can't both win."""
    check_password_rules(password)
    user = reset_token_user(raw)
    if user is None:
        return None
    claimed = db.session.execute(update(PasswordResetToken).where(
        PasswordResetToken.token_hash == digest(raw), PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow()))
    if claimed.rowcount != 1:
        return None
    set_password(user, password)
    return user


def create_api_token(user: User, name: str = "") -> str:
    """A personal API token, returned once in full."""
    raw = "rt_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=(name or "API token")[:100], prefix=raw[:10], token_hash=digest(raw)))
    db.session.flush()
    return raw


def user_for_token(raw: str) -> User | None:
    """The member behind a live API token."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw or ""),
                                                   ApiToken.revoked_at.is_(None)))
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        row.last_used_at = now
    return row.user


def revoke_api_token(user: User, token_id: int) -> bool:
    """Revoke one of the member's own tokens; False if it is not theirs."""
    res = db.session.execute(update(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id,
                                                    ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return res.rowcount == 1


def list_api_tokens(user: User) -> list[ApiToken]:
    """The member's live tokens."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                                   .order_by(ApiToken.created_at.desc())))


def purge_expired(now: datetime | None = None) -> int:
    """Delete reset tokens and login sessions that can never be used again."""
    now = now or utcnow()
    a = db.session.execute(delete(PasswordResetToken).where(
        or_(PasswordResetToken.used_at.is_not(None), PasswordResetToken.expires_at <= now)))
    b = db.session.execute(delete(LoginSession).where(
        or_(LoginSession.ended_at.is_not(None), LoginSession.expires_at <= now)))
    return a.rowcount + b.rowcount
