"""Admins add and edit recalls by hand; everyone else is kept out."""
from __future__ import annotations

from sqlalchemy import select

from tests.recalls.conftest import real
from tracker.models.accounts import User
from tracker.recalls import service

FORM = {"recall_number": "26-901", "recall_date": "2026-04-01", "title": "Acme Recalls Kettles Due to Burn Hazard",
        "description": "Model AK-100 kettles with serial numbers from AK1000 to AK1999 are included.",
        "products": "Acme kettle | About 1,200", "hazard": "The handle can <b>break</b>.", "remedy": "Refund.",
        "remedy_option": "Refund", "manufacturer": "Acme Inc., of Ohio", "contact": "Acme at 800-555-0199",
        "url": "https://acme.example/recall", "injuries": "", "sold_at": "Acme stores"}


def _admin(auth, db, email="admin@example.com"):
    auth.login(email)
    db.session.scalar(select(User).where(User.email == email)).is_admin = True
    db.session.commit()


def test_non_admins_are_kept_out(client, auth):
    assert client.get("/admin/recalls/new").status_code == 302  # to log in
    auth.login()
    assert client.get("/admin/recalls/").status_code == 403 and client.get("/admin/recalls/new").status_code == 403
    assert client.post("/admin/recalls/new", data=FORM).status_code in (400, 403)


def test_admin_adds_a_recall_marked_as_manufacturer_notice(client, auth, db, enqueued):
    _admin(auth, db)
    resp = client.submit("/admin/recalls/new", FORM, follow=True)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Manufacturer notice, not yet published by CPSC" in page
    assert "&lt;b&gt;break&lt;/b&gt;" in page
    recall = service.find("26901")
    assert recall.source == "manual" and {"AK100"} <= {m.model_key for m in recall.model_keys}
    [rng] = recall.scope["serial_ranges"]
    assert (rng["start"], rng["end"], rng["model"]) == ("AK1000", "AK1999", "AK-100") and enqueued == [recall.id]
    assert "admin" in client.text("/admin/recalls/")  # the run is listed


def test_admin_form_shows_errors_next_to_fields(client, auth, db):
    _admin(auth, db)
    page = client.submit("/admin/recalls/new", {**FORM, "title": "", "recall_date": "soon"}).get_data(as_text=True)
    assert page.count('class="error"') >= 2 and service.find("26901") is None


def test_admin_edits_a_cpsc_recall_and_cpsc_wins_later(client, auth, db, ingest, enqueued):
    ingest([real("25056")])
    _admin(auth, db)
    form_page = client.text("/admin/recalls/25-056/edit")
    assert "Anker Soundcore" in form_page
    client.submit("/admin/recalls/25-056/edit", {**FORM, "recall_number": "25-056", "title": "Edited by hand"})
    recall = service.find("25056")
    assert recall.title == "Edited by hand" and recall.source == "manual" and recall.version == 2
    ingest([real("25056")])
    db.session.refresh(recall)
    assert recall.source == "cpsc" and recall.title.startswith("Anker") and len(recall.changes) == 2
