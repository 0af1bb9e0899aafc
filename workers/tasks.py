"""Imports every task module so the worker registers them all."""
from workers import alerts, billing, mail, maintenance, recalls  # noqa: F401
