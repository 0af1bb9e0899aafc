"""HTTP client for the CPSC Recalls REST API (saferproducts.gov RestWebServices/Recall).

The API answers one JSON array per query (no pagination), filtered by LastPublishDateStart/End, so a long
history is fetched in date windows. Timeouts on every request; 5xx, timeouts and connection errors are retried
with exponential backoff; 4xx and bad JSON fail at once."""
from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

logger = logging.getLogger(__name__)


class CPSCError(RuntimeError):
    """The feed could not be read (after retries)."""


@dataclass
class CPSCClient:
    base_url: str
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep

    def url(self, start: date | None, end: date | None) -> str:
        params = {"format": "json"}
        if start:
            params["LastPublishDateStart"] = start.isoformat()
        if end:
            params["LastPublishDateEnd"] = end.isoformat()
        return f"{self.base_url}?{urllib.parse.urlencode(params)}"

    def fetch(self, start: date | None = None, end: date | None = None) -> list:
        """Records whose LastPublishDate is within [start, end] (either bound may be open)."""
        url = self.url(start, end)
        for attempt in range(self.retries + 1):
            try:
                return self._get(url)
            except _Transient as exc:
                if attempt == self.retries:
                    raise CPSCError(f"CPSC API failed after {attempt + 1} attempts: {exc}") from None
                delay = self.backoff * (2 ** attempt)
                logger.warning("CPSC API: %s; retrying in %.1fs", exc, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")

    def _get(self, url: str) -> list:
        req = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "RecallTracker/1"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise _Transient(f"HTTP {exc.code}") from None
            raise CPSCError(f"CPSC API answered HTTP {exc.code} for {url}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _Transient(str(getattr(exc, "reason", exc))) from None
        try:
            data = json.loads(body)
        except ValueError:
            raise CPSCError("CPSC API answered with something that isn't JSON") from None
        if not isinstance(data, list):
            raise CPSCError("CPSC API answered with JSON that isn't an array of records")
        return data


class _Transient(Exception):
    pass


def windows(start: date, today: date, days: int) -> Iterator[tuple[date, date | None]]:
    """[start, end] date windows up to today; the last one is open-ended (end None)."""
    s = start
    while True:
        e = s + timedelta(days=days - 1)
        if e >= today:
            yield s, None
            return
        yield s, e
        s = e + timedelta(days=1)
