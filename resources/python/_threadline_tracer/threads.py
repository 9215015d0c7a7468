"""threading.Thread's life as events, and the exit's wait for them (CPython's Lib/threading.py seams). Installed when
the program imports threading (lazy.py); a program that never does finds it unloaded, as untraced.

- Thread.__init__: thread-created (lane, creating lane, name, target name, daemon flag). The lane id
  is kept on the object as `_threadline_lane` (the one attribute the tracer adds to a program's object). A _DummyThread
  (threading's record of a thread it did not start) gets no lane: its thread's lane takes its name (thread-name).
- Thread.start: start and start-wait-begin before the new thread runs, start-wait-end when start()
  returns or fails (as the engine's Thread::start): CPython's start() waits on the new thread's _started.
- Thread._set_ident (first thing the new thread does in _bootstrap_inner): run-begin, before
  _started is set, so start() returns after it. Thread._delete (last thing): run-end. Neither adds a
  frame to the stack while run() runs, so the program's stack and tracebacks are its own.
- Thread._invoke_excepthook (per thread, made in __init__): error (type, message, the line it was
  raised at), then the hook itself, whatever threading.excepthook the program set.
- Thread.join: join-begin (timeout in scenario ms), join-end (flag: timed out).
- Thread.name's setter (`t.name = ...` before start(), a subclass's __init__, current_thread().name in run()):
  thread-name on the thread's lane, which takes the new name.
- threading._shutdown (called by Py_FinalizeEx): exit-wait-begin/end around Python's own wait.

The main thread's lane, and the exit's cut of every thread still running: mainthread.py.

Pool workers (target concurrent.futures.thread._worker) get no start event: the engine's executor
starts its workers without one, and the two runs must compare event by event.

Threads that _thread starts for the program, and the interpreter's lists of threads: rawthreads.py.

None of this makes a Thread object, a _DummyThread or a Thread-N name of its own: current_thread()
is never called, so the program's names, active_count() and enumerate() are untouched.
"""

import _thread
import sys
import threading

from . import channel, kinds, mainthread, output, rawthreads
from .frames import drop_tracer_frames
from .mainthread import error
from .primitives import plain_timeout
from .patch import dressed, patch
from .timing import scale, scenario_ms

_Thread = threading.Thread
_DummyThread = threading._DummyThread
_orig_init = _Thread.__init__
_orig_start = _Thread.start
_orig_join = _Thread.join
_orig_set_ident = _Thread._set_ident
_orig_delete = _Thread._delete
_orig_shutdown = threading._shutdown
_get_ident = _thread.get_ident
_daemon_property = _Thread.__dict__["daemon"]
_is_alive = _Thread.is_alive  # Thread's own: a subclass's is_alive is the program's, which join() does not call
_name_property = _Thread.__dict__["name"]

# Bound once: a thread's start and join are among the tracer's hot paths (threadline-bench python's thread pairs).
_emit_raw = channel.emit_raw
_current_lane = channel.current_lane
_intern = channel.intern
_lane_counter = channel._lane_counter

_pool_lanes = set()


def _target_name(thread):
    target = getattr(thread, "_target", None)
    name = getattr(target, "__name__", "") if target is not None else ""
    return name if type(name) is str else ""  # a callable may have any __name__ (threading formats it)


def _is_pool_worker(thread, target_name):
    return target_name == "_worker" and \
        getattr(getattr(thread, "_target", None), "__module__", None) == "concurrent.futures.thread"


