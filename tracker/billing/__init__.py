"""Membership billing on Stripe."""
