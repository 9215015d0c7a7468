"""threading's Semaphore, BoundedSemaphore, Event, Barrier and Timer as events, with the engine's vocabulary
and at the engine's moments (core/py), as locks.py and conditions.py do for Lock, RLock and Condition;
primitives.py holds what they all share. Only what the program itself creates is traced (see locks.py).

- Semaphore and BoundedSemaphore: acquire is the library's own, and the steps it takes under the semaphore's
  condition send its events (_SemaphoreCondition). Release is re-made: it runs the same steps as Lib/threading.py
  (3.8 to 3.13 agree) with its event. Both carry the semaphore's value after. An error that release raises itself (a
  release too many) is left to the library's own method, so that its traceback ends at threading.py's line.
- An Event's set and clear are re-made likewise; its wait is the library's own, noted before and after (so that
  whatever stops it has threading.py's lines in its traceback).
- A Barrier's wait is the library's own, around the two steps it takes under the barrier's lock: the last
  arrival's _release and the others' _wait send the events, with the wait's index; broken when a timeout, abort()
  or a failing action breaks it.
- A Timer (any, it is a thread of the program) sends timer-fired on its own lane when its interval has
  passed, just before its function runs (its `function` attribute is a wrapper that does so), and its
  cancel() timer-cancelled unless it already fired.
- Wake words: a set hands its word to each waiter it woke, a release of a semaphore to the waiter that
  takes it next.
"""

import itertools
import threading
from _weakref import ref as _weak  # weakref.ref, without the weakref module, which a plain run does not load
from _thread import get_ident as _get_ident

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .patch import patch
from .primitives import BARRIER, BOUNDED_SEMAPHORE, EVENT, SEMAPHORE, Wakes, announce, called_by_program, \
    pending_wait, plain_timeout, wait_timeout

_orig = {}


# --- Semaphore and BoundedSemaphore --------------------------------------------------------------


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


class _Acquiring:
    """One traced Semaphore.acquire() of one thread, as its semaphore's condition sees it."""

    __slots__ = ("semaphore", "sid", "ms", "shows_wait", "last_seen", "blocked")

    def __init__(self, semaphore, sid, ms, shows_wait):
        self.semaphore = semaphore
        self.sid = sid
        self.ms = ms
        self.shows_wait = shows_wait  # a timeout of 0 or less waits once, at once: no wait to show
        self.last_seen = None  # the value when acquire() last held the lock: on entry and after each wait
        self.blocked = False


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
        return threading.Condition._release_save(self)

    def _acquire_restore(self, state):
        threading.Condition._acquire_restore(self, state)
        call = self._threadline_calls.get(_get_ident())
        if call is not None:
            call.last_seen = call.semaphore._value

    def __exit__(self, exc_type, exc, tb):
        call = self._threadline_calls.get(_get_ident())
        if call is not None:
            _acquire_ends(call, exc_type is None)
        return self._lock.__exit__(exc_type, exc, tb)


_SemaphoreCondition.__name__ = _SemaphoreCondition.__qualname__ = "Condition"
_SemaphoreCondition.__module__ = "threading"


def _acquire_ends(call, returns):
    """Under the semaphore's lock, as acquire() leaves it: returning (else raising) with one taken or none."""
    wakes = call.semaphore._threadline_wakes
    if call.blocked:
        wakes.blocked -= 1
    if not returns:
        return
    if call.last_seen:
        channel.emit(kinds.ACQUIRED, call.sid, wakes.last if call.blocked else 0, call.semaphore._value, depth=1)
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
    if n < 1:  # Python's own ValueError, from threading.py's line
        return original(self, n)
    with self._cond:
        if not (bounded and self._value + n > self._initial_value):
            self._value += n
            wake = self._threadline_wakes.on_release()
            channel.emit(kinds.RELEASED, sid, wake, self._value, depth=3)
            for _ in range(n):
                self._cond.notify()
            return
    # Released too many times: the library's release raises its ValueError, from its own line. Should an acquire
    # have come in between, it releases instead, and the release is recorded all the same.
    original(self, n)
    channel.emit(kinds.RELEASED, sid, 0, self._value, depth=3)


# --- Event ---------------------------------------------------------------------------------------


class _Waiting:
    """A thread's wait on an Event: the wake word of the set() that released it (0: none yet)."""

    __slots__ = ("wake",)

    def __init__(self):
        self.wake = 0


