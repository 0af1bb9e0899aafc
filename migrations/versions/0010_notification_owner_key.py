"""an alert's email belongs to the alert's owner: one composite key to alerts instead of keys to users and alerts

A recall with tens of thousands of owners writes as many outbox rows in one transaction. The key notifications.user_id
-> users locked one member row per row (a random page of users each): about 1 s of the A3102-sized cross-check at 10M
saved products. The composite key (alert_id, user_id) -> alerts (id, user_id) replaces both keys: it locks the alert
row just written by the same transaction, and it is a stronger rule (an alert's email can only go to the alert's
owner). Rows without an alert (digests) have no key to users: the ORM deletes them with their member (User.digests),
found by a partial index that the alerts' rows don't pay for.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 05:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

NO_ALERT = sa.text('alert_id IS NULL')


def upgrade():
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_alerts_id_user_id', ['id', 'user_id'])

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notifications_user_id_users', type_='foreignkey')
        batch_op.drop_constraint('fk_notifications_alert_id_alerts', type_='foreignkey')
        batch_op.create_foreign_key('fk_notifications_alert_owner', 'alerts', ['alert_id', 'user_id'],
                                    ['id', 'user_id'], ondelete='CASCADE')
        batch_op.drop_index('ix_notifications_user_id')
        batch_op.create_index('ix_notifications_user_id_no_alert', ['user_id'], unique=False,
                              postgresql_where=NO_ALERT, sqlite_where=NO_ALERT)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id_no_alert', postgresql_where=NO_ALERT, sqlite_where=NO_ALERT)
        batch_op.create_index('ix_notifications_user_id', ['user_id'], unique=False)
        batch_op.drop_constraint('fk_notifications_alert_owner', type_='foreignkey')
        batch_op.create_foreign_key('fk_notifications_alert_id_alerts', 'alerts', ['alert_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_foreign_key('fk_notifications_user_id_users', 'users', ['user_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_constraint('uq_alerts_id_user_id', type_='unique')
