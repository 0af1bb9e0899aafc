"""Imports every task module so the worker registers them all."""
from workers import billing, maintenance  # noqa: F401
