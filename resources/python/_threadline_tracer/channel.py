"""The event channel: per-thread buffers, one writer thread, the wire encoding.

Wire protocol, version 1 (the C++ side is core/pysource/wireprotocol.h, which documents it in full):
a 8-byte header b"TLPY" + u16 version + u16 0, then records of u8 type + u32 payload length + payload,
all little-endian. Record types: HELLO (key/value strings), KIND (u8 code + name), STRING (u32 id +
text), EVENTS (n x 32-byte events), END (u64 events sent, u64 events after exit, reason).

Every traced thread appends ready-packed 32-byte events to a deque of its own (deque.append is atomic,
so producers never lock); the one writer thread drains every deque, then the interned strings, and
writes strings before events, so that an event never reaches the reader before the strings it names.
Nothing is ever dropped: the deques are unbounded and a slow reader only makes the writer wait in
os.write(). The END record says how many events were sent, so the reader can tell a complete stream
from one cut short.
"""

import _thread
import collections
import itertools
import os
import sys
from _thread import allocate_lock as _allocate_lock  # the C function: locks.py puts a factory in its place
from _thread import start_new_thread as _start_new_thread  # the C function: rawthreads.py wraps the program's

try:  # the C module struct re-exports: struct itself stays out of sys.modules for a program that does not import it
    from _struct import Struct, pack
except ImportError:  # an interpreter without it
    from struct import Struct, pack

from . import kinds
from . import control as _control
from .fds import close_quietly

VERSION = 1
HEADER = b"TLPY" + pack("<HH", VERSION, 0)
REC_HELLO, REC_KIND, REC_STRING, REC_EVENTS, REC_END = 1, 2, 3, 4, 5

# ts (raw CLOCK_MONOTONIC ns), lane, a, b, c, file string id, line, kind code, flags.
EVENT = Struct("<qIIIIIHBB")
_pack = EVENT.pack
_record_head = Struct("<BI").pack
_u32 = Struct("<I").pack
_string_head = Struct("<BII").pack  # a STRING record's head and its id: one pack for every new thread's name

now_ns = _control.now_ns  # scenario time / base speed, paused time left out (control.py)
_getframe = sys._getframe
_local = _thread._local()

# Lanes, strings and files. Ids are handed out by C-level counters (atomic under the GIL and on
# free-threaded builds); interning a new string takes a lock, hits do not.
_lane_counter = itertools.count(1)
_strings = {"": 0}
_string_records = collections.deque()
_string_lock = _allocate_lock()
_next_string = [1]
# co_filename -> string id of a user file, or 0 for the tracer and the standard library.
_files = {}
_library_prefixes = ()
tracer_prefix = "\0"  # the tracer's own directory (set by start())

_buffers = {}  # lane id -> Lane, for every lane not yet ended and drained (the writer removes those)
_buffers_lock = _allocate_lock()
_write_lock = _allocate_lock()  # one collect-and-write at a time: the writer's or close()'s

_fd = -1
_closed_for_good = False  # a fork's child: nothing will ever drain its buffers (detach())
_sent = 0
_after_exit = 0
_writer_counted = False
_closed = False
_interval = 0.005
# The writer is a raw thread that wakes every _interval. Left running into the interpreter's
# finalization, a thread that wakes there may take the process down with SIGABRT (seen on 3.11: a
# SyntaxError program, which ends within milliseconds, died so in 14 of 20 runs). close_held() therefore
# stops it and waits for it: _writer_stop wakes it at once, _writer_done is released when it has returned.
_writer_stop = _allocate_lock()
_writer_done = _allocate_lock()
# Released by the writer as it begins. Until then, on 3.12 and newer, its thread state is in the interpreter's list
# with no ident yet (0): sys._current_exceptions() lists it under 0, where writer_ident() cannot find it.
_writer_began = _allocate_lock()
_writer_running = False
_writer_ident = None  # the writer thread's ident while it runs: the tracer's, not the program's (writer_ident())


