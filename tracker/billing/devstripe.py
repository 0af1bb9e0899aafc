"""A small Stripe API stand-in in Stripe's current object shapes, for development billing (and the test fake).

It answers the requests this app makes (customers, Checkout Sessions, subscriptions, invoices, Portal
sessions, events) and plays what Stripe's hosted pages do (complete a checkout, fail a renewal, pay an
invoice, cancel), returning the events Stripe would send. Storage is pluggable: the database in development
(web and worker share it), a dict in tests. Pure Python: no Flask, no HTTP."""
from __future__ import annotations

import json
import re
import secrets
import threading
import time
from typing import Protocol

from tracker.billing.wire import decode_form, sign  # noqa: F401  (re-exported for the test fake)

API_VERSION = "2026-10-28.endive"
CONNECTION = re.compile(r"^/v1/(?P<coll>[a-z_/]+?)(?:/(?P<id>(?:cus|cs|sub|in|evt|bps|price)_[A-Za-z0-9_]+))?$")


class Store(Protocol):
    def get(self, id_: str) -> dict | None: ...
    def put(self, obj: dict) -> None: ...
    def all(self, kind: str) -> list[dict]: ...


class MemoryStore:
    """Objects in a dict (tests)."""

    def __init__(self) -> None:
        self.objects: dict[str, dict] = {}
        self.lock = threading.RLock()

    def get(self, id_: str) -> dict | None:
        return json.loads(json.dumps(self.objects[id_])) if id_ in self.objects else None

    def put(self, obj: dict) -> None:
        self.objects[obj["id"]] = json.loads(json.dumps(obj))

    def all(self, kind: str) -> list[dict]:
        return [json.loads(json.dumps(o)) for o in self.objects.values() if o.get("object") == kind]


class ApiError(Exception):
    """An error answered in Stripe's shape."""

    def __init__(self, status: int, message: str, code: str | None = None):
        super().__init__(message)
        self.status, self.body = status, {"error": {"type": "invalid_request_error", "message": message,
                                                    **({"code": code} if code else {})}}


def _rid(prefix: str) -> str:
    return prefix + secrets.token_hex(12)


