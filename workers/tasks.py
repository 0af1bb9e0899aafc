"""Imports every task module so the worker registers them all."""
from workers import alerts, maintenance, recalls  # noqa: F401
