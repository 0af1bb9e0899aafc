"""Member pages for saved products: list with search and sort, add (from the catalog or by hand), edit, move,
delete. Thin: parse input, call the service, commit, render or redirect."""
from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.alerts.hooks import check_saved
from tracker.billing.gate import member_required
from tracker.extensions import db
from tracker.models.products import SavedProduct
from tracker.products import catalog, forms, service
from tracker.products.service import InvalidProduct
from tracker.web import add_nav

logger = logging.getLogger(__name__)
bp = Blueprint("products", __name__, url_prefix="/products")
add_nav("products.index", "My products", members_only=True)

KIND_LABELS = {"own": "Products you own", "love": "Products you love"}
SORT_LABELS = {"newest": "Newest first", "oldest": "Oldest first", "brand": "Brand and model",
               "name": "Product name", "purchased": "Purchase date"}
PER_PAGE = 50


def owned_or_404(item_id: int) -> SavedProduct:
    """The logged-in member's product, or 404 (another member's product looks like a missing one)."""
    item = service.get_owned(current_user, item_id)
    if item is None:
        abort(404)
    return item


@bp.get("/")
@member_required
def index():
    q = request.args.get("q", "")[:200]
    kind = request.args.get("kind") if request.args.get("kind") in KIND_LABELS else None
    sort = request.args.get("sort") if request.args.get("sort") in SORT_LABELS else "newest"
    number = request.args.get("page", 1, type=int) or 1  # text -> 1; negative and past-the-end are clamped
    page = service.page(current_user, q, kind, sort, number, PER_PAGE)
    return render_template("products/list.html", items=page.items, page=page, q=q, kind=kind, sort=sort,
                           kinds=KIND_LABELS, sorts=SORT_LABELS, button=forms.ButtonForm())


def _form_page(form: forms.SavedProductForm, item: SavedProduct | None, status: int = 200):
    search = forms.CatalogSearchForm(request.args)
    results = catalog.search(search.catalog_q.data or "") if item is None else []
    picked = catalog.get(int(form.catalog_product_id.data)) if (form.catalog_product_id.data or "").isdigit() \
        else None
    return render_template("products/form.html", form=form, item=item, search=search, results=results,
                           picked=picked, searched=bool(search.catalog_q.data)), status


def _save(form: forms.SavedProductForm, item: SavedProduct | None):
    """Validate through the service, commit, and go back to the list; or show the errors next to the fields."""
    if not form.validate_on_submit():
        return _form_page(form, item, 422)
    try:
        saved = service.save(current_user, form.values(), item)
    except InvalidProduct as exc:
        db.session.rollback()
        form.show_errors(exc.errors)
        return _form_page(form, item, 422)
    db.session.commit()
    found = check_saved(saved)  # issue 5: checked against all recalls before the page reloads
    flash(f"Saved {saved.title}." + (" It matches a recall: see Alerts." if found else ""),
          "error" if found else "success")
    return redirect(url_for("products.index", kind=saved.kind))


@bp.route("/new", methods=["GET", "POST"])
@member_required
def new():
    form = forms.SavedProductForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind") if request.args.get("kind") in KIND_LABELS else "own"
        picked = catalog.get(request.args.get("catalog", type=int) or 0)
        if picked is not None:
            form.process(data={**catalog.prefill(picked), "kind": form.kind.data})
        return _form_page(form, None)
    return _save(form, None)


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@member_required
def edit(item_id: int):
    item = owned_or_404(item_id)
    form = forms.SavedProductForm(obj=item if request.method == "GET" else None)
    if request.method == "GET" and item.purchase_date:
        form.purchase_date.data = item.purchase_date.isoformat()
    return _form_page(form, item) if request.method == "GET" else _save(form, item)


@bp.route("/<int:item_id>/delete", methods=["GET", "POST"])
@member_required
def delete(item_id: int):
    item = owned_or_404(item_id)
    form = forms.ButtonForm()
    if request.method == "POST" and form.validate_on_submit():
        title = item.title
        service.delete(item)
        db.session.commit()
        flash(f"Deleted {title}.", "info")
        return redirect(url_for("products.index"))
    return render_template("products/delete.html", item=item, button=form)


@bp.post("/<int:item_id>/move")
@member_required
def move(item_id: int):
    item = owned_or_404(item_id)
    target = request.form.get("kind", "")
    if forms.ButtonForm().validate_on_submit() and target in KIND_LABELS:
        service.move(item, target)
        db.session.commit()
        flash(f"Moved {item.title} to {KIND_LABELS[target]}.", "success")
    return redirect(url_for("products.index", kind=target if target in KIND_LABELS else None))


@bp.get("/help")
def help_page():
    """Where model and serial numbers are printed (public: useful before joining too)."""
    return render_template("products/help.html")


from tracker.products import io_views  # noqa: E402,F401  (import/export pages on the same blueprint)
