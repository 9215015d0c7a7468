"""threading's Condition as events, with the engine's vocabulary and at the engine's moments (core/py), as
locks.py does for Lock and RLock (its notes on what is traced hold here too).

- Condition is Python: a traced one's wait is the library's own, with the events at its seams (the instance's
  _release_save and _acquire_restore): cond-wait-begin after the lock is released, cond-wait-end before it is
  taken back; so whatever stops a wait has threading.py's lines in its traceback. notify/notify_all (re-made,
  3.8 to 3.13 agree) send the waiters woken.
- A notify hands a wake word to each waiter it woke, for the timeline's arrows.
- A condition the program makes without a lock gets a traced RLock, as the engine's Condition makes its own.
"""

import _thread
import itertools
import sys
import threading
from _weakref import ref as _weak  # weakref.ref, without the weakref module, which a plain run does not load

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .locks import _RLock
from .patch import patch
from .primitives import CONDITION, announce, called_by_program, pending_wait, plain_timeout, wait_timeout

_get_ident = _thread.get_ident
_getframe = sys._getframe
_exception = sys.exception if hasattr(sys, "exception") else lambda: sys.exc_info()[1]  # 3.11 has no sys.exception
_wait_code = None  # threading.Condition.wait's code (install)
_orig = {}


def _condition_init(self, lock=None):
    traced = called_by_program()
    name = creation_name("condition") if traced else None
    if traced and lock is None:
        lock = _RLock._made(name + "'s lock")  # as the engine's Condition names its own (Condition::ownLockName)
    try:
        _orig["Condition.__init__"](self, lock)  # an AttributeError for a lock that is not one
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    if traced:
        self._threadline_wakes = {}
        self._threadline_sync = announce(CONDITION, name)
        _hook_wait_seams(self)


def _hook_wait_seams(cond):
    """Condition.wait is the library's own, so that whatever stops a wait (a signal handler's exception, Ctrl+C's
    KeyboardInterrupt) has threading.py's lines in its traceback. It queues its waiter, lets the lock go by
    cond._release_save() and takes it back by cond._acquire_restore() (instance attributes, from the lock): the
    wait's begin and end are sent from there. Ends: woken or timed out as wait() will return, True or False (_woken)."""
    # The hooks live on cond and hold none of it, only what they use (its waiter queue and wake words are never
    # replaced): a reference back would keep a condition alive until the cycle collector runs.
    sid, waiters, wakes = cond._threadline_sync, cond._waiters, cond._threadline_wakes
    release_save, acquire_restore = _held_weakly(cond._release_save), _held_weakly(cond._acquire_restore)
    # thread ident -> (its waiter, the exception being handled as it began: a wait in an except clause has one)
    waiting = {}

    def _release_save():
        waiter = waiters[-1]  # wait() queued it just now, under the lock
        state = release_save()
        ms = getattr(pending_wait, "ms", None)
        if ms is not None:
            waiting[_get_ident()] = (waiter, _exception())
            channel.emit(kinds.COND_WAIT_BEGIN, sid, 0, ms)
        return state

    def _acquire_restore(state):
        waiter, handled = waiting.pop(_get_ident(), (None, None))
        if waiter is not None:
            wake = wakes.pop(waiter, 0)
            if _woken(_getframe(1), waiter, waiters):
                channel.emit(kinds.COND_WAIT_END, sid, wake)
            else:
                # Called from wait()'s finally: an exception raised in the wait (a signal handler's) is the one
                # sys.exc_info() gives there, and not the one handled as the wait began.
                raised = _exception()
                ended = kinds.ENDED_BY_EXCEPTION if raised is not None and raised is not handled else kinds.TIMED_OUT
                channel.emit(kinds.COND_WAIT_END, sid, 0, 0, ended)
        acquire_restore(state)

    cond._release_save, cond._acquire_restore = _release_save, _acquire_restore


