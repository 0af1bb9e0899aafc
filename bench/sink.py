"""A local SMTP sink for the fan-out benchmark: `python -m bench.sink PORT OUT` accepts every message on 127.0.0.1,
keeps (Message-ID, accept time, envelope, bytes) in memory and writes them to OUT (pickle) on SIGTERM."""
from __future__ import annotations

import email.parser
import pickle
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller

_headers = email.parser.BytesHeaderParser()


class Sink:
    def __init__(self):
        self.got: list[tuple[str, float, str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        msgid = _headers.parsebytes(envelope.content, headersonly=True).get("Message-ID", "")
        self.got.append((msgid, time.time(), envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def main() -> None:
    port, out = int(sys.argv[1]), sys.argv[2]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    print("ready", flush=True)
    done.wait(3600)  # bounded: the bench stops it long before
    controller.stop()
    with open(out, "wb") as f:
        pickle.dump(sink.got, f)


if __name__ == "__main__":
    main()
