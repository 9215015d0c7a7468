"""The main thread's lane, errors that end a thread, and the program's end.

- install(): the calling (main) thread becomes lane 0, named as threading names it, whether or not the program ever
  imports threading (threads.py, which patches threading when it is imported, gives threading's main thread that lane).
- begin_main(): main's lane is created and runs from scenario time 0.
- error(): an uncaught exception as an error event (type, message, the line it was raised at): main's (the runner
  prints it as Python would) and, through threads.py's excepthook wrapper, any Thread's.
- finish(): the exit moment, after the program's atexit callbacks: exit and run-end on main, and daemon-stopped +
  run-end for every daemon still running (threading's, once it is imported, and those _thread started, which Python
  does not wait for either), then the channel's END record. A thread that is no daemon is still running at the exit
  only when the exit's wait for it was cut short (a KeyboardInterrupt in it: Ctrl+C, Threadline's Stop) or skipped
  (os._exit, exec): it is stopped, not a daemon cut.
"""

import _thread
import os

from . import channel, frames, kinds, output, stream

MAIN_NAME = "MainThread"  # what threading calls the main thread (its _MainThread)

_main_lane = None
main_ident = None  # the main thread's, as _thread tells it
_pid = os.getpid()
_finished = False
# The lanes of threads started as daemons, by the flag CPython's exit acts on (a subclass's `daemon` too): threads.py
# reads it as start() does, so that the exit does not call a program's property again.
daemon_lanes = set()
# The lanes of threading's threads whose run has begun and not yet ended (threads.py's _set_ident and _delete).
running_lanes = set()


def install():
    global _main_lane, main_ident
    main_ident = _thread.get_ident()
    _main_lane = channel.Lane(0, MAIN_NAME)
    channel.bind(_main_lane)


def begin_main(ts):
    channel.emit_at(_main_lane, ts, kinds.THREAD_CREATED, 0, channel.intern(_main_lane.name))
    channel.emit_at(_main_lane, ts, kinds.RUN_BEGIN)


def error(exc_type, exc, tb):
    lane = channel.current_lane()
    fid, line = frames.raise_site(tb)
    if issubclass(exc_type, SyntaxError) and getattr(exc, "lineno", None) and getattr(exc, "filename", None):
        # Compiling the program failed: its traceback has no frame of it, the error names the line.
        fid, line = channel.intern(exc.filename), min(exc.lineno, 65535)
    channel.emit_at(lane, channel.now_ns(), kinds.ERROR, channel.intern(frames.type_name(exc_type)),
                    channel.intern(frames.message(exc)), 0, 0, fid, line)


def _running_threads():
    """(lane id, whether a daemon) of each thread threading runs for the program, main's aside: those whose run has
    begun and not ended (running_lanes). Not Thread.is_alive: CPython 3.11 and 3.12 call a thread stopped when a join
    on it is interrupted (Ctrl+C, Stop; bpo-45274), while it runs on."""
    return [(lane_id, lane_id in daemon_lanes) for lane_id in sorted(running_lanes) if lane_id != _main_lane.id]


def finish(reason="exit"):
    """The exit moment: main ends and every thread still running is cut, then the stream's END."""
    global _finished
    if _finished or os.getpid() != _pid:
        return
    _finished = True
    output.flush_all_partial()
    # From here the writer thread is held off: nothing a daemon does after the cut gets out.
    stream.hold()
    ts = channel.now_ns()
    main = _main_lane
    caller = channel.current_lane()
    channel.emit_at(caller, ts, kinds.EXIT)
    for lane_id, daemon in _running_threads():
        if lane_id != caller.id:
            channel.emit_at(caller, ts, kinds.DAEMON_STOPPED if daemon else kinds.STOPPED, on=lane_id)
            channel.emit_at(caller, ts, kinds.RUN_END, on=lane_id)
    for lane in channel.foreign_lanes():  # _thread's threads and C libraries': cut as daemons are
        if lane is not caller and not lane.ended:
            lane.ended = True
            channel.emit_at(caller, ts, kinds.DAEMON_STOPPED, on=lane.id)
            channel.emit_at(caller, ts, kinds.RUN_END, on=lane.id)
    if caller is not main and not main.ended:  # another thread's os._exit: main is cut where it stood
        channel.emit_at(caller, ts, kinds.STOPPED, on=main.id)
        channel.emit_at(caller, ts, kinds.RUN_END, on=main.id)
        main.ended = True
    channel.emit_at(caller, ts, kinds.RUN_END)
    caller.ended = True
    stream.close_held(reason, cut_ns=ts)


def in_forked_child():
    """A fork's child is not traced: it must not write into its parent's stream."""
    global _finished
    _finished = True
    stream.detach()