def _overridden_daemon(thread, starting, flag):
    """The daemon flag of a thread whose class overrides `daemon`, which is what CPython reads (as the thread starts)
    to tell a daemon: a plain value (`daemon = True` in the class body) at once; a property of its own only as the
    thread starts (`starting`), when CPython reads it too: at Thread() the subclass's __init__ has yet to set what it
    reads. flag: Thread's own (_daemonic), kept where the override is not read or fails. The wrappers read Thread's
    own property as _daemonic, with no call the program's trace functions would see; a property of the program's is
    called once more than untraced (here, in start(), besides CPython's own read), which only a getter with a side
    effect could tell."""
    override = getattr(type(thread), "daemon", _daemon_property)
    if not starting and hasattr(type(override), "__get__"):
        return flag
    try:
        return kinds.DAEMON if thread.daemon else 0
    except Exception:  # CPython's own read raises it in the new thread
        return flag


def __init__(self, *args, **kwargs):
    try:
        _orig_init(self, *args, **kwargs)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    if isinstance(self, _DummyThread):
        # threading's record of a thread it did not start, made as that thread first asks for it (current_thread(),
        # logging's %(threadName)s): the thread has its lane already (a _thread thread's, or main's when another
        # thread imported threading first), which takes the name threading gives it. No lane of its own: one thread
        # would have two, one of which never ends.
        _emit_raw(1, None, kinds.THREAD_NAME, _intern(self._name), kinds.NO_VALUE, kinds.NO_VALUE,
                  kinds.DAEMON if self._daemonic else 0, _current_lane().id)
        return
    lane_id = next(_lane_counter)
    self._threadline_lane = lane_id
    target_name = _target_name(self)
    daemon = kinds.DAEMON if self._daemonic else 0
    if type(self).daemon is not _daemon_property:
        daemon = _overridden_daemon(self, False, daemon)
    if _is_pool_worker(self, target_name):
        _pool_lanes.add(lane_id)
        if daemon:  # its start is not traced (start() below): a pool's daemon-ness, its creator's, is known now
            mainthread.daemon_lanes.add(lane_id)
    _emit_raw(1, None, kinds.THREAD_CREATED, _current_lane().id, _intern(self._name), _intern(target_name), daemon,
              lane_id)
    hook = self._invoke_excepthook

    def invoke_excepthook(thread, _hook=hook):
        exc_type, exc, tb = sys.exc_info()
        if exc_type is not None and not issubclass(exc_type, SystemExit):
            error(exc_type, exc, tb)
        _hook(thread)

    self._invoke_excepthook = invoke_excepthook


def start(self):
    lane_id = self.__dict__.get("_threadline_lane")
    # _started._flag, not is_set(): a trace function the program set sees no call the tracer makes for itself.
    traced = lane_id is not None and lane_id not in _pool_lanes and not self._started._flag
    if traced:
        daemon = kinds.DAEMON if self._daemonic else 0
        if type(self).daemon is not _daemon_property:
            daemon = _overridden_daemon(self, True, daemon)
        if daemon:
            mainthread.daemon_lanes.add(lane_id)  # cut at the exit as a daemon; any other thread is stopped there
        _emit_raw(1, None, kinds.START, lane_id, _intern(_target_name(self)), 0, daemon, None)
        _emit_raw(1, None, kinds.START_WAIT_BEGIN, lane_id, 0, 0, 0, None)
    try:
        return _orig_start(self)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        if traced:
            _emit_raw(1, None, kinds.START_WAIT_END, lane_id, 0, 0, 0, None)


def _set_ident(self):
    _orig_set_ident(self)
    lane_id = self.__dict__.get("_threadline_lane")
    if lane_id is None:
        return
    lane = channel.Lane(lane_id, self._name)
    channel.bind(lane)
    channel.emit_at(lane, channel.now_ns(), kinds.RUN_BEGIN)
    mainthread.running_lanes.add(lane_id)  # cut at the exit if it is still running then


def _delete(self):
    lane = _current_lane()
    if self.__dict__.get("_threadline_lane") == lane.id and not lane.ended:
        if lane.partial[0] or lane.partial[1]:
            output.flush_partial(lane)
        channel.emit_at(lane, channel.now_ns(), kinds.RUN_END)
        lane.ended = True
        mainthread.running_lanes.discard(lane.id)
        mainthread.daemon_lanes.discard(lane.id)
    _orig_delete(self)


