"""Steps a person takes in the browser, shared by the end-to-end tests."""
from __future__ import annotations

PASSWORD = "Correct-Horse-Battery-9"


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Open the log-in page, fill the form by its labels and submit it."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def save_product(page, brand: str, model_number: str, serial_number: str = "") -> None:
    """Add a product by typing it into the "Add a product" form."""
    page.goto("/products/new")
    page.fill("#brand", brand)
    page.fill("#model_number", model_number)
    if serial_number:
        page.fill("#serial_number", serial_number)
    page.click("button:has-text('Save product')")
