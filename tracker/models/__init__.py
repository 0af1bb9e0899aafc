"""All models, imported so that Alembic and db.create_all() see every table."""
from tracker.models.accounts import ApiToken, LoginSession, PasswordResetToken, User  # noqa: F401
from tracker.models.recalls import (  # noqa: F401
    IngestionRun, Recall, RecallBrandKey, RecallChange, RecallModelKey, RecallUPC, SyncState)
from tracker.models.catalog import CatalogProduct  # noqa: F401
from tracker.models.products import SavedProduct  # noqa: F401
from tracker.models.billing import (BillingNotice, CheckoutAttempt, DevStripeObject, Membership,  # noqa: F401
                                    StripeEvent)
from tracker.models.alerts import Alert, Notification, NotificationPreference  # noqa: F401
