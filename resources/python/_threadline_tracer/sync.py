"""Extension point: threading.Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event and Barrier.

Threadline's event vocabulary has no synchronization kinds yet, so nothing here is traced: Lock and
RLock are C types whose acquire cannot be wrapped without replacing the type itself (a Python class
in place of _thread.lock: a visible change of type(), and a cost on every `with lock:` of the program
and of the standard library, Queue's own mutex included). Condition.wait, Event.wait,
Semaphore.acquire and Barrier.wait are Python and are already wrapped for timeouts (timeouts.py).

When the synchronization kinds exist (say "lock-blocked" / "lock-acquired", a = lock id, b = its
name or creation line), this module adds them:
- add the names to kinds.TABLE: older readers skip kinds they do not know and count them;
- Condition.wait / Event.wait / Semaphore.acquire / Barrier.wait: the try-without-blocking-first
  pattern of queues.py gives an exact blocked span at no cost on the fast path;
- Lock/RLock: only on request (an option), as a Python wrapper type made by threading.Lock() for
  the program's own frames (channel.site tells them apart), never for the standard library's locks.
"""


def install():
    """Nothing to install until the synchronization kinds exist (see above)."""
