"""Alerts: cross-check saved products against recalls, the notification outbox, and the alert center."""
