"""Saved products and the product catalog: web pages, CSV import/export, service functions."""
