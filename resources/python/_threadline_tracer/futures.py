"""Waits for futures, as the engine traces them (core/py/future.cpp, futurewait.cpp): a future-wait span
on the waiting lane while the wait really blocks, its end naming the pool task whose end released it, so
that the timeline draws an arrow from that task's end (executors.py) to the wait's end.

- Future.result() and exception(): when the future is not done at the call (done, they return at once).
  The end names the future's task if it finished, none if it was cancelled; timed out, it names what
  the begin named.
- concurrent.futures.wait() and as_completed(): the waiter CPython makes for them
  (_create_and_install_waiters) gets an event whose wait() is traced, when the event is not set yet. The
  end names the future that set it: the last done for ALL_COMPLETED and FIRST_EXCEPTION, the first for
  FIRST_COMPLETED and as_completed.
- One future waited on names its task in the begin; several name none.

Installed as concurrent.futures._base is imported, after the timeout scaling (timeouts.py), so that
result() and exception() see the program's own timeout.
"""

import functools
from _weakref import ref as _weak  # weakref.ref, without the weakref module, which a plain run does not load

from . import channel, kinds
from .frames import drop_tracer_frames
from .timing import begin_ms

_NONE = (kinds.NO_VALUE, 0)
_FINISHED = "FINISHED"  # concurrent.futures._base.FINISHED: this string from 3.2 on


def _task_of(future):
    """(executor, task id) of the pool task that runs `future` (executors.py), or _NONE."""
    return future.__dict__.get("_threadline_task", _NONE)


def _traced_wait(orig, finished):
    """orig (Future.result or exception) with a future-wait span when it blocks."""

    def wait(self, timeout=None):
        if self._state in finished:
            try:
                return orig(self, timeout)
            except BaseException as e:
                drop_tracer_frames(e)
                raise
        lane = channel.current_lane()
        executor, task = _task_of(self)
        channel.emit(kinds.FUTURE_WAIT_BEGIN, executor, task, begin_ms(lane, timeout))
        ended = kinds.TIMED_OUT  # unless an exception other than the timeout's ends the wait
        try:
            return orig(self, timeout)
        except BaseException as e:
            if not isinstance(e, TimeoutError):  # concurrent.futures.TimeoutError is it from 3.11 on
                ended = kinds.ENDED_BY_EXCEPTION
            drop_tracer_frames(e)
            raise
        finally:
            state = self._state
            if state == _FINISHED:
                channel.emit(kinds.FUTURE_WAIT_END, executor, task)
            elif state in finished:  # cancelled
                channel.emit(kinds.FUTURE_WAIT_END, kinds.NO_VALUE, 0)
            else:
                channel.emit(kinds.FUTURE_WAIT_END, executor, task, 0, ended)

    return functools.update_wrapper(wait, orig)


class _TracedWaiterEvent:
    """The event of a wait() or as_completed() waiter, with its wait() traced."""

    __slots__ = ("_event", "_waiter", "_one", "_last")

    def __init__(self, event, waiter, one, last):
        self._event = event
        # Held weakly: the waiter holds this event, and a reference back would keep it, its futures done and their
        # exceptions' frames (a pool worker's among them) alive until the cycle collector runs.
        self._waiter = _weak(waiter)
        self._one = one  # (executor, task) of the one future waited on, or _NONE
        self._last = last  # the last future done releases the waiter (else the first)

    def set(self):
        self._event.set()

    def clear(self):
        self._event.clear()

    def is_set(self):
        return self._event.is_set()

    def wait(self, timeout=None):
        event = self._event
        if event.is_set():
            return event.wait(timeout)
        lane = channel.current_lane()
        channel.emit(kinds.FUTURE_WAIT_BEGIN, self._one[0], self._one[1], begin_ms(lane, timeout))
        woken = False
        ended = kinds.TIMED_OUT
        try:
            woken = event.wait(timeout)
            return woken
        except BaseException:  # a signal handler's, in the wait
            ended = kinds.ENDED_BY_EXCEPTION
            raise
        finally:
            if woken:
                executor, task = self._released_by()
                channel.emit(kinds.FUTURE_WAIT_END, executor, task)
            else:
                channel.emit(kinds.FUTURE_WAIT_END, self._one[0], self._one[1], 0, ended)

    def _released_by(self):
        waiter = self._waiter()
        done = waiter.finished_futures if waiter is not None else None  # as_completed() replaces the list
        if not done:
            return _NONE
        future = done[-1] if self._last else done[0]
        return _task_of(future) if future._state == _FINISHED else _NONE


def install(base):
    finished = frozenset((base.FINISHED, base.CANCELLED, base.CANCELLED_AND_NOTIFIED))
    base.Future.result = _traced_wait(base.Future.result, finished)
    base.Future.exception = _traced_wait(base.Future.exception, finished)
    orig_create = base._create_and_install_waiters
    all_completed = base._AllCompletedWaiter

    def _create_and_install_waiters(fs, return_when):
        waiter = orig_create(fs, return_when)
        one = _task_of(next(iter(fs))) if len(fs) == 1 else _NONE
        waiter.event = _TracedWaiterEvent(waiter.event, waiter, one, isinstance(waiter, all_completed))
        return waiter

    base._create_and_install_waiters = functools.update_wrapper(_create_and_install_waiters, orig_create)
