"""threading's synchronization primitives as events: Lock, RLock, Condition, Semaphore, BoundedSemaphore,
Event, Barrier and Timer, with the engine's vocabulary and at the engine's moments (core/py), so that the two runs of
one program compare event by event.

Only what the program itself creates is traced: a primitive made by a line of the program (not by the
standard library: Queue's mutex, the Condition inside an Event or a Semaphore) gets a sync-created event
named by the variable its line assigns it to. The standard library's own locks stay C locks, and cost
nothing more.

- Lock and RLock are C types whose methods cannot be wrapped, so threading.Lock() and threading.RLock()
  called from the program return a Python lock around a real one (type() shows it; isinstance cannot,
  as threading.Lock is a factory in CPython too). acquire() first tries without blocking: acquired on
  the fast path; acquire-blocked, then acquired (or its timed-out form) only when it really waits. A
  try that fails shows nothing, as in the engine. release() takes its moment before it lets the lock go,
  so a waiter's acquired never precedes it.
- Condition, Semaphore, BoundedSemaphore, Event and Barrier are Python: a traced one runs the same
  steps as Lib/threading.py (3.8 to 3.13 agree) with the events at its seams: cond-wait-begin after the
  lock is released, cond-wait-end before it is taken back; notify/notify_all with the waiters woken; set
  and clear; acquire and release with the semaphore's value after; a barrier's wait with its index, and
  broken when a timeout, abort() or a failing action breaks it.
- A Timer (any, it is a thread of the program) sends timer-fired on its own lane when its interval has
  passed, just before its function runs (its `function` attribute is a wrapper that does so), and its
  cancel() timer-cancelled unless it already fired.
- Wake words pair what woke a wait with the waits it woke, for the timeline's arrows: a notify or a set
  hands its word to each waiter it woke, a release of a lock or a semaphore to the waiter that takes it
  next.

Threadline finds a deadlock from these events (pysource/deadlockwatch.h), as the engine does from its
own waits.
"""

import _thread
import itertools
import sys
import threading
from time import monotonic as _time

from . import channel, control, kinds
from .frames import creation_name, drop_own_frame
from .timing import begin_ms, scale, scenario_ms

# SyncType (trace/event.h): what a sync-created names.
LOCK, RLOCK, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, EVENT, BARRIER = 0, 1, 2, 3, 4, 5, 6

_allocate_lock = _thread.allocate_lock
_now = channel.now_ns
_ACQUIRED, _RELEASED = kinds.ACQUIRED, kinds.RELEASED
_get_ident = _thread.get_ident
_sync_ids = itertools.count(1)
_orig = {}


def _called_by_program(depth=2):
    """Whether the frame `depth` up (the caller of the factory or constructor) is the program's own."""
    f = sys._getframe(depth)
    return channel.file_id(f.f_code.co_filename) != 0


def _announce(sync_type, name):
    sid = next(_sync_ids)
    channel.emit(kinds.SYNC_CREATED, sid, channel.intern(name), sync_type, depth=3)
    return sid


def _timeout(timeout):
    """(wall seconds for the real wait, scenario ms for the event, the lane whose scaling flag this call
    set, to be reset after the wait, or None). The rule of timing.py: scale once, at the outermost call."""
    lane = channel.current_lane()
    if timeout is None or timeout == -1:
        return timeout, kinds.NO_VALUE, None
    if lane.scaling:  # an outer call (Condition.wait_for) already scaled it
        return timeout, begin_ms(lane, timeout), None
    lane.scaling = True
    return scale(timeout), scenario_ms(timeout), lane


class _Wakes:
    """The wake word a release hands to the waiter that takes the primitive next (0: nobody waited)."""

    __slots__ = ("counter", "last", "blocked", "mutex")

    def __init__(self):
        self.counter = itertools.count(1)
        self.last = 0
        self.blocked = 0
        self.mutex = _allocate_lock()

    def block(self, delta):
        with self.mutex:
            self.blocked += delta

    def on_release(self):
        self.last = next(self.counter) if self.blocked else 0
        return self.last


# --- Lock and RLock ------------------------------------------------------------------------------


def _emit_here(kind, sid, b, c, ts, _local=channel._local, _getframe=sys._getframe, _files=channel._files,
               _pack=channel._pack, _classify=channel._classify, _control=control):
    """channel.emit at a given moment, inlined for the commonest calls (an uncontended acquire and its
    release): the site is searched from the caller of the method that calls this."""
    if _control.paused:
        _control.hold()
    try:
        lane = _local.lane
    except AttributeError:
        lane = channel.current_lane()
    f = _getframe(2)
    while f is not None:
        fn = f.f_code.co_filename
        fid = _files.get(fn)
        if fid is None:
            fid = _classify(fn)
        if fid:
            line = f.f_lineno
            break
        f = f.f_back
    else:
        fid = line = 0
    lane.buf.append(_pack(ts, lane.id, sid, b, c, fid, line if line < 65536 else 65535, kind, 0))


