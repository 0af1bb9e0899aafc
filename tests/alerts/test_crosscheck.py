"""The cross-check: indexed candidates, one alert per (product, recall), amendments, who gets which email."""
from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests.alerts.conftest import SOUNDCORE3, alerts_of, notifications, record_25056
from tracker.alerts import candidates, service
from tracker.models.base import utcnow
from workers.alerts import crosscheck_recall


def test_candidates_come_only_from_matching_keys(db, own, recall):
    a3102 = own()
    family = own("family@example.com", model_number="A3102016")  # a longer model of the recalled family
    short = own("short@example.com", model_number="A3302", serial_number=None)
    unrelated = own("other@example.com", brand="Sony", model_number="SRSXB13")
    similar = own("similar@example.com", model_number="A31")  # too short to be a family
    ids = {row.id for row in candidates.candidate_items(candidates.recall_facts(recall))}
    assert {a3102.id, family.id, short.id} <= ids
    assert unrelated.id not in ids and similar.id not in ids


@pytest.mark.parametrize("facts_of", [
    lambda recall: candidates.recall_facts(recall),  # model keys: families, longer models
    lambda recall: dataclasses.replace(candidates.recall_facts(recall), models=[], upcs={"012345678905"}),  # brands
    # the printed-name lookup alone: (brand_key, model_key) pairs through the composite index
    lambda recall: dataclasses.replace(candidates.recall_facts(recall), models=[], upcs=set(), brand_keys=set()),
], ids=["models", "brands-and-upcs", "printed-names"])
def test_candidate_lookup_uses_indexes(db, own, recall, facts_of):
    """The lookup the cross-check runs (driver SQL on PostgreSQL, a Core select on SQLite) is answered from indexes
    on both databases, never a scan of saved_products."""
    own()
    facts = facts_of(recall)
    if db.engine.dialect.name == "postgresql":
        sql, params = candidates.candidate_sql(facts)
        cur = db.session.connection().connection.driver_connection.cursor()
        cur.execute("SET LOCAL enable_seqscan = off")  # a tiny table: otherwise the planner may scan anyway
        cur.execute("EXPLAIN " + sql, params, prepare=False)
        plan = "\n".join(r[0] for r in cur.fetchall())
        assert "Seq Scan" not in plan and "ix_saved_products_" in plan, plan
    else:
        sql = candidates.candidate_query(facts).compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(r[-1] for r in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
        lines = [line for line in plan.splitlines() if "saved_products" in line]
        assert lines and all("USING" in line and "INDEX" in line for line in lines), plan
    db.session.rollback()


def test_a_model_saved_as_a_printed_name_is_a_candidate_but_not_the_brands_catalogue(db, own, recall):
    facts = candidates.recall_facts(recall)
    assert any(kind == "pair" for kind, *_ in candidates.lookups(facts))
    printed = own("printed@example.com", model_number="Soundcore Motion Boom", serial_number=None)
    other = own("other@example.com", model_number="Life Q30 headphones", serial_number=None)  # same brand, not printed
    ids = {row.id for row in candidates.candidate_items(dataclasses.replace(
        facts, text=facts.text + " Not the Soundcore Motion Boom speaker."))}
    assert printed.id in ids and other.id not in ids


def test_printed_keys_of_a_description_follow_product_names_not_prose():
    text = ("This recall involves girl's two-piece pajama sets and the AR-15 Chamber Lock Pro. "
            "Consumers should stop using the recalled sets.")
    keys = candidates.printed_keys([text], capitalized=True)
    assert {"TW0P1ECEPAJAMASET", "AR15CHAMBERL0CKPR0", "AR15"} <= keys  # a hyphenated compound or a capital leads
    assert "C0NSUMERSSH0ULD" in keys and "C0NSUMERSSH0ULDST0P" in keys  # capitalized: any run
    assert "SH0ULDST0P" in keys and "SH0ULDST0PUS1NG" not in keys  # prose: two words at most
    assert "PAJAMASETSAND" not in keys and "PAJAMASET" in keys  # plural folded


def test_a3102_owner_gets_one_alert_and_the_soundcore3_owner_none(db, own, recall):
    item = own()
    own("sc3@example.com", **SOUNDCORE3)
    assert crosscheck_recall(recall.id) == "checked"
    (alert,) = alerts_of(db)
    assert alert.saved_product_id == item.id and alert.level in ("confirmed", "possible")
    assert "A3102" in alert.reason and "25-056" in alert.reason
    (n,) = notifications(db)
    assert (n.alert_id, n.kind, n.status) == (alert.id, "alert", "pending")
    assert n.dedupe_key == f"alert:{alert.id}:email:alert"


def test_the_same_recall_checked_twice_makes_one_alert(db, own, recall):
    own()
    first = service.crosscheck_recall(recall)
    db.session.commit()
    second = service.crosscheck_recall(recall)  # e.g. rematch, or a redelivered task after a crash
    db.session.commit()
    assert (first.created, second.created, second.notification_ids) == (1, 0, [])
    assert len(alerts_of(db)) == 1 and len(notifications(db)) == 1
    assert crosscheck_recall(recall.id) == "checked" and crosscheck_recall(recall.id) == "already"
    assert len(alerts_of(db)) == 1


def _amend(ingest, **changes):
    rec = {**record_25056(), "LastPublishDate": "2025-02-01T00:00:00", **changes}
    ingest([rec])


def test_amendment_that_only_rewords_updates_without_a_second_email(db, own, recall, ingest):
    own()
    crosscheck_recall(recall.id)
    (n,) = notifications(db)
    n.status, n.sent_at = "sent", utcnow()
    db.session.commit()
    before = alerts_of(db)[0].reason
    _amend(ingest, Description=record_25056()["Description"] + " Updated.")
    assert crosscheck_recall(recall.id) == "checked"
    (alert,) = alerts_of(db)
    assert alert.recall_version == 2 and alert.reason == before and len(notifications(db)) == 1


def test_possible_to_confirmed_sends_one_upgrade(db, own, recall, ingest):
    item = own(serial_number=None, purchase_date=None)
    crosscheck_recall(recall.id)
    (alert,) = alerts_of(db)
    assert alert.level == "possible"
    notifications(db)[0].status = "sent"
    db.session.commit()
    # The amendment drops the "check the SN code" limitation: every A3102 unit is covered now.
    rec = record_25056()
    rec["Description"] = "This recall involves Anker Soundcore A3102 speakers. All units are included."
    rec["Products"] = [{**p, "Description": p.get("Name", "")} for p in rec.get("Products", [])]
    _amend(ingest, Description=rec["Description"], Products=rec["Products"], Remedies=[])
    crosscheck_recall(recall.id)
    db.session.expire_all()
    (alert,) = alerts_of(db)
    assert alert.level == "confirmed", alert.reason
    kinds = [n.kind for n in notifications(db)]
    assert kinds == ["alert", "upgrade"] and alert.saved_product_id == item.id
    _amend(ingest, Description=rec["Description"] + " ")  # another amendment: no second upgrade
    crosscheck_recall(recall.id)
    assert [n.kind for n in notifications(db)] == ["alert", "upgrade"]


def test_upgrade_rule_on_the_service(db, own, recall):
    """possible -> confirmed after the first email: one upgrade row, however often it is re-decided."""
    from tracker.recalls.matching import Verdict

    own()
    crosscheck_recall(recall.id)
    (alert,) = alerts_of(db)
    alert.level = "possible"
    notifications(db)[0].status = "sent"
    out = service.Outcome()
    for _ in range(2):
        service._revise(alert, Verdict("confirmed", "Model A3102 is named; all units.", "model"), 3, out)
        db.session.flush()
    db.session.commit()
    assert [n.kind for n in notifications(db)] == ["alert", "upgrade"] and len(out.notification_ids) == 1
    assert (alert.level, alert.recall_version, out.updated) == ("confirmed", 3, 1)


def test_amendment_that_drops_the_model_clears_the_alert(db, own, recall, ingest):
    own(model_number="A3302", serial_number=None)
    crosscheck_recall(recall.id)
    assert alerts_of(db)[0].status == "open"
    amended = json.loads(json.dumps(record_25056()).replace("A3302", "").replace("PowerConf", ""))
    _amend(ingest, **{k: v for k, v in amended.items() if k != "LastPublishDate"})
    crosscheck_recall(recall.id)
    db.session.expire_all()
    (alert,) = alerts_of(db)
    assert alert.status == "cleared" and len(notifications(db)) == 1


def test_an_inactive_members_match_is_recorded_with_an_outbox_row(db, own, recall):
    """Which email the row becomes (here the short safety notice) is decided when it is sent (test_outbox)."""
    own(days=None)
    crosscheck_recall(recall.id)
    (n,) = notifications(db)
    assert (n.kind, n.status) == ("alert", "pending") and alerts_of(db)[0].status == "open"


def test_love_items_get_an_in_app_alert_only(db, own, recall):
    own(kind="love")
    crosscheck_recall(recall.id)
    assert len(alerts_of(db)) == 1 and notifications(db) == []


def test_digest_and_off_members_get_no_immediate_email(db, smtp, own, recall):
    from tracker.alerts import center
    from workers.alerts import send_notification

    for email, mode in (("digest@example.com", "digest"), ("off@example.com", "off")):
        item = own(email)
        center.set_email_mode(item.user, mode)
    db.session.commit()
    crosscheck_recall(recall.id)
    assert len(alerts_of(db)) == 2
    assert [send_notification(n.id) for n in notifications(db)] == ["skipped", "skipped"] and smtp.messages == []
    db.session.expire_all()
    assert all(a.notified_at is None for a in alerts_of(db))  # the digest member's daily digest still carries it


def test_saving_a_product_finds_recalls_that_print_its_brand_only_in_their_names(db, own, ingest):
    """Recall 24278 lists no brand; its title says the candles were "Sold Exclusively at Cracker Barrel". A product
    saved under that brand is checked against it on save, as the recall's own check finds it; a brand that merely
    shares letters with the title is not."""
    from tests.alerts.test_labeled_parity import real_record
    from tracker.recalls import service as recalls

    ingest([real_record("24278")])
    printed = own(brand="Cracker Barrel", model_number="Vanilla Bread Bowl Candle", serial_number=None)
    near = own("near@example.com", brand="Barre", model_number="Vanilla Bread Bowl Candle", serial_number=None)
    recall = recalls.find("24278")
    assert recall.id in {r.id for r in candidates.candidate_recalls(printed)}
    assert recall.id not in {r.id for r in candidates.candidate_recalls(near)}


def test_saving_a_product_checks_it_against_all_recalls(db, client, auth, recall):
    auth.login(days=30)
    resp = client.submit("/products/new", {**{k: v for k, v in SOUNDCORE3.items()}}, follow=True)
    assert resp.status_code == 200 and alerts_of(db) == []
    resp = client.submit("/products/new", {"kind": "own", "brand": "Anker", "model_number": "A3102",
                                           "serial_number": "AK31021234567890", "purchase_date": "2023-05-02"},
                         follow=True)
    assert "It matches a recall" in resp.get_data(as_text=True)
    (alert,) = alerts_of(db)
    assert len(notifications(db)) == 1
    item = alert.saved_product
    resp = client.submit(f"/products/{item.id}/edit", {"kind": "own", "brand": "Anker", "model_number": "A3117"},
                         follow=True)  # edited to another model: the alert is cleared, not deleted
    db.session.expire_all()
    assert alerts_of(db)[0].status == "cleared"


def test_api_save_checks_too(db, client, make_user, recall):
    from tests.products.helpers import api_token

    user = make_user("api@example.com", days=30)
    resp = client.post("/api/v1/saved-products", json={"kind": "own", "brand": "Soundcore", "model_number": "A3102"},
                       headers=api_token(user))
    assert resp.status_code == 201 and len(alerts_of(db)) == 1


def test_rematch_cli_creates_only_missing_alerts(app, db, own, recall):
    own()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["alerts", "rematch"])
    assert first.exit_code == 0, first.output
    assert first.output.strip().splitlines()[-1] == "alerts_created=1"
    own("second@example.com")
    again = runner.invoke(args=["alerts", "rematch", "--recall", "25-056"])
    assert again.output.strip().splitlines()[-1] == "alerts_created=1"
    assert runner.invoke(args=["alerts", "rematch"]).output.strip().splitlines()[-1] == "alerts_created=0"
    assert "No recall 99999" in runner.invoke(args=["alerts", "rematch", "--recall", "99999"]).output
    assert len(alerts_of(db)) == 2 and len(notifications(db)) == 2


def test_reminder_time_is_configurable(app):
    assert app.config["ALERTS_REMINDER_DAYS"] == 14 and timedelta(days=app.config["ALERTS_REMINDER_DAYS"])


def test_reason_names_the_maker_as_the_evaluated_path_does(db, own, recall):
    own()
    crosscheck_recall(recall.id)
    (alert,) = alerts_of(db)
    assert "on Anker's site" in alert.reason