class Emulator:
    """Stripe's API and hosted pages, played in-process against a Store."""

    def __init__(self, store: Store, hosted_base: str):
        self.store, self.hosted_base = store, hosted_base.rstrip("/")
        self.idem: dict[str, tuple] = {}

    # ---------------------------------------------------------------- API
    def handle(self, method: str, path: str, params: dict, idempotency_key: str | None = None) -> tuple[int, dict]:
        """Answer one API request: (status, body)."""
        if method == "POST" and idempotency_key:
            prev = self.idem.get(idempotency_key) or (self.store.get("idem_" + idempotency_key) or {}).get("reply")
            if prev:
                return prev[0], prev[1]
        try:
            status, body = self._route(method, path, params)
            body = _public(body) if body.get("object") != "list" else {**body, "data": [_public(o) for o in
                                                                                      body["data"]]}
        except ApiError as e:
            status, body = e.status, e.body
        if method == "POST" and idempotency_key and status < 500:
            self.idem[idempotency_key] = (status, body)
            self.store.put({"id": "idem_" + idempotency_key, "object": "idempotency", "reply": [status, body]})
        return status, body

    def _route(self, method: str, path: str, p: dict) -> tuple[int, dict]:
        m = CONNECTION.match(path)
        if not m:
            raise ApiError(404, f"Unrecognized request URL ({method}: {path}).")
        coll, id_ = m.group("coll"), m.group("id")
        if id_ and method == "GET":
            return 200, self._expand(self._find(id_), p.get("expand") or [])
        if method == "GET":
            return 200, self._list(coll, p)
        creators = {"customers": self.create_customer, "checkout/sessions": self.create_session,
                    "billing_portal/sessions": self.create_portal_session}
        if method == "POST" and not id_ and coll in creators:
            return 200, creators[coll](p)
        raise ApiError(404, f"Unrecognized request URL ({method}: {path}).")

    def _find(self, id_: str) -> dict:
        obj = self.store.get(id_)
        if obj is None:
            raise ApiError(404, f"No such object: '{id_}'", "resource_missing")
        return obj

    def _expand(self, obj: dict, expand: list | str) -> dict:
        for field in [expand] if isinstance(expand, str) else list(expand):
            val = obj.get(field)
            if isinstance(val, str) and self.store.get(val):
                obj[field] = self.store.get(val)
        return obj

    def _list(self, coll: str, p: dict) -> dict:
        kind = {"customers": "customer", "subscriptions": "subscription", "invoices": "invoice", "events": "event",
                "checkout/sessions": "checkout.session"}.get(coll)
        if kind is None:
            raise ApiError(404, f"Unrecognized request URL (GET: /v1/{coll}).")
        objs = [o for o in self.store.all(kind) if self._matches(o, p)]
        objs.sort(key=lambda o: (o.get("created", 0), o.get("_seq", 0)), reverse=True)
        if p.get("starting_after"):
            ids = [o["id"] for o in objs]
            if p["starting_after"] not in ids:
                raise ApiError(400, f"No such {kind}: '{p['starting_after']}'", "resource_missing")
            objs = objs[ids.index(p["starting_after"]) + 1:]
        limit = int(p.get("limit") or 10)
        if not 1 <= limit <= 100:
            raise ApiError(400, "Invalid integer: limit must be between 1 and 100.")
        fields = p.get("expand") or []
        expand = [f[len("data."):] for f in ([fields] if isinstance(fields, str) else fields) if f.startswith("data.")]
        return {"object": "list", "data": [self._expand(o, expand) for o in objs[:limit]],
                "has_more": len(objs) > limit, "url": f"/v1/{coll}"}

    @staticmethod
    def _matches(o: dict, p: dict) -> bool:
        if p.get("customer") and o.get("customer") != p["customer"]:
            return False
        status = p.get("status")
        if o.get("object") == "subscription" and status != "all":
            if (status and o["status"] != status) or (not status and o["status"] == "canceled"):
                return False
        created = p.get("created")
        if isinstance(created, dict) and "gte" in created and o.get("created", 0) < int(created["gte"]):
            return False
        types = p.get("types")
        return not types or o.get("type") in (types if isinstance(types, list) else [types])

    def _put(self, obj: dict) -> dict:
        obj.setdefault("_seq", time.monotonic_ns())
        self.store.put(obj)
        return obj

    def create_customer(self, p: dict) -> dict:
        return self._put({"id": _rid("cus_"), "object": "customer", "created": int(time.time()),
                          "email": p.get("email"), "name": p.get("name"), "metadata": p.get("metadata") or {},
                          "livemode": False, "invoice_settings": {"default_payment_method": None}})

    def create_session(self, p: dict) -> dict:
        if p.get("mode") != "subscription" or not p.get("line_items"):
            raise ApiError(400, "Missing required param: line_items.")
        if p.get("customer"):
            self._find(p["customer"])
        sid, now = _rid("cs_test_"), int(time.time())
        return self._put({"id": sid, "object": "checkout.session", "mode": "subscription", "status": "open",
                          "payment_status": "unpaid", "created": now, "expires_at": now + 86400,
                          "customer": p.get("customer"), "client_reference_id": p.get("client_reference_id"),
                          "metadata": p.get("metadata") or {}, "success_url": p.get("success_url"),
                          "cancel_url": p.get("cancel_url"), "url": f"{self.hosted_base}/checkout/{sid}",
                          "subscription": None, "invoice": None, "livemode": False,
                          "line_items": {"object": "list", "data": [{"price": {"id": li["price"]}, "quantity":
                                                                     int(li.get("quantity") or 1)}
                                                                    for li in _as_list(p["line_items"])]},
                          "subscription_data": p.get("subscription_data") or {}})

    def create_portal_session(self, p: dict) -> dict:
        self._find(p.get("customer") or "")
        bid = _rid("bps_")
        return self._put({"id": bid, "object": "billing_portal.session", "created": int(time.time()),
                          "customer": p["customer"], "return_url": p.get("return_url"), "livemode": False,
                          "url": f"{self.hosted_base}/portal/{bid}"})

    # ---------------------------------------------------------------- what Stripe's hosted pages do
    def complete_checkout(self, session_id: str, status: str = "active") -> list[dict]:
        """The customer pays on the Checkout page: a subscription (status) and its first invoice; the events."""
        cs = self._find(session_id)
        if cs["status"] != "open":
            raise ApiError(400, f"Checkout Session {session_id} is {cs['status']}.")
        if not cs.get("customer"):
            cs["customer"] = self.create_customer({})["id"]
        price = cs["line_items"]["data"][0]["price"]["id"]
        sub = self._subscription(cs["customer"], price, status, (cs.get("subscription_data") or {}).get("metadata"))
        inv = self._invoice(sub, "paid" if status in ("active", "trialing") else "open", "subscription_create")
        cs.update(status="complete", payment_status="paid" if inv["status"] == "paid" else "unpaid",
                  subscription=sub["id"], invoice=inv["id"], url=None)
        self._put(cs)
        sub = self._find(sub["id"])
        return [self.event("customer.subscription.created", sub), self.event("checkout.session.completed", cs),
                self.event("invoice.paid" if inv["status"] == "paid" else "invoice.payment_failed", inv)]

    def renew_failed(self, sub_id: str) -> list[dict]:
        """A renewal whose payment failed: new period, an open invoice, past_due."""
        sub = self._find(sub_id)
        self._new_period(sub)
        inv = self._invoice(sub, "open", "subscription_cycle")
        sub = self._find(sub_id)
        sub["status"] = "past_due"
        self._put(sub)
        return [self.event("invoice.payment_failed", inv), self.event("customer.subscription.updated", sub)]

    def pay_invoice(self, invoice_id: str) -> list[dict]:
        """The open invoice is paid (hosted invoice page): paid, and its subscription active again."""
        inv = self._find(invoice_id)
        if inv["status"] == "paid":
            return []
        now = int(time.time())
        inv.update(status="paid", amount_paid=inv["amount_due"], amount_remaining=0,
                   attempt_count=inv["attempt_count"] + 1)
        inv["status_transitions"]["paid_at"] = now
        self._put(inv)
        sub = self._find(inv["parent"]["subscription_details"]["subscription"])
        if sub["status"] in ("past_due", "unpaid", "incomplete"):
            sub["status"] = "active"
            self._put(sub)
        return [self.event("invoice.paid", inv), self.event("customer.subscription.updated", sub)]

    def set_subscription(self, sub_id: str, **changes) -> list[dict]:
        """Change a subscription (status, cancel_at_period_end, current_period_end) and say so."""
        sub = self._find(sub_id)
        if "current_period_end" in changes:
            sub["items"]["data"][0]["current_period_end"] = changes.pop("current_period_end")
        if "cancel_at_period_end" in changes:
            end = sub["items"]["data"][0]["current_period_end"]
            sub["cancel_at"] = end if changes["cancel_at_period_end"] else None
            sub["canceled_at"] = int(time.time()) if changes["cancel_at_period_end"] else None
        sub.update(changes)
        self._put(sub)
        return [self.event("customer.subscription.updated", sub)]

    def cancel_now(self, sub_id: str) -> list[dict]:
        """The subscription ends now (cancel in the Portal, or the end of a period set to cancel)."""
        sub = self._find(sub_id)
        now = int(time.time())
        sub.update(status="canceled", canceled_at=sub.get("canceled_at") or now, ended_at=now,
                   cancel_at_period_end=False)
        self._put(sub)
        return [self.event("customer.subscription.deleted", sub)]

    def event(self, type_: str, obj: dict, created: int | None = None, store: bool = True) -> dict:
        """An event envelope around a snapshot of obj, as Stripe sends it."""
        ev = {"id": _rid("evt_"), "object": "event", "api_version": API_VERSION,
              "created": created or int(time.time()), "data": {"object": _public(obj)}, "livemode": False,
              "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None}, "type": type_}
        if store:
            self._put(dict(ev))
        return ev

    # ---------------------------------------------------------------- builders
    def _subscription(self, customer: str, price: str, status: str, metadata: dict | None) -> dict:
        now, sid = int(time.time()), _rid("sub_")
        interval = "year" if "year" in price.lower() else "month"
        item = {"id": _rid("si_"), "object": "subscription_item", "created": now, "quantity": 1, "subscription": sid,
                "price": {"id": price, "object": "price", "type": "recurring", "currency": "usd",
                          "recurring": {"interval": interval, "interval_count": 1}},
                "current_period_start": now, "current_period_end": now + _days(interval) * 86400}
        return self._put({"id": sid, "object": "subscription", "customer": customer, "status": status,
                          "created": now, "start_date": now, "cancel_at_period_end": False, "cancel_at": None,
                          "canceled_at": None, "ended_at": None, "latest_invoice": None, "livemode": False,
                          "metadata": metadata or {}, "currency": "usd", "pause_collection": None,
                          "items": {"object": "list", "data": [item], "has_more": False,
                                    "url": f"/v1/subscription_items?subscription={sid}"}})

    def _invoice(self, sub: dict, status: str, reason: str) -> dict:
        now, iid = int(time.time()), _rid("in_")
        item = sub["items"]["data"][0]
        inv = self._put({"id": iid, "object": "invoice", "customer": sub["customer"], "status": status,
                         "created": now, "effective_at": now, "amount_due": 900, "amount_paid": 900 if status ==
                         "paid" else 0, "amount_remaining": 0 if status == "paid" else 900, "attempt_count": 1,
                         "billing_reason": reason, "currency": "usd", "livemode": False, "subscription": None,
                         "hosted_invoice_url": f"{self.hosted_base}/invoice/{iid}",
                         "period_start": item["current_period_start"], "period_end": item["current_period_end"],
                         "status_transitions": {"finalized_at": now, "paid_at": now if status == "paid" else None},
                         "parent": {"type": "subscription_details", "quote_details": None, "subscription_details":
                                    {"metadata": sub.get("metadata") or {}, "subscription": sub["id"]}}})
        sub = self._find(sub["id"])
        sub["latest_invoice"] = iid
        self._put(sub)
        return inv

    def _new_period(self, sub: dict) -> None:
        item = sub["items"]["data"][0]
        now = int(time.time())
        item["current_period_start"] = now
        item["current_period_end"] = now + _days(item["price"]["recurring"]["interval"]) * 86400
        self._put(sub)


def _days(interval: str) -> int:
    return 365 if interval == "year" else 31


def _as_list(v) -> list:
    return list(v.values()) if isinstance(v, dict) else list(v)


def _public(obj: dict) -> dict:
    """The object without the stand-in's private fields."""
    return {k: v for k, v in json.loads(json.dumps(obj)).items() if not k.startswith("_")}