def join(self, timeout=None):
    lane_id = self.__dict__.get("_threadline_lane")
    traced = lane_id is not None and self._started._flag and self._ident != _get_ident()
    if traced and lane_id in _pool_lanes and not _is_alive(self) and \
            sys._getframe(1).f_code.co_name == "_python_exit":
        # concurrent.futures' exit hook joins every worker again, even those its executor's
        # shutdown() already joined: a no-op the engine does not have, so not shown.
        traced = False
    if traced:
        _emit_raw(1, None, kinds.JOIN_BEGIN, lane_id, 0, kinds.NO_VALUE if timeout is None else scenario_ms(timeout), 0,
                  None)
    try:
        _orig_join(self, scale(timeout) if plain_timeout(timeout) else timeout)  # as primitives.wait_timeout
    except BaseException as e:
        if traced:
            _emit_raw(1, None, kinds.JOIN_END, lane_id, 0, 0, kinds.ENDED_BY_EXCEPTION, None)
        drop_tracer_frames(e)
        raise
    if traced:
        # join() without a timeout returns once the thread has stopped; with one, it may have timed out.
        timed_out = timeout is not None and _is_alive(self)
        _emit_raw(1, None, kinds.JOIN_END, lane_id, 0, 0, kinds.TIMED_OUT if timed_out else 0, None)


def _set_name(self, name):
    try:
        _name_property.fset(self, name)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    lane_id = self.__dict__.get("_threadline_lane")
    if lane_id is None and isinstance(self, _DummyThread) and self._ident == _get_ident():
        # A thread _thread started, renamed in itself (`current_thread().name = "ingest"`): its lane takes the name,
        # as its _DummyThread's first name (__init__ above).
        lane_id = _current_lane().id
    if lane_id is not None:
        _emit_raw(1, None, kinds.THREAD_NAME, _intern(self._name), kinds.NO_VALUE, kinds.NO_VALUE,
                  kinds.DAEMON if self._daemonic else 0, lane_id)


def _shutdown():
    """threading._shutdown first calls the hooks threading._register_atexit took (concurrent.futures' among them),
    last registered first, then waits for the threads: main runs those hooks, it does not wait yet. So the wait begins
    with a hook put first in their list for the call, which runs last (it was shown waiting through the hooks, and a
    hook's work the tracer does not see made a false stall of a worker the hook was about to wake)."""
    lane = channel.current_lane()
    began = []

    def exit_wait_begins():
        began.append(True)
        channel.emit_at(lane, channel.now_ns(), kinds.EXIT_WAIT_BEGIN)

    hooks = getattr(threading, "_threading_atexits", None)
    if type(hooks) is list:
        threading._threading_atexits = [exit_wait_begins] + hooks
    else:  # a threading without them: the wait begins now
        exit_wait_begins()
    try:
        _orig_shutdown()
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:
        if type(hooks) is list:
            threading._threading_atexits = hooks
        if began:  # not when threading's shutdown had run already
            channel.emit_at(lane, channel.now_ns(), kinds.EXIT_WAIT_END)


def install():
    """Patches threading, as the program imports it (lazy.py). threading's main thread takes main's lane unless another
    thread imported threading first, which threading then calls its main thread (its lane is then the one it has)."""
    for name, replacement in (("__init__", __init__), ("start", start), ("join", join), ("_set_ident", _set_ident),
                              ("_delete", _delete)):
        patch(_Thread, name, replacement)
    patch(threading, "_shutdown", _shutdown)
    # The property stays Thread's own but for its setter, a function dressed as the original one.
    _Thread.name = _name_property.setter(dressed(_set_name, _name_property.fset))
    rawthreads.leave_threading_its_starter(threading)
    main = threading.main_thread()
    if main.ident == mainthread.main_ident:
        main._threadline_lane = 0


