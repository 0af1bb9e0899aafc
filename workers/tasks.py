"""Imports every task module so the worker registers them all."""
from workers import maintenance  # noqa: F401
