"""threading's Lock and RLock as events, with the engine's vocabulary and at the engine's
moments (core/py), so that the two runs of one program compare event by event. conditions.py does the
same for Condition, semaphores.py for Semaphore and BoundedSemaphore, sync.py for Event, Barrier and Timer;
primitives.py holds what they all share.

Only what the program itself creates is traced: a primitive made by a line of the program (not by the
standard library: Queue's mutex, the Condition inside an Event or a Semaphore) gets a sync-created event
named by the variable its line assigns it to. The standard library's own locks stay C locks, and cost
nothing more.

- Lock and RLock are C types whose methods cannot be wrapped, so threading.Lock() and threading.RLock()
  called from the program return a Python lock around a real one. It reads as the C lock to the program:
  its __class__ (so isinstance and functools.singledispatch) is the C type, and its class has the C type's
  names (print(type(lock)), error messages). Only `type(lock) is _thread.LockType` and
  `type(lock).__name__` (which carries the module, for the messages' sake) can tell, as the C type cannot
  be subclassed. acquire() first tries without blocking: acquired on
  the fast path; acquire-blocked, then acquired (or its timed-out form) only when it really waits. A
  try that fails shows nothing, as in the engine. release() takes its moment before it lets the lock go,
  so a waiter's acquired never precedes it.
- Wake words pair what woke a wait with the waits it woke, for the timeline's arrows: a release of a lock
  hands its word to the waiter that takes it next (a notify to each waiter it woke: conditions.py).

Threadline finds a deadlock from these events (pysource/deadlockwatch.h), as the engine does from its
own waits.
"""

import _thread
import sys

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .patch import c_class, patch
from .primitives import LOCK, RLOCK, Wakes, announce, called_by_program, wait_timeout

_allocate_lock = _thread.allocate_lock
_now = channel.now_ns
_emit_raw = channel.emit_raw
_ACQUIRED, _RELEASED = kinds.ACQUIRED, kinds.RELEASED
_get_ident = _thread.get_ident
_orig = {}


# --- Lock and RLock ------------------------------------------------------------------------------


def _check_arguments(make_lock, blocking, timeout, more, keywords):
    """CPython's own argument errors (lock_acquire_parse_args) for acquire(blocking, timeout, *more, **keywords),
    before anything is tried: a fresh C lock raises them, and takes any valid call at once. Keywords other than
    blocking and timeout are passed alone, as the C lock names the first one it does not take."""
    try:
        if keywords and not more:
            make_lock().acquire(**keywords)
        else:
            make_lock().acquire(blocking, timeout, *more, **keywords)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


# What _Lock and _RLock share: the parts of the C lock's protocol that do not depend on how they lock. Each class
# takes them into its own body rather than from a base class, so that its __mro__ is the C type's: (cls, object).
# Each has a _c_lock(): a fresh C lock of the kind it stands for.

def _lock_class(self):
    # Looked up only where type(lock) does not answer (isinstance with another class, lock.__class__): rare enough
    # that a fresh C lock to ask costs nothing that counts.
    return type(self._c_lock())


def _lock_exit(self, *args, **keywords):
    try:
        if keywords:  # the C lock's own TypeError, before anything is let go (its type's method names it "lock.")
            c_lock = self._c_lock()
            type(c_lock).__exit__(c_lock, *args, **keywords)
        self.release()
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def _lock_dir(self):
    return dir(type(self._c_lock()))  # the C lock's names for the program's dir(): not the tracer's slots


def _lock_reduce_ex(self, protocol):
    # copy.copy(), deepcopy() and pickle refuse a lock as they refuse the C one, with its TypeError (a class with
    # slots would otherwise be copied): the C lock's own refusal, raised from the wrapper's caller.
    try:
        return self._c_lock().__reduce_ex__(protocol)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


_LOCK_PROTOCOL = (c_class(_lock_class), _lock_exit, _lock_dir, _lock_reduce_ex)