class Lane:
    """One traced thread: its lane id, its event deque and the bits of state its wrappers share."""

    __slots__ = ("id", "buf", "name", "partial", "scaling", "ended", "pool", "task_end")

    def __init__(self, lane_id, name):
        self.id = lane_id
        self.buf = collections.deque(maxlen=0) if _closed_for_good else collections.deque()
        self.name = name
        self.partial = ["", ""]  # stdout, stderr text not yet ended by a newline
        self.scaling = False  # inside a wrapper that has already scaled its timeout
        self.ended = False
        self.pool = None  # (number, submit, file, line) while this thread makes a ThreadPoolExecutor
        self.task_end = None  # (future, executor, task, file, line) while a pool task runs, until it ends
        with _buffers_lock:
            _buffers[lane_id] = self


def intern(text):
    """The string id of text, sending its STRING record the first time."""
    sid = _strings.get(text)
    if sid is not None:
        return sid
    with _string_lock:
        sid = _strings.get(text)
        if sid is None:
            sid = _next_string[0]
            _next_string[0] = sid + 1
            data = text.encode("utf-8", "surrogatepass")
            _string_records.append(_string_head(REC_STRING, 4 + len(data), sid) + data)
            _strings[text] = sid
    return sid


def _classify(filename):
    """A user file gets a string id; the tracer, the standard library and frozen modules get 0."""
    if filename.startswith("<frozen ") or filename.startswith(_library_prefixes):
        fid = 0
    else:
        fid = intern(filename)
    _files[filename] = fid
    return fid


def file_id(filename):
    """The string id of a user file; 0 for the tracer, the standard library and frozen modules."""
    fid = _files.get(filename)
    return _classify(filename) if fid is None else fid


def site(frame):
    """(file id, line) of the innermost frame outside the tracer and the standard library."""
    f = frame
    while f is not None:
        code = f.f_code
        fid = _files.get(code.co_filename)
        if fid is None:
            fid = _classify(code.co_filename)
        if fid:
            return fid, f.f_lineno
        f = f.f_back
    return 0, 0


def caller_site(depth=1):
    """site() from the frame `depth` above the calling function (1: its caller); (0, 0) when there is none: a
    call straight from C, as an atexit callback's, has no Python frame above it."""
    try:
        return site(_getframe(depth + 1))
    except ValueError:
        return 0, 0


def current_lane():
    try:
        return _local.lane
    except AttributeError:
        return _foreign_lane()


def begin_raw_thread(creator):
    """A thread the program started with _thread.start_new_thread begins its lane as it begins (rawthreads.py), so that
    it counts as running from then: a thread a C library starts is seen only at its first traced call."""
    try:
        _local.lane
    except AttributeError:
        _foreign_lane(creator)


def _foreign_lane(creator=0):
    # A thread that threading did not start (_thread.start_new_thread, a C library): a lane named
    # after its threading record if it has one, without creating one (that would use a Dummy-N name).
    # `creator`: the lane that started it, where known.
    import threading

    ident = _thread.get_ident()
    thread = threading._active.get(ident)
    name = thread.name if thread is not None else "thread-%d" % ident
    lane = Lane(next(_lane_counter), name)
    _local.lane = lane
    _foreign_lanes.append(lane)
    # threading's _delete sends a thread's run-end; this one has none. The thread's slot of _local is freed as
    # the thread ends (PyThreadState_Clear), and with it this, which sends it.
    _local.end = _ForeignEnd(lane)
    ts = now_ns()
    # A daemon, as threading calls such a thread (its _DummyThread is one): the program's exit does not wait for it.
    lane.buf.append(_pack(ts, lane.id, creator, intern(name), 0, 0, 0, kinds.THREAD_CREATED, kinds.DAEMON))
    lane.buf.append(_pack(ts, lane.id, 0, 0, 0, 0, 0, kinds.RUN_BEGIN, 0))
    return lane


_foreign_lanes = []  # lanes of threads threading did not start: cut at exit as daemons are


def foreign_lanes():
    return list(_foreign_lanes)


class _ForeignEnd:
    __slots__ = ("lane",)

    def __init__(self, lane):
        self.lane = lane

    def __del__(self):
        lane = self.lane
        if not lane.ended and not _closed:
            lane.buf.append(_pack(now_ns(), lane.id, 0, 0, 0, 0, 0, kinds.RUN_END, 0))
            lane.ended = True


