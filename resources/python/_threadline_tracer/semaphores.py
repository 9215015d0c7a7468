"""threading's Semaphore and BoundedSemaphore as events, with the engine's vocabulary and at the engine's
moments (core/py), as locks.py does for Lock and RLock; primitives.py holds what they all share. Only what the
program itself creates is traced (see locks.py).

- acquire is the library's own, and the steps it takes under the semaphore's condition send its events
  (_SemaphoreCondition). Release is re-made: it runs the same steps as Lib/threading.py (3.8 to 3.13 agree) with
  its event. Both carry the semaphore's value after. An error that release raises itself (a release too many) is
  left to the library's own method, so that its traceback ends at threading.py's line.
- Wake words: a release hands its word to the waiter that takes the semaphore next.
"""

import threading
from _thread import get_ident as _get_ident
from itertools import islice as _islice  # threading has imported it

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .patch import patch
from .primitives import BOUNDED_SEMAPHORE, SEMAPHORE, Wakes, announce, called_by_program, plain_timeout, wait_timeout

_orig = {}


def _semaphore_init(self, value=1):
    traced = called_by_program()
    try:
        _orig["Semaphore.__init__"](self, value)  # CPython's ValueError for a negative value
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    if traced:
        bounded = isinstance(self, threading.BoundedSemaphore)
        _trace_semaphore(self, BOUNDED_SEMAPHORE if bounded else SEMAPHORE, creation_name("semaphore"))


def _bounded_init(self, value=1):
    traced = called_by_program()
    try:
        _orig["BoundedSemaphore.__init__"](self, value)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    if traced and "_threadline_sync" not in self.__dict__:
        _trace_semaphore(self, BOUNDED_SEMAPHORE, creation_name("semaphore"))


def _trace_semaphore(semaphore, sync_type, name):
    semaphore._threadline_wakes = Wakes()
    semaphore._threadline_sync = announce(sync_type, name)
    # Its condition becomes one whose steps send the acquire's events (the library's Condition, with no state of its
    # own, so the object stays the one Semaphore.__init__ made, around the same lock).
    cond = semaphore._cond
    if type(cond) is threading.Condition and "_release_save" not in cond.__dict__:
        cond.__class__ = _SemaphoreCondition
        cond._threadline_calls = {}  # thread ident -> its _Acquiring, while it is in acquire()
        cond._threadline_waiting = {}  # the waiter lock of each _Acquiring waiting now -> that _Acquiring


class _Acquiring:
    """One traced Semaphore.acquire() of one thread, as its semaphore's condition sees it."""

    __slots__ = ("semaphore", "sid", "ms", "shows_wait", "last_seen", "blocked", "waiter", "wake")

    def __init__(self, semaphore, sid, ms, shows_wait):
        self.semaphore = semaphore
        self.sid = sid
        self.ms = ms
        self.shows_wait = shows_wait  # a timeout of 0 or less waits once, at once: no wait to show
        self.last_seen = None  # the value when acquire() last held the lock: on entry and after each wait
        self.blocked = False
        self.waiter = None  # the condition's waiter lock of its wait, while it waits
        self.wake = 0  # the word of the release that last woke it


class _SemaphoreCondition(threading.Condition):
    """A traced semaphore's condition. Semaphore.acquire is the library's own, so that whatever stops its wait (a signal
    handler's exception, Ctrl+C's KeyboardInterrupt) has threading.py's lines in its traceback; the steps it takes
    under this condition send its events. It loops `while value == 0: wait`, then takes one; so it blocks at its
    first wait's release of the lock, and it has taken one when it leaves the lock without an exception if the value
    it last saw under the lock, on entry or after a wait, was not 0 (else blocking=False or its timeout ended it)."""

    def __enter__(self):
        entered = self._lock.__enter__()
        call = self._threadline_calls.get(_get_ident())
        if call is not None and call.last_seen is None:
            call.last_seen = call.semaphore._value
        return entered

    def _release_save(self):
        call = self._threadline_calls.get(_get_ident())
        if call is not None and call.shows_wait and not call.blocked:
            call.blocked = True
            call.semaphore._threadline_wakes.blocked += 1  # under the semaphore's own lock, as every change of it
            channel.emit(kinds.ACQUIRE_BLOCKED, call.sid, 0, call.ms, depth=1)
        if call is not None:
            call.waiter = self._waiters[-1]  # Condition.wait appends its waiter, then lets the lock go here
            self._threadline_waiting[call.waiter] = call
        return threading.Condition._release_save(self)

    def _acquire_restore(self, state):
        threading.Condition._acquire_restore(self, state)
        call = self._threadline_calls.get(_get_ident())
        if call is not None:
            call.last_seen = call.semaphore._value
            self._threadline_waiting.pop(call.waiter, None)

    def __exit__(self, exc_type, exc, tb):
        try:
            call = self._threadline_calls.get(_get_ident())
            if call is not None:
                _acquire_ends(call, exc_type is None)
        finally:  # the lock is let go whatever recording it raised: a semaphore left locked hangs its next user
            exited = self._lock.__exit__(exc_type, exc, tb)
        return exited

    def __reduce_ex__(self, protocol):
        # pickle finds a class by its name, and refuses this one, named threading.Condition, as not that class: the
        # reduction names threading.Condition, so that pickle goes on as untraced, to the lock it cannot pickle. It is
        # protocol 1's (copyreg._reconstructor), as protocol 2's __newobj__ must name the object's own class.
        function, (_, base, state), *rest = object.__reduce_ex__(self, 1)
        return (function, (threading.Condition, base, state), *rest)