class _Lock:
    """threading.Lock() made by the program: a real lock, and its events."""

    __slots__ = ("_lock", "_threadline_sync", "_wakes", "__weakref__")
    __class__, __exit__, __dir__, __reduce_ex__ = _LOCK_PROTOCOL

    def __init_subclass__(cls, **kwargs):
        # The C Lock is final (an RLock is not): class X(type(lock)) fails in type.__new__ with this message. X
        # exists by now, until the cycle collector frees it, but the class statement stops all the same.
        raise TypeError("type '_thread.lock' is not an acceptable base type")

    def __new__(cls, *args, **kwargs):
        """type(lock)(): the C type has no constructor, and says so."""
        try:
            return _thread.LockType(*args, **kwargs)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    @classmethod
    def _made(cls, name):
        """The tracer's own way to make one, past __new__."""
        self = object.__new__(cls)
        self._lock = _allocate_lock()
        self._wakes = Wakes()
        self._threadline_sync = announce(LOCK, name)
        return self

    # Arguments the C lock does not take (`more`, `keywords`) get its own TypeError, not the wrapper's
    # ("_Lock.release() takes 1 positional argument but 2 were given").
    def acquire(self, blocking=True, timeout=-1, *more, **keywords):
        lock = self._lock
        if blocking is not True or timeout != -1 or more or keywords:
            try:
                _check_arguments(_allocate_lock, blocking, timeout, more, keywords)
            except BaseException as e:
                drop_tracer_frames(e)
                raise
            if not blocking or timeout == 0:  # a try: when it fails there is no wait to show
                if not lock.acquire(False):
                    return False
                _emit_raw(1, None, _ACQUIRED, self._threadline_sync, 0, 1, 0, None)
                return True
        if lock.acquire(False):
            _emit_raw(1, None, _ACQUIRED, self._threadline_sync, 0, 1, 0, None)
            return True
        try:
            return self._wait(lock, timeout)
        except BaseException as e:  # what a signal handler raised in the wait (KeyboardInterrupt, say)
            drop_tracer_frames(e)
            raise

    def _wait(self, lock, timeout):
        sid, wakes = self._threadline_sync, self._wakes
        wall, ms, scaling = wait_timeout(timeout)
        channel.emit(kinds.ACQUIRE_BLOCKED, sid, 0, ms, depth=3)
        wakes.block(1)
        try:
            got = lock.acquire(True, wall)
        except BaseException:  # what a signal handler raised in the wait: the C lock was not taken
            channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.ENDED_BY_EXCEPTION, depth=3)
            raise
        finally:
            wakes.block(-1)
            if scaling:
                scaling.scaling = False
        if got:
            channel.emit(kinds.ACQUIRED, sid, wakes.last, 1, depth=3)
        else:
            channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT, depth=3)
        return got

    def release(self, *more, **keywords):
        if more or keywords:
            try:
                self._lock.release(*more, **keywords)  # raises
            except BaseException as e:
                drop_tracer_frames(e)
                raise
        wake = self._wakes.on_release()
        ts = _now()  # before the lock is free: a waiter's acquired comes after it
        try:
            self._lock.release()
        except BaseException as e:
            drop_tracer_frames(e)
            raise
        _emit_raw(1, ts, _RELEASED, self._threadline_sync, wake, 0, 0, None)

    def locked(self, *more, **keywords):
        try:
            return self._lock.locked(*more, **keywords)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def _is_owned(self):
        # Condition's check, without the events a try of acquire() would send.
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def _at_fork_reinit(self):
        self._lock._at_fork_reinit()

    __enter__ = acquire
    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def _c_lock(self):
        return _allocate_lock()

    def __repr__(self):
        state = "locked" if self._lock.locked() else "unlocked"
        return "<%s %s object at %s>" % (state, "_thread.lock", hex(id(self)))