def python_emit_raw(depth, ts, kind, a, b, c, flags, on, _control=_control, _local=_local, _getframe=_getframe,
                    _files=_files, _pack=_pack, _now=now_ns):
    """Records one event in the calling thread's buffer: at ts (None: now), on lane `on` (None: the calling
    thread's), at the innermost user frame from `depth` frames above the caller's (0: the caller's own).
    Returns the calling thread's lane. While the run is paused, the calling thread waits here first: a
    traced call is where a pause holds. The hot paths (queue put/get, lock acquire/release) call this
    directly, so it is written for speed: the defaults bind what it reads as locals."""
    if _control.paused:
        _control.hold()
    try:
        lane = _local.lane
    except AttributeError:
        lane = _foreign_lane()
    try:
        f = _getframe(depth + 1)
    except ValueError:  # called from C with no Python frame that deep (e.g. SystemExit's message)
        f = None
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
    lane.buf.append(_pack(_now() if ts is None else ts, lane.id if on is None else on, a, b, c, fid,
                          line if line < 65536 else 65535, kind, flags))
    return lane


# python_emit_raw, control.now_ns and the script's compile (runner.py) in C (_speedups.c), when this Python
# is the one Threadline was built for: the extension's file name names its ABI, so another Python finds no
# such module and runs these.
try:
    from . import _speedups as speedups
except ImportError:
    speedups = None
if speedups is not None:
    speedups.configure(_local, _files, _classify, current_lane, _control)
    emit_raw, now_ns, EMITTER = speedups.emit_raw, speedups.now_ns, "c"
else:
    emit_raw, EMITTER = python_emit_raw, "python"


def emit(kind, a=0, b=0, c=0, flags=0, depth=2, on=None):
    """Records one event, in the calling thread's buffer, on its lane (or on lane `on`), at the
    innermost user frame from `depth` frames up (2: the caller of the wrapper that calls emit)."""
    return emit_raw(depth, None, kind, a, b, c, flags, on)


def emit_at(lane, ts, kind, a=0, b=0, c=0, flags=0, fid=0, line=0, on=None):
    """Records an event with a given time, on `on`'s lane id (default: lane's), in lane's buffer."""
    if _control.paused:
        _control.hold()
    target = lane.id if on is None else on
    lane.buf.append(_pack(ts, target, a, b, c, fid, line if line < 65536 else 65535, kind, flags))


# --- the writer ---------------------------------------------------------------------------------


def _write(data):
    view = memoryview(data)
    while view:
        try:
            n = os.write(_fd, view)
        except InterruptedError:
            continue
        view = view[n:]


def _collect():
    """Drains every deque, then the strings: (string records, packed events, event count)."""
    chunks = []
    count = 0
    with _buffers_lock:
        lanes = list(_buffers.values())
    for lane in lanes:
        buf = lane.buf
        n = len(buf)
        if n:
            # n pops in C (no bytecode per event); what producers append meanwhile waits for the next round.
            chunks.append(b"".join(itertools.starmap(buf.popleft, itertools.repeat((), n))))
            count += n
        elif lane.ended:
            with _buffers_lock:
                _buffers.pop(lane.id, None)
    strings = []
    while _string_records:
        strings.append(_string_records.popleft())
    return b"".join(strings), b"".join(chunks), count


def _events_record(body):
    return _record_head(REC_EVENTS, len(body)) + body if body else b""


def flush():
    global _sent
    with _write_lock:
        if _closed or _fd < 0:
            return
        strings, body, count = _collect()
        if strings or body:
            _write(strings + _events_record(body))
            _sent += count


def _writer_loop():
    global _writer_counted
    _writer_counted = True
    _writer_began.release()
    try:
        # An unscaled wait (a raw lock's timeout), as the writer's pace is wall time at any speed.
        while not _closed and not _writer_stop.acquire(timeout=_interval):
            _control.poll()
            try:
                flush()
            except OSError:
                # The reader has gone (Threadline stopped reading): tracing ends, the program goes on.
                _shutdown_channel()
                return
    finally:
        _writer_counted = False
        _writer_done.release()