def _check_arguments(blocking, timeout):
    """CPython's own argument errors (lock_acquire_parse_args), before anything is tried: a fresh C lock
    raises them, and takes any valid call at once."""
    _allocate_lock().acquire(blocking, timeout)


class _Lock:
    """threading.Lock() made by the program: a real lock, and its events."""

    __slots__ = ("_lock", "_threadline_sync", "_wakes", "__weakref__")

    def __init__(self, name):
        self._lock = _allocate_lock()
        self._wakes = _Wakes()
        self._threadline_sync = _announce(LOCK, name)

    def acquire(self, blocking=True, timeout=-1):
        lock = self._lock
        if blocking is not True or timeout != -1:
            try:
                _check_arguments(blocking, timeout)
            except BaseException as e:
                drop_own_frame(e)
                raise
            if not blocking or timeout == 0:  # a try: when it fails there is no wait to show
                if not lock.acquire(False):
                    return False
                _emit_here(_ACQUIRED, self._threadline_sync, 0, 1, _now())
                return True
        if lock.acquire(False):
            _emit_here(_ACQUIRED, self._threadline_sync, 0, 1, _now())
            return True
        return self._wait(lock, timeout)

    def _wait(self, lock, timeout):
        sid, wakes = self._threadline_sync, self._wakes
        wall, ms, scaling = _timeout(timeout)
        channel.emit(kinds.ACQUIRE_BLOCKED, sid, 0, ms, depth=3)
        wakes.block(1)
        try:
            got = lock.acquire(True, wall)
        finally:
            wakes.block(-1)
            if scaling:
                scaling.scaling = False
        if got:
            channel.emit(kinds.ACQUIRED, sid, wakes.last, 1, depth=3)
        else:
            channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT, depth=3)
        return got

    def release(self):
        wake = self._wakes.on_release()
        ts = _now()  # before the lock is free: a waiter's acquired comes after it
        try:
            self._lock.release()
        except BaseException as e:
            drop_own_frame(e)
            raise
        _emit_here(_RELEASED, self._threadline_sync, wake, 0, ts)

    def locked(self):
        return self._lock.locked()

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

    def __exit__(self, *args):
        self.release()

    def __repr__(self):
        state = "locked" if self._lock.locked() else "unlocked"
        return "<%s %s object at %s>" % (state, "_thread.lock", hex(id(self)))


class _RLock:
    """threading.RLock() made by the program: an owner and a count around a real lock, as _PyRLock."""

    __slots__ = ("_block", "_owner", "_count", "_threadline_sync", "_wakes", "__weakref__")

    def __init__(self, name):
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0
        self._wakes = _Wakes()
        self._threadline_sync = _announce(RLOCK, name)

    def acquire(self, blocking=True, timeout=-1):
        if blocking is not True or timeout != -1:
            try:
                _check_arguments(blocking, timeout)
            except BaseException as e:
                drop_own_frame(e)
                raise
        me = _get_ident()
        if self._owner == me:
            self._count += 1
            channel.emit(kinds.ACQUIRED, self._threadline_sync, 0, self._count)
            return True
        return self._acquire_as(me, blocking, timeout, 1)

    def _acquire_as(self, me, blocking, timeout, count):
        block = self._block
        wake = 0
        if not block.acquire(False):
            if not blocking or timeout == 0:
                return False
            sid, wakes = self._threadline_sync, self._wakes
            wall, ms, scaling = _timeout(timeout)
            channel.emit(kinds.ACQUIRE_BLOCKED, sid, 0, ms, depth=3)
            wakes.block(1)
            try:
                got = block.acquire(True, wall)
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

    def release(self):
        try:
            if self._owner != _get_ident() or not self._count:
                raise RuntimeError("cannot release un-acquired lock")
        except BaseException as e:
            drop_own_frame(e)
            raise
        self._count = count = self._count - 1
        wake = 0
        lane, ts = channel.current_lane(), channel.now_ns()
        if not count:
            wake = self._free()
        channel.emit_at(lane, ts, kinds.RELEASED, self._threadline_sync, wake, count, 0, *channel.site(sys._getframe(1)))

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
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        lane, ts = channel.current_lane(), channel.now_ns()
        self._count = 0
        wake = self._free()
        channel.emit_at(lane, ts, kinds.RELEASED, self._threadline_sync, wake, 0, 0, *channel.site(sys._getframe(1)))
        return state

    def _acquire_restore(self, state):
        self._acquire_as(state[1], True, -1, state[0])

    def _at_fork_reinit(self):
        self._block._at_fork_reinit()
        self._owner = None
        self._count = 0

    __enter__ = acquire

    def __exit__(self, *args):
        self.release()

    def __repr__(self):
        return "<%s %s.%s object owner=%r count=%d at %s>" % (
            "locked" if self._block.locked() else "unlocked", "_thread", "RLock", self._owner, self._count,
            hex(id(self)))


