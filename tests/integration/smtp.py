"""An SMTP server in the test process (aiosmtpd) that records what it accepts.

It can be told to answer 451 to every recipient (a temporary refusal), to refuse
some addresses with 550 (permanent), to stop listening (connection refused), and
to hold messages at the end of DATA without answering, so a test can kill the
worker in the middle of a send. Messages held that way are answered 451 when
released and never count as delivered.
"""

import asyncio
import email
import logging
import threading
from collections import Counter
from email import policy

from aiosmtpd.controller import Controller

from tests.servers import free_port

# aiosmtpd logs every command at INFO; thousands of lines per test say nothing.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Mailbox:
    def __init__(self):
        self._lock = threading.Lock()
        self.messages: list[email.message.EmailMessage] = []
        self.rcpt_attempts: Counter = Counter()
        self.temporary_refusal = False
        self.reject_containing: set[str] = set()
        self.refuse_for_now_containing: set[str] = set()  # 451 for these only
        self.sessions = 0  # EHLO/HELO greetings: one per SMTP connection
        self.hold_after: int | None = None  # hold DATA once this many arrived
        self.held = 0
        self._release = threading.Event()

    # Controls ---------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self.rcpt_attempts.clear()
            self.temporary_refusal = False
            self.reject_containing = set()
            self.refuse_for_now_containing = set()
            self.sessions = 0
            self.hold_after = None
            self.held = 0
        self._release.set()
        self._release = threading.Event()

    def release(self) -> None:
        """Answer every held message with 451 and stop holding."""
        self.hold_after = None
        self._release.set()

    # Reading ----------------------------------------------------------------

    def correlation_counts(self) -> Counter:
        with self._lock:
            return Counter(m["X-Correlation-ID"] for m in self.messages)

    def to(self, address: str) -> list:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def __len__(self) -> int:
        with self._lock:
            return len(self.messages)

    # aiosmtpd handler hooks -------------------------------------------------

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self.rcpt_attempts[address] += 1
        if any(marker in address for marker in self.reject_containing):
            return "550 5.1.1 Mailbox unavailable"
        if self.temporary_refusal or any(
            marker in address for marker in self.refuse_for_now_containing
        ):
            return "451 4.3.2 Please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        release = self._release
        if self.hold_after is not None and len(self) >= self.hold_after:
            with self._lock:
                self.held += 1
            while not release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Interrupted, not delivered"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self._controller = None

    def start(self) -> None:
        self._controller = Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self._controller.start()

    def stop(self) -> None:
        """Stop listening: clients now get "connection refused"."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def listening(self) -> bool:
        return self._controller is not None
