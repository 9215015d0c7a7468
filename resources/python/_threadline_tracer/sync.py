"""threading's Semaphore, BoundedSemaphore, Event, Barrier and Timer as events, with the engine's vocabulary
and at the engine's moments (core/py), as locks.py does for Lock, RLock and Condition; primitives.py holds
what they all share. Only what the program itself creates is traced (see locks.py).

- Semaphore and BoundedSemaphore are Python: a traced one runs the same steps as Lib/threading.py (3.8 to 3.13
  agree) with the events at its seams: acquire and release with the semaphore's value after. An error such a
  method raises itself (a release too many, a timeout with blocking=False) is left to the library's own method,
  so that its traceback ends at threading.py's line as untraced.
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
from time import monotonic as _time

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
        self._threadline_wakes = Wakes()
        self._threadline_sync = announce(BOUNDED_SEMAPHORE if bounded else SEMAPHORE, creation_name("semaphore"))


def _bounded_init(self, value=1):
    traced = called_by_program()
    try:
        _orig["BoundedSemaphore.__init__"](self, value)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    if traced and "_threadline_sync" not in self.__dict__:
        self._threadline_wakes = Wakes()
        self._threadline_sync = announce(BOUNDED_SEMAPHORE, creation_name("semaphore"))


def _semaphore_acquire(self, blocking=True, timeout=None):
    sid = self.__dict__.get("_threadline_sync")
    wall, ms, scaling = wait_timeout(timeout)
    try:
        # A timeout with blocking=False: the library's own ValueError, from its own line.
        if sid is None or not plain_timeout(timeout) or not blocking and timeout is not None:
            return _orig["Semaphore.acquire"](self, blocking, wall)
        return _traced_semaphore_acquire(self, sid, blocking, wall, ms)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        if scaling:
            scaling.scaling = False


def _traced_semaphore_acquire(self, sid, blocking, timeout, ms):
    """Lib/threading.py's Semaphore.acquire, with its events; `timeout` in wall seconds."""
    wakes = self._threadline_wakes
    endtime = None
    wake = 0
    with self._cond:
        if self._value == 0:
            # threading.py waits once for a timeout of 0 or less, which returns at once: no wait to show.
            if not blocking or (timeout is not None and timeout <= 0):
                return False
            channel.emit(kinds.ACQUIRE_BLOCKED, sid, 0, ms, depth=3)
            wakes.blocked += 1  # under the semaphore's own lock, as every change of it
            try:
                while self._value == 0:
                    if timeout is not None:
                        if endtime is None:
                            endtime = _time() + timeout
                        else:
                            timeout = endtime - _time()
                            if timeout <= 0:
                                break
                    self._cond.wait(timeout)
            finally:
                wakes.blocked -= 1
            if self._value == 0:
                channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT, depth=3)
                return False
            wake = wakes.last
        self._value -= 1
        channel.emit(kinds.ACQUIRED, sid, wake, self._value, depth=3)
    return True


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
    timer = self

    def fired(*args, **kwargs):
        channel.emit(kinds.TIMER_FIRED)
        timer._threadline_fired = True
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
