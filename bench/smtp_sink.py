"""A local SMTP server (aiosmtpd) that takes every message and counts it by recipient.

The integration tests run it in a thread; the fan-out benchmark runs it in a process of its own
(`python -m bench.smtp_sink PORT`) and asks it for its counts over a one-line TCP protocol
(`COUNT` answers JSON `{"recipient": n, ...}`, `TOTAL` the number of messages, `RESET`
clears the counts).

Hooks let a test make the server refuse a message once with a "try again later" (451), or
hold a message in the middle of its DATA until the test lets it go (then refuse it with a
"try again later", or take it).
"""

import asyncio
import json
import socket
import socketserver
import sys
import threading
from collections import Counter

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self):
        self.received = Counter()
        self.lock = threading.Lock()
        self.fail_once = set()  # recipients refused once with 451, then taken
        self.hold_at = None  # the number of the message to hold (1-based), if any
        self.holding = threading.Event()  # set while that message is held
        self.release = threading.Event()  # set by the test to let it go
        self.hold_answer = "451 4.3.0 Try again later"  # what the held message gets
        self.attempts = 0
        self.last_message = None  # the bytes of the last message taken, as they arrived

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.attempts += 1
            attempt = self.attempts
            refuse = [r for r in envelope.rcpt_tos if r in self.fail_once]
            self.fail_once.difference_update(refuse)
        if refuse:
            return "451 4.3.0 Try again later"
        if attempt == self.hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            if not self.hold_answer.startswith("250"):
                return self.hold_answer
        with self.lock:
            self.received.update(envelope.rcpt_tos)
            self.last_message = envelope.original_content
        return "250 OK"

    def counts(self):
        with self.lock:
            return dict(self.received)

    def total(self):
        with self.lock:
            return sum(self.received.values())

    def reset(self):
        with self.lock:
            self.received.clear()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(port=None):
    """Start a server in a thread; returns the controller (`.port`, `.handler`, `.stop()`)."""
    controller = Controller(CountingHandler(), hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller


def serve(smtp_port, control_port):
    """Run the server and its control socket until killed (the benchmark's own process)."""
    controller = start(smtp_port)
    handler = controller.handler

    class Control(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                command = line.strip().decode()
                if command == "RESET":
                    handler.reset()
                    answer = "{}"
                elif command == "TOTAL":
                    answer = str(handler.total())
                else:
                    answer = json.dumps(handler.counts())
                self.wfile.write(answer.encode() + b"\n")
                self.wfile.flush()

    with socketserver.ThreadingTCPServer(("127.0.0.1", control_port), Control) as server:
        print(f"smtp sink on {controller.port}, control on {control_port}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