def _event_init(self):
    traced = called_by_program()
    _orig["Event.__init__"](self)
    if traced:
        self._threadline_waiting = []  # a _Waiting per thread waiting now
        self._threadline_next_wake = itertools.count(1)
        self._threadline_sync = announce(EVENT, creation_name("event"))


def _event_set(self):
    sid = self.__dict__.get("_threadline_sync")
    if sid is None:
        return _orig["Event.set"](self)
    with self._cond:
        self._flag = True
        waiting = self._threadline_waiting
        word = next(self._threadline_next_wake) if waiting else 0
        for record in waiting:
            record.wake = word
        channel.emit(kinds.EVENT_SET, sid, word, len(waiting))
        self._threadline_waiting = []
        self._cond.notify_all()


def _event_clear(self):
    sid = self.__dict__.get("_threadline_sync")
    if sid is None:
        return _orig["Event.clear"](self)
    with self._cond:
        self._flag = False
        channel.emit(kinds.EVENT_CLEAR, sid)


def _event_wait(self, timeout=None):
    sid = self.__dict__.get("_threadline_sync")
    if sid is None and timeout is None:  # the library's own event (a Thread's start): nothing to scale or show
        try:
            return _orig["Event.wait"](self)
        except BaseException as e:
            drop_tracer_frames(e)
            raise
    wall, ms, scaling = wait_timeout(timeout)
    try:
        if sid is None or not plain_timeout(timeout) or timeout is not None and timeout <= 0:
            return _orig["Event.wait"](self, wall)  # untraced, its own TypeError, or no wait to show
        return _traced_event_wait(self, sid, wall, ms)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        if scaling:
            scaling.scaling = False


def _traced_event_wait(self, sid, timeout, ms):
    """Event.wait, the library's own, with its events around it (so that whatever stops the wait, a signal handler's
    exception say, has threading.py's lines in its traceback). The wait is noted under the event's lock before: a
    set() from then on hands it its wake word."""
    with self._cond:
        if self._flag:
            return True
        record = _Waiting()
        self._threadline_waiting.append(record)
    channel.emit(kinds.EVENT_WAIT_BEGIN, sid, 0, ms, depth=3)
    try:
        signaled = _orig["Event.wait"](self, timeout)
    finally:
        with self._cond:
            waiting = self._threadline_waiting
            for i, other in enumerate(waiting):
                if other is record:
                    del waiting[i]
                    break
    if signaled and record.wake:
        channel.emit(kinds.EVENT_WAIT_END, sid, record.wake, depth=3)
    else:
        channel.emit(kinds.EVENT_WAIT_END, sid, 0, 0, 0 if signaled else kinds.TIMED_OUT, depth=3)
    return signaled


# --- Barrier -------------------------------------------------------------------------------------


def _barrier_init(self, parties, action=None, timeout=None):
    traced = called_by_program()
    try:
        _orig["Barrier.__init__"](self, parties, action, timeout)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    if traced:
        self._threadline_next_wake = itertools.count(1)
        self._threadline_release_wake = 0
        self._threadline_sync = announce(BARRIER, creation_name("barrier"))


def _barrier_wait(self, timeout=None):
    """Barrier.wait itself, with the program's timeout scaled; its _release and _wait send the events. So a
    BrokenBarrierError has threading.py's lines in its traceback, as untraced."""
    sid = self.__dict__.get("_threadline_sync")
    if timeout is None:
        timeout = self._timeout  # the constructor's default: scaled like one given here
    if sid is None or not plain_timeout(timeout):
        wall, ms, scaling = timeout, None, None  # untraced: the library's own wait, and its own TypeError
    else:
        wall, ms, scaling = wait_timeout(timeout)
    outer, pending_wait.ms = getattr(pending_wait, "ms", None), ms
    try:
        return _orig["Barrier.wait"](self, wall)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        pending_wait.ms = outer
        if scaling:
            scaling.scaling = False


