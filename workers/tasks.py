"""Imports every task module so the worker registers them all."""
from workers import mail, maintenance  # noqa: F401
