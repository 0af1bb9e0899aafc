"""lean alert writes: one composite owner key instead of two foreign keys, no redundant indexes on the hot path

A new recall can write tens of thousands of alerts and outbox rows in one transaction; every foreign key is a
locked row per insert and every index an insert per row. This migration keeps each integrity rule and drops only
what is redundant:

- alerts: (saved_product_id, user_id) -> saved_products(id, user_id), one key instead of a key to saved_products and
  one to users: stronger too (an alert's owner is its product's owner); users -> saved_products -> alerts cascades.
  UNIQUE (recall_id, saved_product_id) replaces UNIQUE (saved_product_id, recall_id) + ix_alerts_recall_id (the
  one index serves both the "happens once" key and the lookups by recall).
- notifications: the dedupe key is UNIQUE for rows without an alert only (digests); rows of an alert are kept once
  by UNIQUE (alert_id, channel, kind), which already said the same. message_id is a random UUID (not a fact that
  happens once): no index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 01:40:00

"""
from alembic import op
import sqlalchemy as sa

import tracker.models.base  # noqa: F401  (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

NO_ALERT = sa.text('alert_id IS NULL')


def upgrade():
    with op.batch_alter_table('saved_products', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_saved_products_id_user_id', ['id', 'user_id'])

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_constraint('fk_alerts_user_id_users', type_='foreignkey')
        batch_op.drop_constraint('fk_alerts_saved_product_id_saved_products', type_='foreignkey')
        batch_op.create_foreign_key('fk_alerts_saved_product_owner', 'saved_products',
                                    ['saved_product_id', 'user_id'], ['id', 'user_id'], ondelete='CASCADE')
        batch_op.drop_constraint('uq_alerts_saved_product_id_recall_id', type_='unique')
        batch_op.create_unique_constraint('uq_alerts_recall_id_saved_product_id', ['recall_id', 'saved_product_id'])
        batch_op.drop_index('ix_alerts_recall_id')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint('uq_notifications_message_id', type_='unique')
        batch_op.drop_constraint('uq_notifications_dedupe_key', type_='unique')
        batch_op.create_index('uq_notifications_dedupe_key', ['dedupe_key'], unique=True,
                              postgresql_where=NO_ALERT, sqlite_where=NO_ALERT)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('uq_notifications_dedupe_key', postgresql_where=NO_ALERT, sqlite_where=NO_ALERT)
        batch_op.create_unique_constraint('uq_notifications_dedupe_key', ['dedupe_key'])
        batch_op.create_unique_constraint('uq_notifications_message_id', ['message_id'])

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_recall_id', ['recall_id'], unique=False)
        batch_op.drop_constraint('uq_alerts_recall_id_saved_product_id', type_='unique')
        batch_op.create_unique_constraint('uq_alerts_saved_product_id_recall_id', ['saved_product_id', 'recall_id'])
        batch_op.drop_constraint('fk_alerts_saved_product_owner', type_='foreignkey')
        batch_op.create_foreign_key('fk_alerts_saved_product_id_saved_products', 'saved_products',
                                    ['saved_product_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key('fk_alerts_user_id_users', 'users', ['user_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('saved_products', schema=None) as batch_op:
        batch_op.drop_constraint('uq_saved_products_id_user_id', type_='unique')