def _lock_factory(*args, **kwargs):
    if args or kwargs or not _called_by_program():
        return _orig["Lock"](*args, **kwargs)
    return _Lock(creation_name("lock"))


def _rlock_factory(*args, **kwargs):
    if args or kwargs or not _called_by_program():
        return _orig["RLock"](*args, **kwargs)
    return _RLock(creation_name("rlock"))


# --- Condition -----------------------------------------------------------------------------------


def _condition_init(self, lock=None):
    traced = _called_by_program()
    if traced and lock is None:
        lock = _RLock("rlock")  # as the engine's Condition makes its own
    _orig["Condition.__init__"](self, lock)
    if traced:
        self._threadline_wakes = {}
        self._threadline_sync = _announce(CONDITION, creation_name("condition"))


def _condition_wait(self, timeout=None):
    sid = self.__dict__.get("_threadline_sync")
    wall, ms, scaling = _timeout(timeout)
    try:
        if sid is None:
            return _orig["Condition.wait"](self, wall)
        return _traced_condition_wait(self, sid, wall, ms)
    except BaseException as e:
        drop_own_frame(e)
        raise
    finally:
        if scaling:
            scaling.scaling = False


def _traced_condition_wait(self, sid, timeout, ms):
    """Lib/threading.py's Condition.wait, with its events; `timeout` in wall seconds."""
    if not self._is_owned():
        raise RuntimeError("cannot wait on un-acquired lock")
    waiter = _allocate_lock()
    waiter.acquire()
    self._waiters.append(waiter)
    saved_state = self._release_save()
    channel.emit(kinds.COND_WAIT_BEGIN, sid, 0, ms, depth=3)
    gotit = False
    try:
        if timeout is None:
            waiter.acquire()
            gotit = True
        elif timeout > 0:
            gotit = waiter.acquire(True, timeout)
        else:
            gotit = waiter.acquire(False)
        if gotit:
            channel.emit(kinds.COND_WAIT_END, sid, self._threadline_wakes.pop(waiter, 0), depth=3)
        else:
            channel.emit(kinds.COND_WAIT_END, sid, 0, 0, kinds.TIMED_OUT, depth=3)
        return gotit
    finally:
        self._acquire_restore(saved_state)
        if not gotit:
            try:
                self._waiters.remove(waiter)
            except ValueError:
                pass


def _condition_notify(self, n=1):
    sid = self.__dict__.get("_threadline_sync")
    if sid is None:
        return _orig["Condition.notify"](self, n)
    _notify(self, sid, n, kinds.NOTIFY)


def _condition_notify_all(self):
    sid = self.__dict__.get("_threadline_sync")
    if sid is None:
        return _orig["Condition.notify_all"](self)
    _notify(self, sid, len(self._waiters), kinds.NOTIFY_ALL)


def _notify(cond, sid, n, kind):
    try:
        if not cond._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
    except BaseException as e:
        drop_own_frame(e)
        raise
    woken = list(itertools.islice(cond._waiters, max(n, 0)))
    wake = cond.__dict__.setdefault("_threadline_next_wake", itertools.count(1))
    word = next(wake) if woken else 0
    for waiter in woken:
        cond._threadline_wakes[waiter] = word
    channel.emit(kind, sid, word, len(woken), depth=3)
    _orig["Condition.notify"](cond, len(woken))


# --- Semaphore and BoundedSemaphore --------------------------------------------------------------


def _semaphore_init(self, value=1):
    traced = _called_by_program()
    _orig["Semaphore.__init__"](self, value)  # CPython's ValueError for a negative value
    if traced:
        bounded = isinstance(self, threading.BoundedSemaphore)
        self._threadline_wakes = _Wakes()
        self._threadline_sync = _announce(BOUNDED_SEMAPHORE if bounded else SEMAPHORE, creation_name("semaphore"))


