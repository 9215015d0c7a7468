"""The event channel's recording side: lanes and their per-thread buffers, interned strings, the event encoding.
stream.py writes what is recorded here to Threadline.

Wire protocol, version 1 (the C++ side is core/pysource/wireprotocol.h, which documents it in full):
a 8-byte header b"TLPY" + u16 version + u16 0, then records of u8 type + u32 payload length + payload,
all little-endian. Record types: HELLO (key/value strings), KIND (u8 code + name), STRING (u32 id +
text), EVENTS (n x 32-byte events), END (u64 events sent, u64 events after exit, reason).

Every traced thread appends ready-packed 32-byte events to a deque of its own (deque.append is atomic,
so producers never lock); stream.py's one writer thread drains every deque (drain()), then the interned strings,
and writes strings before events, so that an event never reaches the reader before the strings it names.
Nothing is ever dropped: the deques are unbounded and a slow reader only makes the writer wait in
os.write().
"""

import _thread
import sys
from _thread import allocate_lock as _allocate_lock  # the C function: locks.py puts a factory in its place

from . import kinds
from . import control as _control
from .unlisted import unlisted

_deque = unlisted("_collections").deque
itertools = unlisted("itertools")
try:  # the C module that struct re-exports: struct itself is Python, and would be listed
    Struct = unlisted("_struct").Struct
except ImportError:  # an interpreter without it
    from struct import Struct

VERSION = 1
REC_HELLO, REC_KIND, REC_STRING, REC_EVENTS, REC_END = 1, 2, 3, 4, 5

# ts (raw CLOCK_MONOTONIC ns), lane, a, b, c, file string id, line, kind code, flags.
EVENT = Struct("<qIIIIIHBB")
_pack = EVENT.pack
_string_head = Struct("<BII").pack  # a STRING record's head and its id: one pack for every new thread's name

now_ns = _control.now_ns  # scenario time / base speed, paused time left out (control.py)
_getframe = sys._getframe
_local = _thread._local()

# Lanes, strings and files. Ids are handed out by C-level counters (atomic under the GIL and on
# free-threaded builds); interning a new string takes a lock, hits do not.
_lane_counter = itertools.count(1)
_strings = {"": 0}
_string_records = _deque()
_string_lock = _allocate_lock()
_string_ids = itertools.count(1)  # a C-level counter: intern_value draws from it without the lock
# co_filename -> string id of a user file, or 0 for the tracer and the standard library.
_files = {}
_library_prefixes = ()
tracer_prefix = "\0"  # the tracer's own directory (set by start())

_buffers = {}  # lane id -> Lane, for every lane not yet ended and drained (drain() removes those)
_buffers_lock = _allocate_lock()
_closed = False  # the stream has ended (close()): a thread that ends now sends no run-end
_closed_for_good = False  # a fork's child: nothing will ever drain its buffers (detach())


class Lane:
    """One traced thread: its lane id, its event deque and the bits of state its wrappers share."""

    __slots__ = ("id", "buf", "name", "partial", "scaling", "ended", "pool", "task_end")

    def __init__(self, lane_id, name):
        self.id = lane_id
        self.buf = _deque(maxlen=0) if _closed_for_good else _deque()
        self.name = name
        self.partial = ["", ""]  # stdout, stderr text not yet ended by a newline
        self.scaling = False  # inside a wrapper that has already scaled its timeout
        self.ended = False
        self.pool = None  # (number, submit, file, line) while this thread makes a ThreadPoolExecutor
        self.task_end = None  # (future, executor, task, task name, file, line) while a pool task runs, until it ends
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
            sid = next(_string_ids)
            data = text.encode("utf-8", "surrogatepass")
            _string_records.append(_string_head(REC_STRING, 4 + len(data), sid) + data)
            _strings[text] = sid
    return sid


_values = {}  # a queue item's words -> string id (intern_value); cleared when full, so that it stays small
_VALUES_KEPT = 4096


def intern_value(text, _values=_values, _next=_string_ids.__next__):
    """The string id of a queue item's words (values.py). Not interned for good as names are: a program that puts
    a million distinct numbers would keep them all. The few kept spare a STRING record for a repeated value (a None
    sentinel, the same job name). No lock: the id comes from a C counter and the record goes out in one append, before
    the event that names it, from the same thread. Called on every put, so the defaults bind what it reads."""
    sid = _values.get(text)
    if sid is not None:
        return sid
    sid = _next()
    data = text.encode("utf-8", "surrogatepass")
    _string_records.append(_string_head(REC_STRING, 4 + len(data), sid) + data)  # the global: detach() replaces it
    if len(_values) >= _VALUES_KEPT:
        _values.clear()
    _values[text] = sid
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
    # `creator`: the lane that started it, where known. threading is not imported for it: untraced, it is not.
    # threading may be half imported (by another thread) or the program's own threading.py: its record is read only
    # from a dict of threads.
    ident = _thread.get_ident()
    active = getattr(sys.modules.get("threading"), "_active", None)
    thread = active.get(ident) if type(active) is dict else None
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


def drain():
    """Drains every deque, then the strings: (string records, packed events, event count). A lane that has ended and
    has nothing left is dropped."""
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
    # As the events: n pops in C. Every put of a new value sends a string (queues.py), so there may be many.
    records = _string_records
    strings = b"".join(itertools.starmap(records.popleft, itertools.repeat((), len(records))))
    return strings, b"".join(chunks), count


def configure(own_dir, library_prefixes):
    """Which files are not the program's: the tracer's directory and the standard library's."""
    global _library_prefixes, tracer_prefix
    tracer_prefix = own_dir
    _library_prefixes = (own_dir,) + tuple(library_prefixes)


def bind(lane):
    """Makes lane the calling thread's lane."""
    _local.lane = lane


def close():
    """The stream has ended (stream.py): what threads record from now on is never read."""
    global _closed
    _closed = True


def detach():
    """In a forked child: events are dropped as they are made (nothing here drains them): kept, they would pile up
    for as long as the child runs."""
    global _closed_for_good, _string_records, _buffers_lock, _string_lock
    close()
    _closed_for_good = True
    # A thread of the parent may have held one at the fork; it does not exist here to let it go.
    _buffers_lock, _string_lock = _allocate_lock(), _allocate_lock()
    _string_records = _deque(maxlen=0)
    for lane in list(_buffers.values()):
        lane.buf = _deque(maxlen=0)
