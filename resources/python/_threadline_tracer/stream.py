"""The event channel's stream: what channel.py records, written to Threadline on the channel's fd by one writer
thread.

It begins with the header, the HELLO record and the kind table (start()); the writer then sends the strings and events
recorded since its last round, every few milliseconds; the END record closes it (close_held()) and says how many events
were sent, so the reader can tell a complete stream from one cut short. The wire protocol: channel.py.
"""

import _signal  # imported by the interpreter at start-up: listed untraced as well
import os
from _thread import allocate_lock as _allocate_lock  # the C function: locks.py puts a factory in its place
from _thread import start_new_thread as _start_new_thread  # the C function: rawthreads.py wraps the program's

from . import channel, kinds
from . import control as _control
from .channel import EVENT, REC_END, REC_EVENTS, REC_HELLO, REC_KIND, VERSION, Struct
from .fds import close_quietly

HEADER = b"TLPY" + Struct("<HH").pack(VERSION, 0)
_record_head = Struct("<BI").pack
_u32 = Struct("<I").pack
_end_counts = Struct("<QQ").pack

_write_lock = _allocate_lock()  # one collect-and-write at a time: the writer's or close()'s

_fd = -1
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


def _write(data):
    view = memoryview(data)
    while view:
        try:
            n = os.write(_fd, view)
        except InterruptedError:
            continue
        view = view[n:]


def _events_record(body):
    return _record_head(REC_EVENTS, len(body)) + body if body else b""


def flush():
    global _sent
    with _write_lock:
        if _closed or _fd < 0:
            return
        strings, body, count = channel.drain()
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
                # The reader has gone. Threadline gone with it ends the program; Threadline still there stopped
                # reading: tracing ends, the program goes on.
                _control.end_if_threadline_gone(wait=1.0)
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
    """The reader has gone: nothing more is written or recorded."""
    global _closed
    _closed = True
    channel.close()
    _control.stop()  # nobody is left to resume a paused run


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
    """Starts the writer with every signal blocked (a thread takes its creator's mask), so that a signal for the
    process is delivered to one of the program's threads, as untraced: a signal the program blocks and waits for
    (signal.sigwait), delivered to the writer instead, took its default action and killed the process. The faults a
    thread's own code raises (SIGSEGV, SIGBUS, SIGFPE, SIGILL) stay unblocked."""
    global _writer_running, _writer_ident
    _writer_stop.acquire()
    _writer_done.acquire()
    _writer_began.acquire()
    _writer_running = True
    quiet = _signal.valid_signals() - {_signal.SIGSEGV, _signal.SIGBUS, _signal.SIGFPE, _signal.SIGILL}
    mask = _signal.pthread_sigmask(_signal.SIG_BLOCK, quiet)
    try:
        _writer_ident = _start_new_thread(_writer_loop, ())
    finally:
        _signal.pthread_sigmask(_signal.SIG_SETMASK, mask)


def writer_ident():
    """The writer thread's ident, None when it has not started; once it has begun to run, so that the threads the
    interpreter lists know it by that ident (at most a second: a writer that never begins is not waited for again)."""
    if _writer_running and not _writer_counted and _writer_began.acquire(timeout=1.0):
        _writer_began.release()
    return _writer_ident


def writer_counted():
    """1 while the writer runs, and _thread._count() counts it; else 0."""
    return 1 if _writer_counted else 0


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
            channel.close()
            _close_locked(reason, cut_ns)
    finally:
        _write_lock.release()
    _stop_writer()


def _close_locked(reason, cut_ns):
    global _sent, _after_exit
    strings, body, count = channel.drain()
    if cut_ns is not None and count:
        size = EVENT.size
        kept = [body[i:i + size] for i in range(0, len(body), size) if EVENT.unpack_from(body, i)[0] <= cut_ns]
        _after_exit += count - len(kept)
        count = len(kept)
        body = b"".join(kept)
    why = reason.encode("utf-8")
    end = _end_counts(_sent + count, _after_exit) + why
    try:
        _write(strings + _events_record(body) + _record_head(REC_END, len(end)) + end)
        _sent += count
        close_quietly(_fd)
    except OSError:
        pass


def detach():
    """In a forked child: this process no longer writes the stream (its parent still does), and records nothing."""
    global _closed, _fd, _writer_running, _write_lock
    _closed = True
    channel.detach()
    _write_lock = _allocate_lock()  # a thread of the parent may have held it at the fork
    _control.in_forked_child()
    _writer_running = False  # the parent's writer thread does not exist here
    close_quietly(_fd)
    _fd = -1
