"""index memberships.past_due_since for the hourly grace-ended job

The job asks for past-due members whose grace window ended: a range on past_due_since, which is set only while a
member is past_due, so the index holds few non-null entries and the query never reads all members.

Chained after 0007 while 0008 is being written on another branch: re-chain at merge if 0008 lands first.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 10:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index('ix_memberships_past_due_since', ['past_due_since'], unique=False)


def downgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_memberships_past_due_since')