def _woken(wait_frame, waiter, waiters):
    """Whether Condition.wait, whose frame calls its _acquire_restore, will return True: its own `gotit` (3.8 to 3.13
    name it so), which no state of the queue and the waiter lock tells in every order of notifies. Were it missing,
    the lock's state: a woken wait holds it and a notify took it off the queue; a notify that came after the
    acquire timed out took it off too, but left it unlocked (wait() returns False)."""
    if wait_frame.f_code is _wait_code:
        gotit = wait_frame.f_locals.get("gotit")
        if gotit is not None:
            return gotit
    return waiter not in waiters and waiter.locked()


def _held_weakly(method):
    """method, as a callable that does not keep its object alive when that object is a Condition's own (the class's
    _release_save for a lock without one); a method of the lock is kept as it is."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, threading.Condition):
        return method
    function, ref = method.__func__, _weak(owner)
    return lambda *args: function(ref(), *args)


def _condition_wait(self, timeout=None):
    if timeout is None and "_threadline_sync" not in self.__dict__:
        # The library's own condition (an Event's, a Thread's start): no timeout to scale, no seam to tell.
        try:
            return _orig["Condition.wait"](self)
        except BaseException as e:
            drop_tracer_frames(e)
            raise
    wall, ms, scaling = wait_timeout(timeout)
    outer = getattr(pending_wait, "ms", None)  # a barrier's wait, around the wait of its own condition
    pending_wait.ms = ms if plain_timeout(timeout) else None  # for the seams' events (_hook_wait_seams)
    try:
        return _orig["Condition.wait"](self, wall)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        pending_wait.ms = outer
        if scaling:
            scaling.scaling = False


def _condition_notify(self, n=1):
    sid = self.__dict__.get("_threadline_sync")
    try:
        if sid is None:
            return _orig["Condition.notify"](self, n)
        _notify(self, sid, n, kinds.NOTIFY)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def _condition_notify_all(self):
    sid = self.__dict__.get("_threadline_sync")
    try:
        # CPython's notify_all is self.notify(len(self._waiters)): a subclass's own notify is called by it, and calls
        # this module's (as notify) if it calls Condition's.
        if sid is None or type(self).notify is not _condition_notify:
            return _orig["Condition.notify_all"](self)
        _notify(self, sid, len(self._waiters), kinds.NOTIFY_ALL)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def _notify(cond, sid, n, kind):
    if not cond._is_owned():  # Python's own RuntimeError, from threading.py's lines (as for wait)
        return _orig["Condition.notify_all"](cond) if kind == kinds.NOTIFY_ALL else _orig["Condition.notify"](cond, n)
    if type(n) is not int and type(n) is not float:  # notify(None): the library's own TypeError, from its own line
        return _orig["Condition.notify"](cond, n)
    # The waiters the library's `while waiters and n > 0: ...; n -= 1` wakes: notify(0.5) wakes one, notify(inf) all.
    woken = []
    for waiter in cond._waiters:
        if not n > 0:
            break
        woken.append(waiter)
        n -= 1
    wake = cond.__dict__.setdefault("_threadline_next_wake", itertools.count(1))
    word = next(wake) if woken else 0
    for waiter in woken:
        cond._threadline_wakes[waiter] = word
    channel.emit(kind, sid, word, len(woken), depth=3)
    _orig["Condition.notify"](cond, len(woken))


def install():
    """Before lazy's timeouts, which wrap Condition.wait_for around the wait installed here."""
    global _wait_code
    for name in ("__init__", "wait", "notify", "notify_all"):
        _orig["Condition." + name] = getattr(threading.Condition, name)
    _wait_code = _orig["Condition.wait"].__code__
    # notifyAll stays Python's: it warns that it is deprecated, then calls the notify_all patched here.
    for name, replacement in (("__init__", _condition_init), ("wait", _condition_wait), ("notify", _condition_notify),
                              ("notify_all", _condition_notify_all)):
        patch(threading.Condition, name, replacement)