def _stop_writer():
    """Wakes the writer and waits (at most a second: it may be stuck on a full pipe) until it has returned."""
    global _writer_running
    if not _writer_running:
        return
    _writer_running = False
    _writer_stop.release()
    if _writer_done.acquire(timeout=1.0):
        _writer_done.release()


def _shutdown_channel():
    global _closed
    _closed = True
    _control.stop()  # nobody is left to resume a paused run


def configure(own_dir, library_prefixes):
    """Which files are not the program's: the tracer's directory and the standard library's."""
    global _library_prefixes, tracer_prefix
    tracer_prefix = own_dir
    _library_prefixes = (own_dir,) + tuple(library_prefixes)


def start(fd, hello):
    """Opens the channel on fd: header, HELLO, the kind table. start_writer() then starts the writer."""
    global _fd
    _fd = fd
    body = b""
    for key, value in hello:
        k = key.encode("utf-8")
        v = str(value).encode("utf-8", "surrogateescape")
        body += _u32(len(k)) + k + _u32(len(v)) + v
    out = HEADER + _record_head(REC_HELLO, len(body)) + body
    for code, name in kinds.TABLE:
        n = name.encode("ascii")
        out += _record_head(REC_KIND, 1 + len(n)) + bytes([code]) + n
    _write(out)


def start_writer():
    global _writer_running, _writer_ident
    _writer_stop.acquire()
    _writer_done.acquire()
    _writer_began.acquire()
    _writer_running = True
    _writer_ident = _start_new_thread(_writer_loop, ())


def writer_ident():
    """The writer thread's ident, None when it has not started; once it has begun to run, so that the threads the
    interpreter lists know it by that ident (at most a second: a writer that never begins is not waited for again)."""
    if _writer_running and not _writer_counted and _writer_began.acquire(timeout=1.0):
        _writer_began.release()
    return _writer_ident


def writer_counted():
    """1 while the writer runs, and _thread._count() counts it; else 0."""
    return 1 if _writer_counted else 0


def bind(lane):
    """Makes lane the calling thread's lane."""
    _local.lane = lane


def hold():
    """Holds the writer off until close_held(): the caller is about to close the stream. Pausing ends
    first: a thread held now would wait for a resume that the held-off writer could never read."""
    _control.stop()
    _write_lock.acquire()


def close_held(reason, cut_ns=None):
    """The last flush and the END record, with the writer held (hold()). Events after cut_ns (a daemon
    that went on past the exit moment) are left out and counted as such: the exit cut them."""
    global _closed
    try:
        if not _closed and _fd >= 0:
            _closed = True
            _close_locked(reason, cut_ns)
    finally:
        _write_lock.release()
    _stop_writer()


def _close_locked(reason, cut_ns):
    global _sent, _after_exit
    strings, body, count = _collect()
    if cut_ns is not None and count:
        size = EVENT.size
        kept = [body[i:i + size] for i in range(0, len(body), size) if EVENT.unpack_from(body, i)[0] <= cut_ns]
        _after_exit += count - len(kept)
        count = len(kept)
        body = b"".join(kept)
    why = reason.encode("utf-8")
    end = pack("<QQ", _sent + count, _after_exit) + why
    try:
        _write(strings + _events_record(body) + _record_head(REC_END, len(end)) + end)
        _sent += count
        close_quietly(_fd)
    except OSError:
        pass


def detach():
    """In a forked child: this process no longer writes the stream (its parent still does). Its events
    are dropped as they are made: kept, they would pile up for as long as the child runs."""
    global _closed, _fd, _writer_running, _closed_for_good, _string_records, _buffers_lock, _string_lock, \
        _write_lock
    _closed = True
    _closed_for_good = True
    # A thread of the parent may have held one at the fork; it does not exist here to let it go.
    _buffers_lock, _string_lock, _write_lock = _allocate_lock(), _allocate_lock(), \
        _allocate_lock()
    _string_records = collections.deque(maxlen=0)
    for lane in list(_buffers.values()):
        lane.buf = collections.deque(maxlen=0)
    _control.in_forked_child()
    _writer_running = False  # the parent's writer thread does not exist here
    close_quietly(_fd)
    _fd = -1
