"""Pause and resume: Threadline's commands on the control fd, a gate that holds the traced threads,
and the tracer's clock, which leaves paused time out.

The control fd (--control-fd) is a socket inherited from Threadline, read without blocking by the
channel's writer thread every round (no thread of its own: the writer is already stopped before the
interpreter finalizes, and a raw thread that wakes during finalization can abort the process). It
carries lines of ASCII: "pause" and "resume"; unknown lines are ignored, so that a newer Threadline
may say more. Its end of file (Threadline has gone) resumes for good: a program is never left held.

While paused, every traced thread stops at its next traced call: channel.emit and its kin call
hold() before they take their timestamp. Threads that make no traced call (computing, or blocked
inside a C wait) run on until they make one.

The clock: now_ns() is CLOCK_MONOTONIC less the time spent paused, and stands still at the pause's
start while paused, so that the stream's timestamps (and so scenario time) leave pauses out. The
tracer's own paced sleep (timing.py) waits on this clock, so a sleep spanning a pause ends as long
after its start, in scenario time, as it asked.
"""

import _thread
import os
import time

_mono = time.monotonic_ns

paused = False  # read unlocked on every event: a plain bool, written under _state_lock
enabled = False  # a control fd was given: pauses may happen, sleeps are paced on now_ns()
_gate = _thread.allocate_lock()  # held by the controller while paused
_state_lock = _thread.allocate_lock()
_clock = (None, 0)  # (monotonic ns of the current pause's start or None, paused ns before it)
_fd = -1
_pending = b""
_stopped = False


def now_ns():
    """Monotonic nanoseconds less the time spent paused; constant while paused."""
    while True:
        clock = _clock
        t = _mono()
        if clock is _clock:  # no pause began or ended between the two reads
            break
    since, total = clock
    return (t if since is None else since) - total


def hold():
    """Blocks the calling thread while the run is paused."""
    if paused:
        _gate.acquire()
        _gate.release()


def start(fd):
    """Takes the control fd (already moved high and close-on-exec by the runner)."""
    global _fd, enabled
    os.set_blocking(fd, False)
    _fd = fd
    enabled = True


def _set(pause):
    global paused, _clock
    with _state_lock:
        if _stopped or pause == paused:
            return
        if pause:
            _gate.acquire()
            _clock = (_mono(), _clock[1])
            paused = True
        else:
            since, total = _clock
            _clock = (None, total + _mono() - since)
            paused = False
            _gate.release()


def poll():
    """Applies the commands that have arrived. The writer thread alone calls it, every round."""
    global _pending, _fd
    if _fd < 0 or _stopped:
        return
    gone = False
    try:
        while True:
            data = os.read(_fd, 256)
            if not data:
                gone = True  # Threadline closed its end: nothing will resume us later
                break
            _pending += data
    except (BlockingIOError, InterruptedError):
        pass
    except OSError:
        gone = True
    if gone:
        fd, _fd = _fd, -1
        try:
            os.close(fd)
        except OSError:
            pass
        stop()
        return
    *lines, _pending = _pending.split(b"\n")
    for line in lines:
        command = line.strip()
        if command == b"pause":
            _set(True)
        elif command == b"resume":
            _set(False)


def stop():
    """No more pauses: held threads go on, later commands are ignored (the stream is closing, or
    Threadline has gone). The fd stays open until the process ends: the writer may be reading it."""
    global _stopped
    _set(False)
    with _state_lock:
        _stopped = True


def in_forked_child():
    """A fork's child is not traced and has no writer: never paused, its inherited fd closed."""
    global paused, _stopped, _fd, _gate, _state_lock
    paused, _stopped = False, True
    _gate, _state_lock = _thread.allocate_lock(), _thread.allocate_lock()
    if _fd >= 0:
        try:
            os.close(_fd)
        except OSError:
            pass
    _fd = -1
