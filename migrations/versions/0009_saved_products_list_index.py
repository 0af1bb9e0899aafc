"""saved products list index: (user_id, created_at, id) for paged lists and the export

The member pages page through a member's products newest first by default, the API and the CSV export seek
through them oldest first; both read this index in order instead of sorting every row of the member.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 10:00:00

"""
from alembic import op

import tracker.models.base  # noqa: F401  (UTCDateTime)


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('saved_products', schema=None) as batch_op:
        batch_op.create_index('ix_saved_products_user_id_created_at', ['user_id', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_products', schema=None) as batch_op:
        batch_op.drop_index('ix_saved_products_user_id_created_at')