class _RLock:
    """threading.RLock() made by the program: an owner and a count around a real lock, as _PyRLock."""

    __slots__ = ("_block", "_owner", "_count", "_threadline_sync", "_wakes", "__weakref__")
    __class__, __exit__, __dir__, __reduce_ex__ = _LOCK_PROTOCOL

    def __new__(cls, *args, **kwargs):
        """type(rlock)(...): a new RLock, as the C type makes one whatever the arguments."""
        return cls._made(creation_name("rlock"))

    @classmethod
    def _made(cls, name):
        """The tracer's own way to make one, past __new__."""
        self = object.__new__(cls)
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0
        self._wakes = Wakes()
        self._threadline_sync = announce(RLOCK, name)
        return self

    def acquire(self, blocking=True, timeout=-1, *more, **keywords):  # as _Lock's
        if blocking is not True or timeout != -1 or more or keywords:
            try:
                _check_arguments(_orig["RLock"], blocking, timeout, more, keywords)
            except BaseException as e:
                drop_tracer_frames(e)
                raise
        me = _get_ident()
        if self._owner == me:
            self._count += 1
            channel.emit(kinds.ACQUIRED, self._threadline_sync, 0, self._count)
            return True
        try:
            return self._acquire_as(me, blocking, timeout, 1)
        except BaseException as e:  # as _Lock's
            drop_tracer_frames(e)
            raise

    def _acquire_as(self, me, blocking, timeout, count):
        block = self._block
        wake = 0
        if not block.acquire(False):
            if not blocking or timeout == 0:
                return False
            sid, wakes = self._threadline_sync, self._wakes
            wall, ms, scaling = wait_timeout(timeout)
            channel.emit(kinds.ACQUIRE_BLOCKED, sid, 0, ms, depth=3)
            wakes.block(1)
            try:
                got = block.acquire(True, wall)
            except BaseException:  # as _Lock._wait's: the wait ends, the lock not taken (else a false deadlock)
                channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.ENDED_BY_EXCEPTION, depth=3)
                raise
            finally:
                wakes.block(-1)
                if scaling:
                    scaling.scaling = False
            if not got:
                channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT, depth=3)
                return False
            wake = wakes.last
        self._owner, self._count = me, count
        channel.emit(kinds.ACQUIRED, self._threadline_sync, wake, count, depth=3)
        return True

    def release(self, *more, **keywords):
        try:
            if more or keywords:
                _orig["RLock"]().release(*more, **keywords)  # raises
            if self._owner != _get_ident() or not self._count:
                raise RuntimeError("cannot release un-acquired lock")
        except BaseException as e:
            drop_tracer_frames(e)
            raise
        self._count = count = self._count - 1
        wake = 0
        lane, ts = channel.current_lane(), channel.now_ns()
        if not count:
            wake = self._free()
        channel.emit_at(lane, ts, kinds.RELEASED, self._threadline_sync, wake, count, 0, *channel.caller_site())

    def _free(self):
        wake = self._wakes.on_release()
        self._owner = None
        self._block.release()
        return wake

    # Condition's hooks: wait() lets the lock go whatever its count, and takes it back with that count.
    def _is_owned(self):
        return self._owner == _get_ident()

    def _release_save(self):
        if not self._count:
            try:
                _orig["RLock"]()._release_save()  # raises the C RLock's RuntimeError
            except BaseException as e:
                drop_tracer_frames(e)
                raise
        state = (self._count, self._owner)
        lane, ts = channel.current_lane(), channel.now_ns()
        self._count = 0
        wake = self._free()
        channel.emit_at(lane, ts, kinds.RELEASED, self._threadline_sync, wake, 0, 0, *channel.caller_site())
        return state

    def _acquire_restore(self, state):
        self._acquire_as(state[1], True, -1, state[0])

    def _at_fork_reinit(self):
        self._block._at_fork_reinit()
        self._owner = None
        self._count = 0

    if hasattr(_thread.RLock, "_recursion_count"):  # 3.12 on: the count if the calling thread holds it, else 0

        def _recursion_count(self):
            return self._count if self._owner == _get_ident() else 0

    __enter__ = acquire

    def _c_lock(self):
        return _orig["RLock"]()

    def __repr__(self):
        # As the C RLock's (rlock_repr): locked while counted, an owner of 0 when it has none, and the type's C name
        # (tp_name: "_thread.RLock", which _named_as makes __name__, or a subclass's own).
        return "<%s %s object owner=%d count=%d at %s>" % (
            "locked" if self._count else "unlocked", type(self).__name__, self._owner or 0, self._count, hex(id(self)))