def _bounded_init(self, value=1):
    traced = _called_by_program()
    _orig["BoundedSemaphore.__init__"](self, value)
    if traced and "_threadline_sync" not in self.__dict__:
        self._threadline_wakes = _Wakes()
        self._threadline_sync = _announce(BOUNDED_SEMAPHORE, creation_name("semaphore"))


def _semaphore_acquire(self, blocking=True, timeout=None):
    sid = self.__dict__.get("_threadline_sync")
    wall, ms, scaling = _timeout(timeout)
    try:
        if sid is None:
            return _orig["Semaphore.acquire"](self, blocking, wall)
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        return _traced_semaphore_acquire(self, sid, blocking, wall, ms)
    except BaseException as e:
        drop_own_frame(e)
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
            channel.emit(kinds.ACQUIRE_BLOCKED, sid, 0, ms, depth=4)
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
                channel.emit(kinds.ACQUIRED, sid, 0, kinds.NO_VALUE, kinds.TIMED_OUT, depth=4)
                return False
            wake = wakes.last
        self._value -= 1
        channel.emit(kinds.ACQUIRED, sid, wake, self._value, depth=4)
    return True


def _semaphore_release(self, n=1):
    sid = self.__dict__.get("_threadline_sync")
    try:
        if sid is None:
            return _orig["Semaphore.release"](self, n)
        _traced_release(self, sid, n, False)
    except BaseException as e:
        drop_own_frame(e)
        raise


def _bounded_release(self, n=1):
    sid = self.__dict__.get("_threadline_sync")
    try:
        if sid is None:
            return _orig["BoundedSemaphore.release"](self, n)
        _traced_release(self, sid, n, True)
    except BaseException as e:
        drop_own_frame(e)
        raise


def _traced_release(self, sid, n, bounded):
    if n < 1:
        raise ValueError("n must be one or more")
    with self._cond:
        if bounded and self._value + n > self._initial_value:
            raise ValueError("Semaphore released too many times")
        self._value += n
        wake = self._threadline_wakes.on_release()
        channel.emit(kinds.RELEASED, sid, wake, self._value, depth=4)
        for _ in range(n):
            self._cond.notify()


# --- Event ---------------------------------------------------------------------------------------


class _Waiting:
    """A thread's wait on an Event: the wake word of the set() that released it (0: none yet)."""

    __slots__ = ("wake",)

    def __init__(self):
        self.wake = 0


def _event_init(self):
    traced = _called_by_program()
    _orig["Event.__init__"](self)
    if traced:
        self._threadline_waiting = []  # a _Waiting per thread waiting now
        self._threadline_next_wake = itertools.count(1)
        self._threadline_sync = _announce(EVENT, creation_name("event"))


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
    wall, ms, scaling = _timeout(timeout)
    try:
        if sid is None:
            return _orig["Event.wait"](self, wall)
        return _traced_event_wait(self, sid, wall, ms)
    finally:
        if scaling:
            scaling.scaling = False


def _traced_event_wait(self, sid, timeout, ms):
    """Lib/threading.py's Event.wait, with its events; `timeout` in wall seconds."""
    with self._cond:
        signaled = self._flag
        if signaled or (timeout is not None and timeout <= 0):
            return signaled
        record = _Waiting()
        self._threadline_waiting.append(record)
        channel.emit(kinds.EVENT_WAIT_BEGIN, sid, 0, ms, depth=4)
        try:
            signaled = self._cond.wait(timeout)
        finally:
            waiting = self._threadline_waiting
            for i, other in enumerate(waiting):
                if other is record:
                    del waiting[i]
                    break
        if record.wake:
            channel.emit(kinds.EVENT_WAIT_END, sid, record.wake, depth=4)
        else:
            channel.emit(kinds.EVENT_WAIT_END, sid, 0, 0, kinds.TIMED_OUT, depth=4)
        return signaled


# --- Barrier -------------------------------------------------------------------------------------


def _barrier_init(self, parties, action=None, timeout=None):
    traced = _called_by_program()
    _orig["Barrier.__init__"](self, parties, action, timeout)
    if traced:
        self._threadline_next_wake = itertools.count(1)
        self._threadline_release_wake = 0
        self._threadline_sync = _announce(BARRIER, creation_name("barrier"))


def _barrier_wait(self, timeout=None):
    sid = self.__dict__.get("_threadline_sync")
    if timeout is None:
        timeout = self._timeout  # the constructor's default: scaled like one given here
    wall, ms, scaling = _timeout(timeout)
    try:
        if sid is None:
            return _orig["Barrier.wait"](self, wall)
        return _traced_barrier_wait(self, sid, wall, ms)
    except BaseException as e:
        drop_own_frame(e)
        raise
    finally:
        if scaling:
            scaling.scaling = False