_SemaphoreCondition.__name__ = _SemaphoreCondition.__qualname__ = "Condition"
_SemaphoreCondition.__module__ = "threading"


def _value_field(value):
    """A semaphore's value as an event's field: a value is any number the program gave (Semaphore(4 / 2),
    BoundedSemaphore(sys.maxsize)), which the event's 32 bits may not hold; those are sent as no value."""
    return value if type(value) is int and 0 <= value < kinds.NO_VALUE else kinds.NO_VALUE


def _acquire_ends(call, returns):
    """Under the semaphore's lock, as acquire() leaves it: returning (else raising) with one taken or none."""
    wakes = call.semaphore._threadline_wakes
    if call.blocked:
        wakes.blocked -= 1
    if not returns:
        if call.blocked:  # an exception ended its wait (a signal handler's): the band ends with it
            channel.emit(kinds.ACQUIRED, call.sid, 0, kinds.NO_VALUE, kinds.ENDED_BY_EXCEPTION, depth=1)
        return
    if call.last_seen:
        channel.emit(kinds.ACQUIRED, call.sid, call.wake if call.blocked else 0, _value_field(call.semaphore._value),
                     depth=1)
    elif call.blocked:
        channel.emit(kinds.ACQUIRED, call.sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT, depth=1)


def _semaphore_acquire(self, blocking=True, timeout=None):
    sid = self.__dict__.get("_threadline_sync")
    wall, ms, scaling = wait_timeout(timeout)
    try:
        calls = getattr(self._cond, "_threadline_calls", None) if sid is not None else None
        # A timeout with blocking=False: the library's own ValueError, from its own line.
        if calls is None or not plain_timeout(timeout) or not blocking and timeout is not None:
            return _orig["Semaphore.acquire"](self, blocking, wall)
        ident = _get_ident()
        outer = calls.get(ident)  # a signal handler's acquire, in the middle of this thread's
        calls[ident] = _Acquiring(self, sid, ms, blocking and (wall is None or wall > 0))
        try:
            return _orig["Semaphore.acquire"](self, blocking, wall)
        finally:
            if outer is None:
                del calls[ident]
            else:
                calls[ident] = outer
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        if scaling:
            scaling.scaling = False


def _semaphore_release(self, n=1):
    sid = self.__dict__.get("_threadline_sync")
    try:
        if sid is None:
            return _orig["Semaphore.release"](self, n)
        _traced_release(self, sid, n, False)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def _bounded_release(self, n=1):
    sid = self.__dict__.get("_threadline_sync")
    try:
        if sid is None:
            return _orig["BoundedSemaphore.release"](self, n)
        _traced_release(self, sid, n, True)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def _traced_release(self, sid, n, bounded):
    original = _orig["BoundedSemaphore.release" if bounded else "Semaphore.release"]
    if type(n) is not int or n < 1:  # Python's own ValueError or TypeError, from threading.py's lines
        return original(self, n)
    with self._cond:
        if not (bounded and self._value + n > self._initial_value):
            self._value += n
            wake = self._threadline_wakes.on_release()
            channel.emit(kinds.RELEASED, sid, wake, _value_field(self._value), depth=3)
            # Each notify() wakes the waiter that has waited longest: the first n get this release's word. One that
            # then finds the value taken waits again, and takes the word of the release that wakes it next.
            waiting = getattr(self._cond, "_threadline_waiting", {})
            for waiter in _islice(self._cond._waiters, n):
                call = waiting.get(waiter)
                if call is not None:
                    call.wake = wake
            for _ in range(n):
                self._cond.notify()
            return
    # Released too many times: the library's release raises its ValueError, from its own line. Should an acquire
    # have come in between, it releases instead, and the release is recorded all the same.
    original(self, n)
    channel.emit(kinds.RELEASED, sid, 0, _value_field(self._value), depth=3)


def install():
    for cls, names in ((threading.Semaphore, ("__init__", "acquire", "release")),
                       (threading.BoundedSemaphore, ("__init__", "release"))):
        for name in names:
            _orig[cls.__name__ + "." + name] = getattr(cls, name)
    for owner, name, replacement in (
            (threading.Semaphore, "__init__", _semaphore_init), (threading.Semaphore, "acquire", _semaphore_acquire),
            (threading.Semaphore, "__enter__", _semaphore_acquire),
            (threading.Semaphore, "release", _semaphore_release),
            (threading.BoundedSemaphore, "__init__", _bounded_init),
            (threading.BoundedSemaphore, "release", _bounded_release)):
        patch(owner, name, replacement)
