"""CSV pages: upload -> preview with per-row errors -> confirm (nothing is saved before), export, template."""
from __future__ import annotations

import base64
import binascii
from datetime import date

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from tracker.alerts.hooks import check_saved_since
from tracker.billing.gate import member_required
from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.products import csv_io, forms, service
from tracker.products.csv_io import CsvError
from tracker.products.views import bp

UPLOAD_LIMIT = 2 * csv_io.MAX_BYTES  # the multipart body around a file of MAX_BYTES


def _csv_response(body, filename: str) -> Response:
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/import", methods=["GET", "POST"])
@member_required
def import_csv():
    request.max_content_length = UPLOAD_LIMIT
    form = forms.ImportForm()
    if not form.validate_on_submit():
        return render_template("products/import.html", form=form), (422 if request.method == "POST" else 200)
    try:
        text = csv_io.decode(form.file.data.read(csv_io.MAX_BYTES + 1))
        rows = csv_io.preview(current_user, text)
    except CsvError as exc:
        form.file.errors = [str(exc)]
        return render_template("products/import.html", form=form), 422
    confirm = forms.ConfirmImportForm(formdata=None, payload=base64.b64encode(text.encode()).decode())
    return render_template("products/import_preview.html", rows=rows, confirm=confirm,
                           good=sum(r.ok for r in rows))


def _decoded(payload: str | None) -> str | None:
    try:
        return base64.b64decode(payload or "", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None


@bp.post("/import/confirm")
@member_required
def import_confirm():
    request.max_content_length = 2 * UPLOAD_LIMIT  # the file comes back as base64 (urlencoded form)
    form = forms.ConfirmImportForm()
    text = _decoded(form.payload.data) if form.validate_on_submit() else None
    started = utcnow()
    try:
        saved, skipped = csv_io.import_rows(current_user, text or "")
    except CsvError:
        db.session.rollback()
        flash("That import couldn't be read. Upload the file again.", "error")
        return redirect(url_for("products.import_csv"))
    db.session.commit()
    check_saved_since(current_user.id, started)  # issue 5: imported products are checked like saved ones
    flash(f"Imported {saved} products" + (f"; {skipped} rows skipped." if skipped else "."), "success")
    return redirect(url_for("products.index"))


@bp.get("/export.csv")
@member_required
def export_csv():
    """Every product, streamed a batch at a time (memory stays flat however long the list)."""
    batches = service.batches(current_user._get_current_object())
    return _csv_response(stream_with_context(csv_io.export_chunks(batches)),
                         f"my-products-{date.today().isoformat()}.csv")


@bp.get("/import/template.csv")
@member_required
def import_template():
    example = ("own,Anker,A3102,Soundcore Bluetooth Speaker,AK31021234567890,2023-05-02,Amazon,,"
               "kitchen speaker,\r\n")
    return _csv_response(",".join(csv_io.COLUMNS) + "\r\n" + example, "my-products-template.csv")