def _traced_barrier_wait(self, sid, timeout, ms):
    """Lib/threading.py's Barrier.wait, with its events; `timeout` in wall seconds."""
    with self._cond:
        self._enter()  # blocks while the barrier drains; raises if it is broken
        index = self._count
        self._count += 1
        try:
            if index + 1 == self._parties:
                # The last arrival: its wake word starts the arrows to every wait it releases.
                wake = next(self._threadline_next_wake)
                channel.emit(kinds.BARRIER_WAIT_BEGIN, sid, wake, ms, depth=4)
                self._threadline_release_wake = wake
                self._release()  # the action; if it raises, _break() and the error goes on
                channel.emit(kinds.BARRIER_WAIT_END, sid, 0, index, depth=4)
            else:
                channel.emit(kinds.BARRIER_WAIT_BEGIN, sid, 0, ms, depth=4)
                try:
                    self._wait(timeout)
                except threading.BrokenBarrierError:
                    channel.emit(kinds.BARRIER_WAIT_END, sid, 0, index, kinds.TIMED_OUT, depth=4)
                    raise
                channel.emit(kinds.BARRIER_WAIT_END, sid, self._threadline_release_wake, index, depth=4)
            return index
        finally:
            self._count -= 1
            self._exit()


def _barrier_break(self):
    sid = self.__dict__.get("_threadline_sync")
    if sid is not None:
        channel.emit(kinds.BARRIER_BROKEN, sid, depth=3)
    _orig["Barrier._break"](self)


# --- Timer ---------------------------------------------------------------------------------------


def _timer_init(self, interval, function, args=None, kwargs=None):
    _orig["Timer.__init__"](self, interval, function, args, kwargs)
    timer = self

    def fired(*args, **kwargs):
        channel.emit(kinds.TIMER_FIRED)
        timer._threadline_fired = True
        try:
            return function(*args, **kwargs)
        except BaseException as e:
            drop_own_frame(e)
            raise

    self._threadline_fired = False
    self.function = fired
    # Its `finished` Event is the engine's too (ThreadingEvent "Thread-N.finished"): its wait is the
    # timer's, and cancel() sets it.
    finished = self.finished
    finished._threadline_waiting = []
    finished._threadline_next_wake = itertools.count(1)
    finished._threadline_sync = _announce(EVENT, "%s.finished" % self.name)


def _timer_cancel(self):
    lane_id = self.__dict__.get("_threadline_lane")
    if lane_id is not None and not self._threadline_fired and not self.finished.is_set():
        channel.emit(kinds.TIMER_CANCELLED, lane_id)
    _orig["Timer.cancel"](self)


def install():
    _orig["Lock"], _orig["RLock"] = threading.Lock, threading.RLock
    for cls, names in ((threading.Condition, ("__init__", "wait", "notify", "notify_all")),
                       (threading.Semaphore, ("__init__", "acquire", "release")),
                       (threading.BoundedSemaphore, ("__init__", "release")),
                       (threading.Event, ("__init__", "set", "clear", "wait")),
                       (threading.Barrier, ("__init__", "wait", "_break")),
                       (threading.Timer, ("__init__", "cancel"))):
        for name in names:
            _orig[cls.__name__ + "." + name] = getattr(cls, name)
    threading.Lock = _lock_factory
    threading.RLock = _rlock_factory
    threading.Condition.__init__ = _condition_init
    threading.Condition.wait = _condition_wait
    threading.Condition.notify = _condition_notify
    threading.Condition.notify_all = _condition_notify_all
    threading.Condition.notifyAll = _condition_notify_all
    threading.Semaphore.__init__ = _semaphore_init
    threading.Semaphore.acquire = _semaphore_acquire
    threading.Semaphore.__enter__ = _semaphore_acquire
    threading.Semaphore.release = _semaphore_release
    threading.BoundedSemaphore.__init__ = _bounded_init
    threading.BoundedSemaphore.release = _bounded_release
    threading.Event.__init__ = _event_init
    threading.Event.set = _event_set
    threading.Event.clear = _event_clear
    threading.Event.wait = _event_wait
    threading.Barrier.__init__ = _barrier_init
    threading.Barrier.wait = _barrier_wait
    threading.Barrier._break = _barrier_break
    threading.Timer.__init__ = _timer_init
    threading.Timer.cancel = _timer_cancel
