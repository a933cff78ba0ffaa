"""The outbox: queue a message with the change that causes it, deliver it later.

Imports run one way, each module only importing those after it:
``queue`` → ``tasks`` → ``batch`` → ``delivery`` → ``rendering``. Services
import ``queue``; the beat tasks in participants.tasks import ``queue`` for the
sweeper.

Exactly once, as far as SMTP allows:

* ``queue.queue_email`` writes the row in the caller's transaction and queues the
  task only after commit, so a rolled-back change leaves neither row nor email.
* ``delivery.deliver`` locks the row (``SKIP LOCKED``: a second task for a row
  that is being sent returns at once), skips it unless it is still pending, and
  keeps the lock while it talks to the SMTP server; the row turns SENT in the same
  transaction. Running a task twice, or a sweeper re-queueing a row while another
  worker sends it, therefore sends once.
* ``batch.deliver_batch`` (the ``send_email_batch`` task, which ``queue_many``
  and the sweeper use) does the same row by row, each row in its own
  transaction, over one SMTP connection: a batch widens neither window, and a
  row that fails for now is retried alone.
* A task also carries the number of attempts it expects on the row; a task from
  an older retry chain finds a different number and stops, so retry chains never
  multiply.
* Temporary faults (4xx, refused or dropped connections, timeouts) are retried
  with exponential backoff up to EMAIL_MAX_ATTEMPTS; a permanent 5xx marks the
  row FAILED at once.
* ``queue.requeue_stale`` (beat, every EMAIL_SWEEP_INTERVAL) re-queues pending
  rows that no task seems to hold any more: a lost task, a flushed broker or a
  killed worker loses nothing.

The one window SMTP leaves open: the server has said "250 accepted" but the
worker dies before its commit. The row is then still pending and the email goes
out again; its Message-ID is derived from the row, so receiving systems can tell
the copy.

Personal links (a registration's confirm and self-service links, a team
invitation's password link) are minted at delivery time: the secret exists only
in the sent email, never in the outbox row.
"""
