"""Stripe's wire formats: form-encoded request bodies and the Stripe-Signature header."""
from __future__ import annotations

import hashlib
import hmac
import re
import time


def decode_form(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding back to nested values: a[b][0][c]=v, expand[0]=x, metadata[k]=v."""
    root: dict = {}
    for key, value in pairs:
        names = re.findall(r"[^\[\]]+|\[\]", key)
        node = root
        for i, name in enumerate(names):
            name = str(len(node)) if name == "[]" else name
            if i == len(names) - 1:
                node[name] = value
            else:
                node = node.setdefault(name, {})
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    node = {k: _listify(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node):
        return [node[k] for k in sorted(node, key=int)]
    return node


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A Stripe-Signature header value: t=TIMESTAMP,v1=HMAC_SHA256(secret, "TIMESTAMP.payload")."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"
