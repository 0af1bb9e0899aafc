"""Imports every task module so the worker registers them all."""
from workers import alerts, mail, maintenance, recalls  # noqa: F401
