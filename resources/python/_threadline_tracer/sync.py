"""threading's Event, Barrier and Timer as events, with the engine's vocabulary and at the engine's moments
(core/py), as locks.py, conditions.py and semaphores.py do for the other primitives; primitives.py holds what they
all share. Only what the program itself creates is traced (see locks.py).

- An Event's set and clear are re-made, running the same steps as Lib/threading.py with their events; its wait is
  the library's own, noted before and after (so that whatever stops it has threading.py's lines in its traceback).
- A Barrier's wait is the library's own, around the two steps it takes under the barrier's lock: the last
  arrival's _release and the others' _wait send the events, with the wait's index; broken when a timeout, abort()
  or a failing action breaks it. An arrival at a broken barrier (_enter raises) has a wait that ends as it begins.
- A Timer (any, it is a thread of the program) sends timer-fired on its own lane when its interval has
  passed, just before its function runs (as Timer.run's wait on its finished Event times out), and its
  cancel() timer-cancelled unless it already fired. A subclass with a run() of its own (a repeating timer) has
  neither: what its run() does with the interval is its own; its cancel shows as the set of its finished Event.
- Wake words: a set hands its word to each waiter it woke.
"""

import itertools
import sys
import threading
from _weakref import ref as _weak  # weakref.ref, without the weakref module, which a plain run does not load

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .patch import patch
from .primitives import BARRIER, EVENT, announce, called_by_program, pending_wait, plain_timeout, wait_timeout

_orig = {}


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
            signaled = _orig["Event.wait"](self, wall)  # untraced, its own TypeError, or no wait to show
        else:
            signaled = _traced_event_wait(self, sid, wall, ms)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        if scaling:
            scaling.scaling = False
    timer = self.__dict__.get("_threadline_timer")
    if not signaled and timer is not None:
        _timer_fires(timer(), self, sys._getframe(1).f_code)
    return signaled


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
    except BaseException:
        channel.emit(kinds.EVENT_WAIT_END, sid, 0, 0, kinds.ENDED_BY_EXCEPTION, depth=3)
        raise
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


def _barrier_enter(self):
    """A broken barrier lets no arrival in: wait() raises before it counts one. Shown as a wait that ends as it begins,
    by the BrokenBarrierError the other waits ended by, as the engine's Barrier::wait does."""
    sid, ms = self.__dict__.get("_threadline_sync"), getattr(pending_wait, "ms", None)
    if sid is None or ms is None:
        return _orig["Barrier._enter"](self)
    try:
        _orig["Barrier._enter"](self)
    except threading.BrokenBarrierError as e:
        channel.emit(kinds.BARRIER_WAIT_BEGIN, sid, 0, ms)
        channel.emit(kinds.BARRIER_WAIT_END, sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT)
        drop_tracer_frames(e)
        raise
    except BaseException as e:
        drop_tracer_frames(e)
        raise


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
    except BaseException as e:  # the action raised: its wait ends by it (left open, it ran on to the next event)
        channel.emit(kinds.BARRIER_WAIT_END, sid, 0, index, kinds.ENDED_BY_EXCEPTION)
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
    except BaseException as e:
        broken = isinstance(e, threading.BrokenBarrierError)
        channel.emit(kinds.BARRIER_WAIT_END, sid, 0, index, kinds.TIMED_OUT if broken else kinds.ENDED_BY_EXCEPTION)
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
    self._threadline_fired = False
    # Its `finished` Event is the engine's too (ThreadingEvent "Thread-N.finished"): its wait is the
    # timer's, and cancel() sets it. The timer fires as Timer.run's wait on it times out (_timer_fires): its
    # `function` stays the program's own. Held weakly: a reference back from its own Event would keep a finished
    # timer alive until the cycle collector runs (CPython's test_threading counts such a thread as dangling).
    finished = self.finished
    finished._threadline_timer = _weak(self)
    finished._threadline_waiting = []
    finished._threadline_next_wake = itertools.count(1)
    finished._threadline_sync = announce(EVENT, "%s.finished" % self.name)


def _timer_fires(timer, finished, caller):
    """Timer.run's wait on `finished` timed out: unless cancel() came first, it calls the timer's function now."""
    if timer is not None and caller is _orig["Timer.run"].__code__ and not finished.is_set():
        channel.emit(kinds.TIMER_FIRED)
        timer._threadline_fired = True


def _timer_cancel(self):
    # Only a Timer whose run() is Timer's own is known to call its function once, after its interval: a subclass's
    # run() (a timer that repeats) may have called it already, and its cancel is its finished Event's set, no more.
    lane_id = self.__dict__.get("_threadline_lane")
    if lane_id is not None and type(self).run is _orig["Timer.run"] and not self._threadline_fired and \
            not self.finished.is_set():
        channel.emit(kinds.TIMER_CANCELLED, lane_id)
    _orig["Timer.cancel"](self)


def install():
    for cls, names in ((threading.Event, ("__init__", "set", "clear", "wait")),
                       (threading.Barrier, ("__init__", "wait", "_enter", "_release", "_wait", "_break")),
                       (threading.Timer, ("__init__", "cancel", "run"))):
        for name in names:
            _orig[cls.__name__ + "." + name] = getattr(cls, name)
    for owner, name, replacement in (
            (threading.Event, "__init__", _event_init), (threading.Event, "set", _event_set),
            (threading.Event, "clear", _event_clear), (threading.Event, "wait", _event_wait),
            (threading.Barrier, "__init__", _barrier_init), (threading.Barrier, "wait", _barrier_wait),
            (threading.Barrier, "_enter", _barrier_enter),
            (threading.Barrier, "_release", _barrier_release), (threading.Barrier, "_wait", _barrier_inner_wait),
            (threading.Barrier, "_break", _barrier_break),
            (threading.Timer, "__init__", _timer_init), (threading.Timer, "cancel", _timer_cancel)):
        patch(owner, name, replacement)