def _barrier_release(self):
    """The last arrival releases the others (under the barrier's lock): its wake word starts the arrows to every
    wait it releases. If the action raises, the library breaks the barrier and the error goes on."""
    sid, ms = self.__dict__.get("_threadline_sync"), getattr(pending_wait, "ms", None)
    if sid is None or ms is None:
        return _orig["Barrier._release"](self)
    index = self._count - 1  # wait() counted this arrival just before
    wake = next(self._threadline_next_wake)
    channel.emit(kinds.BARRIER_WAIT_BEGIN, sid, wake, ms)
    self._threadline_release_wake = wake
    try:
        _orig["Barrier._release"](self)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    channel.emit(kinds.BARRIER_WAIT_END, sid, 0, index)


def _barrier_inner_wait(self, timeout):
    """An arrival before the last waits to be released (under the barrier's lock, which the wait gives up)."""
    sid, ms = self.__dict__.get("_threadline_sync"), getattr(pending_wait, "ms", None)
    if sid is None or ms is None:
        return _orig["Barrier._wait"](self, timeout)
    index = self._count - 1
    channel.emit(kinds.BARRIER_WAIT_BEGIN, sid, 0, ms)
    try:
        _orig["Barrier._wait"](self, timeout)
    except threading.BrokenBarrierError as e:
        channel.emit(kinds.BARRIER_WAIT_END, sid, 0, index, kinds.TIMED_OUT)
        drop_tracer_frames(e)
        raise
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    channel.emit(kinds.BARRIER_WAIT_END, sid, self._threadline_release_wake, index)


def _barrier_break(self):
    sid = self.__dict__.get("_threadline_sync")
    if sid is not None:
        channel.emit(kinds.BARRIER_BROKEN, sid, depth=3)
    _orig["Barrier._break"](self)


# --- Timer ---------------------------------------------------------------------------------------


def _timer_init(self, interval, function, args=None, kwargs=None):
    try:
        _orig["Timer.__init__"](self, interval, function, args, kwargs)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    # Held weakly: the timer holds `fired`, and a reference back would keep a finished timer alive until the cycle
    # collector runs (CPython's test_threading counts such a thread as dangling).
    timer = _weak(self)

    def fired(*args, **kwargs):
        channel.emit(kinds.TIMER_FIRED)
        timer()._threadline_fired = True  # alive: its own thread calls this
        try:
            return function(*args, **kwargs)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    self._threadline_fired = False
    self.function = fired
    # Its `finished` Event is the engine's too (ThreadingEvent "Thread-N.finished"): its wait is the
    # timer's, and cancel() sets it.
    finished = self.finished
    finished._threadline_waiting = []
    finished._threadline_next_wake = itertools.count(1)
    finished._threadline_sync = announce(EVENT, "%s.finished" % self.name)


def _timer_cancel(self):
    lane_id = self.__dict__.get("_threadline_lane")
    if lane_id is not None and not self._threadline_fired and not self.finished.is_set():
        channel.emit(kinds.TIMER_CANCELLED, lane_id)
    _orig["Timer.cancel"](self)


def install():
    for cls, names in ((threading.Semaphore, ("__init__", "acquire", "release")),
                       (threading.BoundedSemaphore, ("__init__", "release")),
                       (threading.Event, ("__init__", "set", "clear", "wait")),
                       (threading.Barrier, ("__init__", "wait", "_release", "_wait", "_break")),
                       (threading.Timer, ("__init__", "cancel"))):
        for name in names:
            _orig[cls.__name__ + "." + name] = getattr(cls, name)
    for owner, name, replacement in (
            (threading.Semaphore, "__init__", _semaphore_init), (threading.Semaphore, "acquire", _semaphore_acquire),
            (threading.Semaphore, "__enter__", _semaphore_acquire),
            (threading.Semaphore, "release", _semaphore_release),
            (threading.BoundedSemaphore, "__init__", _bounded_init),
            (threading.BoundedSemaphore, "release", _bounded_release),
            (threading.Event, "__init__", _event_init), (threading.Event, "set", _event_set),
            (threading.Event, "clear", _event_clear), (threading.Event, "wait", _event_wait),
            (threading.Barrier, "__init__", _barrier_init), (threading.Barrier, "wait", _barrier_wait),
            (threading.Barrier, "_release", _barrier_release), (threading.Barrier, "_wait", _barrier_inner_wait),
            (threading.Barrier, "_break", _barrier_break),
            (threading.Timer, "__init__", _timer_init), (threading.Timer, "cancel", _timer_cancel)):
        patch(owner, name, replacement)
