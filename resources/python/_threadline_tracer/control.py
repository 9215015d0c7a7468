"""Threadline's live controls of a traced run: pause, resume and a new speed, read from the control
fd; a gate that holds the traced threads while paused; and the tracer's clock, which follows both.

The control fd (--control-fd) is a socket inherited from Threadline, read without blocking by the
channel's writer thread every round (no thread of its own: the writer is already stopped before the
interpreter finalizes, and a raw thread that wakes during finalization can abort the process). It
carries lines of ASCII: "pause", "resume" and "speed S"; unknown or malformed lines are ignored, so
that a newer Threadline may say more. Its end of file resumes for good: a program is never left held.

Threadline gone (killed, crashed: the process is no longer this one's parent) takes the program with it: its
process group, which Threadline made for it, is killed. Nothing reads its trace or its output any more, and in a
group of its own no terminal's hangup would reach it: it ran on, orphaned, for ever.

While paused, every traced thread stops at its next traced call: channel.emit and its kin call
hold() before they take their timestamp. Threads that make no traced call (computing, or blocked
inside a C wait) run on until they make one.

The clock: now_ns() runs at rate speed / base_speed against CLOCK_MONOTONIC (base_speed: the one
the run started with, which the stream's hello names and the reader multiplies by), and stands still
while paused. So the stream's timestamps stay scenario time / base_speed across pauses and speed
changes. Sleeps are paced on this clock (timing.py) and woken by every change, so a sleep spanning a
pause or a new speed still ends as long after its start, in scenario time, as it asked.
"""

import _signal  # imported by the interpreter at start-up: listed untraced as well
import os
import time
from _thread import allocate_lock as _allocate_lock  # the C function: locks.py puts a factory in its place

from .fds import close_quietly

_mono = time.monotonic_ns

paused = False  # read unlocked on every event: a plain bool, written under _state_lock
enabled = False  # a control fd was given: pauses and speed changes may happen
speed = 1.0  # the current speed factor (timing.scale divides timeouts by it)
base_speed = 1.0  # the speed the run started with
_rate = 1.0  # speed / base_speed: the clock's rate while not paused
_gate = _allocate_lock()  # the pause's own: a fresh one, held by the controller, for each pause
_changed = _allocate_lock()  # held by the controller; swapped and released at every change
_changed.acquire()
_state_lock = _allocate_lock()
_clock = (0, 0, 1.0)  # (monotonic ns at the segment's start, clock ns then, rate); rate 0 while paused
_fd = -1
_pending = b""
_stopped = False
_MAX_SPEED = 1.0e6
_parent = 0  # Threadline's pid, with a control fd


def now_ns():
    """The tracer's clock: monotonic ns scaled by speed / base_speed since each change; constant while
    paused."""
    while True:
        clock = _clock
        t = _mono()
        if clock is _clock:  # no change happened between the two reads
            break
    since, base, rate = clock
    if rate == 1.0:
        return base + (t - since)
    return base + int((t - since) * rate)


# How long a held thread waits on the gate before it looks at `paused` again.
_HOLD_SLICE_S = 0.05


def hold():
    """Blocks the calling thread while the run is paused.

    A KeyboardInterrupt can land just after the gate's acquire has succeeded (the eval loop runs the
    handler as the call returns), and the gate is then held by nobody: a Stop sends "resume" and then
    SIGINT, and on a loaded machine main took the gate between the two. So the others never count on
    that release: they wait in slices and leave once the pause is over, and each pause brings a fresh
    gate, so the next one never meets a gate left held."""
    while paused:
        gate = _gate
        if gate.acquire(True, _HOLD_SLICE_S):
            gate.release()


def change_signal():
    """A lock that becomes free at the next pause, resume or speed change: acquire it with a timeout
    to wait for whichever comes first (then release it). Read it before reading the clock."""
    return _changed


def rate():
    """The clock's rate against wall time now: 0 while paused."""
    return _clock[2]


def set_base_speed(factor):
    """The speed the run starts with (before start())."""
    global speed, base_speed
    speed = base_speed = float(factor)


def start(fd):
    """Takes the control fd (already moved high and close-on-exec by the runner)."""
    global _fd, enabled, _parent
    os.set_blocking(fd, False)
    _fd = fd
    enabled = True
    _parent = os.getppid()


def _rebase(rate):
    """Starts a clock segment at `rate` from now (_state_lock held)."""
    global _clock
    t = _mono()
    since, base, old = _clock
    now = base + (t - since) if old == 1.0 else base + int((t - since) * old)
    _clock = (t, now, rate)


def _signal_change():
    """Wakes whoever waits on change_signal() (_state_lock held, after the clock changed)."""
    global _changed
    fresh = _allocate_lock()
    fresh.acquire()
    old, _changed = _changed, fresh
    old.release()


def _set(pause):
    global paused, _gate
    with _state_lock:
        if _stopped or pause == paused:
            return
        if pause:
            gate = _allocate_lock()
            gate.acquire()
            _gate = gate
            _rebase(0.0)
            paused = True
        else:
            _rebase(_rate)
            paused = False
            _gate.release()
        _signal_change()


def _set_speed(factor):
    global speed, _rate
    with _state_lock:
        if _stopped or factor == speed:
            return
        speed = factor
        _rate = factor / base_speed
        if not paused:
            _rebase(_rate)
        _signal_change()


def _speed_of(command):
    """The factor of a "speed S" line, or None when it is not one Threadline could mean."""
    try:
        factor = float(command[len(b"speed "):])
    except ValueError:
        return None
    return factor if 0 < factor <= _MAX_SPEED else None  # NaN fails both


def poll():
    """Applies the commands that have arrived. The writer thread alone calls it, every round."""
    global _pending, _fd
    end_if_threadline_gone()
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
        close_quietly(fd)
        stop()
        return
    *lines, _pending = _pending.split(b"\n")
    for line in lines:
        command = line.strip()
        if command == b"pause":
            _set(True)
        elif command == b"resume":
            _set(False)
        elif command.startswith(b"speed "):
            factor = _speed_of(command)
            if factor is not None:
                _set_speed(factor)


def end_if_threadline_gone(wait=0.0):
    """Kills the program's process group if Threadline is no longer this process's parent, looking for up to `wait`
    seconds: a dying process closes its files (the stream's EPIPE) a moment before its children are given to another."""
    if not _parent:
        return
    deadline = _mono() + int(wait * 1e9)
    pause = _allocate_lock()
    pause.acquire()
    while True:
        if os.getppid() != _parent:
            os.killpg(os.getpgrp(), _signal.SIGKILL)
        if _mono() >= deadline:
            return
        pause.acquire(timeout=0.01)  # a raw lock's wait: time.sleep is the program's, traced


def stop():
    """No more pauses: held threads go on, later commands are ignored (the stream is closing, or
    Threadline has gone). The fd stays open until the process ends: the writer may be reading it."""
    global _stopped
    _set(False)
    with _state_lock:
        _stopped = True


def in_forked_child():
    """A fork's child is not traced and has no writer: never paused, its inherited fd closed, and its
    sleeps and timeouts its own again (speed 1), as without Threadline."""
    global paused, _stopped, _fd, _gate, _state_lock, _changed, enabled, speed, _parent
    paused, _stopped = False, True
    _parent = 0  # its parent is the program, and its group the program's
    enabled, speed = False, 1.0
    _gate, _state_lock = _allocate_lock(), _allocate_lock()
    _changed = _allocate_lock()
    _changed.acquire()
    close_quietly(_fd)
    _fd = -1
