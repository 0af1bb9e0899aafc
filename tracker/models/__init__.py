"""All models, imported so that Alembic and db.create_all() see every table."""
from tracker.models.accounts import ApiToken, LoginSession, PasswordResetToken, User  # noqa: F401
from tracker.models.billing import (BillingNotice, CheckoutAttempt, DevStripeObject, Membership,  # noqa: F401
                                    StripeEvent)