def _named_as(cls, c_type):
    """cls takes c_type's names: type() prints its module and qualified name, and C error messages ("'_thread.lock'
    object has no attribute 'aquire'") quote the C type's full name, which a class has only as its __name__. So
    type(lock).__name__ is the one name that reads otherwise ("_thread.lock" for "lock")."""
    cls.__qualname__, cls.__module__ = c_type.__qualname__, c_type.__module__
    cls.__name__ = c_type.__module__ + "." + c_type.__name__


def _lock_maker(key):
    """A factory that makes a traced lock for the program, and calls _orig[key] for the library or with arguments,
    which it refuses in its own words: _thread.allocate_lock ("Lock", the C function) and, from 3.13 on,
    threading.Lock ("LockType", the C type, whose message is another)."""
    def make_lock(*args, **kwargs):
        if args or kwargs or not called_by_program():
            try:
                return _orig[key](*args, **kwargs)
            except BaseException as e:
                drop_tracer_frames(e)
                raise
        return _Lock._made(creation_name("lock"))

    return make_lock


_lock_factory, _lock_class_factory = _lock_maker("Lock"), _lock_maker("LockType")


def _rlock_factory(*args, **kwargs):
    if args or kwargs or not called_by_program():
        try:
            if (args or kwargs) and sys.version_info >= (3, 13):
                return _rlock_with_arguments(args, kwargs)
            return _orig["RLock"](*args, **kwargs)
        except BaseException as e:
            drop_tracer_frames(e)
            raise
    return _RLock._made(creation_name("rlock"))


def _rlock_with_arguments(args, kwargs):
    """From 3.13 on RLock warns that arguments are deprecated, at its caller's line: the factory's, which the default
    filters (a DeprecationWarning shows from __main__ only) dropped. The warning comes at the program's line, and the
    lock from what RLock returns."""
    threading = sys.modules["threading"]
    threading.warnings.warn("Passing arguments to RLock is deprecated and will be removed in 3.15", DeprecationWarning,
                            stacklevel=3)
    return (threading._CRLock or threading._PyRLock)(*args, **kwargs)


def install_thread_lock():
    """_thread's lock factory (allocate_lock, and allocate where this Python still has that name), from the start: a
    program that uses _thread alone has its locks traced too. threading, imported later, binds it (install())."""
    _orig["Lock"] = _allocate_lock
    _named_as(_Lock, _thread.LockType)
    for name in ("allocate_lock", "allocate"):
        if hasattr(_thread, name):
            patch(_thread, name, _lock_factory)


def install(threading):
    """threading's Lock and RLock, as the program imports threading (lazy.py). Up to 3.12 threading.Lock is _thread's
    factory, which threading bound as it was imported: it is patched already. threading's own locks, which it makes
    with the same factory (_allocate_lock), are the library's: they get the C function back."""
    if threading.__dict__.get("_allocate_lock") is _thread.allocate_lock:
        threading._allocate_lock = _allocate_lock
    if threading.Lock is _allocate_lock:  # up to 3.12, threading imported before the tracer (a sitecustomize)
        threading.Lock = _thread.allocate_lock  # the one factory, as pickle finds it by its name in _thread
    elif threading.Lock is not _thread.allocate_lock:  # from 3.13 on, where threading.Lock is the C type
        _orig["LockType"] = threading.Lock
        patch(threading, "Lock", _lock_class_factory)
    _orig["RLock"] = threading.RLock
    _named_as(_RLock, type(_orig["RLock"]()))
    patch(threading, "RLock", _rlock_factory)
