"""Saved-product forms. They only carry text: the rules live in products.rules, so web, API and CSV agree."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SearchField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from tracker.products.rules import LIMITS

WHERE_MODEL = ("Usually on a label on the bottom or back, inside the battery compartment, or on the box; "
               "often after \"Model\", \"Model No.\" or \"M/N\".")
WHERE_SERIAL = ("Next to the model number, often after \"S/N\" or \"Serial\"; for connected devices also in "
                "the app's settings (About / Device info).")


def _text(label: str, name: str, **kw) -> StringField:
    return StringField(label, render_kw={"maxlength": LIMITS[name]}, **kw)


class SavedProductForm(FlaskForm):
    kind = RadioField("List", choices=[SelectChoice("own", "Products you own"),
                                     SelectChoice("love", "Products you love (wish list)")],
                      default="own", validate_choice=False)
    brand = _text("Brand", "brand", description="As printed on the product, e.g. Anker.")
    model_number = _text("Model number", "model_number", description=WHERE_MODEL)
    name = _text("Product name", "name")
    serial_number = _text("Serial number", "serial_number", description=WHERE_SERIAL)
    purchase_date = StringField("Purchase date", render_kw={"type": "date", "placeholder": "YYYY-MM-DD"})
    retailer = _text("Bought from", "retailer", description="Store or website.")
    upc = _text("UPC (barcode number)", "upc", description="The 12 digits under the barcode on the box.")
    nickname = _text("Nickname", "nickname", description="Your own name for it, e.g. 'kitchen speaker'.")
    notes = TextAreaField("Notes", render_kw={"maxlength": LIMITS["notes"], "rows": 3})
    catalog_product_id = HiddenField()
    submit = SubmitField("Save product")

    def values(self) -> dict:
        """The submitted text, keyed like the API."""
        return {name: getattr(self, name).data or "" for name in
                ("kind", "brand", "model_number", "name", "serial_number", "purchase_date", "retailer", "upc",
                 "nickname", "notes", "catalog_product_id")}

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the service's per-field errors next to the fields."""
        for name, messages in errors.items():
            target = self.brand if name == "catalog_product_id" else getattr(self, name, self.brand)
            target.errors = list(target.errors or []) + list(messages)


class CatalogSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search, changes nothing

    catalog_q = SearchField("Search the catalog", description="Brand, model number, product name or UPC.")


class ImportForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file.")],
                     description="Columns: kind, brand, model_number, name, serial_number, purchase_date "
                                 "(YYYY-MM-DD), retailer, upc, nickname, notes.")
    submit = SubmitField("Preview import")


class ConfirmImportForm(FlaskForm):
    payload = HiddenField()  # the previewed file, base64: the confirm step re-checks it, nothing is stored before
    submit = SubmitField("Import these products")


class ButtonForm(FlaskForm):
    """Buttons that only need CSRF (delete, move)."""

    submit = SubmitField("Submit")
