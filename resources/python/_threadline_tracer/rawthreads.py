"""The threads a program starts with _thread.start_new_thread, and the interpreter's own lists of threads.

A thread the program starts with _thread.start_new_thread runs its function through call_in_thread (C, with the
speedups), which first begins its lane: it counts as running from its start (the deadlock watch asks whether a
thread may still act), not from its first traced call, and its function has no frame of the tracer's below it.
threading's own threads are untouched: threading keeps the start_new_thread it imported (threads.py traces them).

sys._current_frames(), sys._current_exceptions() and _thread._count() leave out the tracer's writer thread: the
threads they list or count are the program's, as untraced (CPython's test.support counts dangling threads with
_thread._count()), and the frames _current_frames() gives are the innermost outside the tracer, as untraced.
"""

import _thread
import sys

from . import channel, stream
from .frames import drop_tracer_frames
from .patch import patch
from .unlisted import unlisted

_partial = unlisted("_functools").partial


def _count_without_writer(original):
    def _count(*args, **keywords):
        if args or keywords:
            _refused(original, args, keywords)
        return original() - stream.writer_counted()

    return _count


def _without_writer(original, frames):
    """original (sys._current_frames or _current_exceptions) without the writer's entry. frames: each thread's frame is
    its innermost one outside the tracer, as untraced, where no wrapper lies on the stack: the caller's own is its
    frame, not this function's (CPython's test_sys checks it is sys._getframe()), a thread in a traced time.sleep or
    acquire is at the program's line, and a thread with no frame but the tracer's (called from C, as an atexit
    callback is) has no entry."""

    def listing(*args, **keywords):
        if args or keywords:
            _refused(original, args, keywords)
        writer = stream.writer_ident()  # first: it waits for the writer to have an ident to be known by
        by_ident = original()
        by_ident.pop(writer, None)
        if frames:
            prefix = channel.tracer_prefix
            for ident, frame in list(by_ident.items()):
                outer = _outside_tracer(frame, prefix)
                if outer is None:
                    del by_ident[ident]
                elif outer is not frame:
                    by_ident[ident] = outer
        return by_ident

    return listing


def _outside_tracer(frame, prefix):
    while frame is not None and frame.f_code.co_filename.startswith(prefix):
        frame = frame.f_back
    return frame


def _refused(original, args, keywords):
    """Calls original, which takes no arguments, with these: its own TypeError, at the program's line."""
    try:
        original(*args, **keywords)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


class _Started(_partial):
    """What _thread runs for a program's start_new_thread(function, ...): call_in_thread(begin, function, ...). It
    reads as function, as CPython names the function in "Exception ignored in thread started by: <function f>"."""

    __slots__ = ()

    def __repr__(self):
        return repr(self.args[1])


def _call_in_thread(begin, function, /, *args, **kwargs):
    """The Python form of _speedups.call_in_thread."""
    try:
        begin()
    except Exception:
        pass  # the lane is lost, not the program's thread
    try:
        return function(*args, **kwargs)
    except SystemExit:
        return None
    except BaseException as e:
        drop_tracer_frames(e)
        _report_unraisable(e, function)
        return None


def _report_unraisable(exc, function):
    """What Modules/_threadmodule.c's thread_run does with what a thread's function raised (Python/errors.c,
    _PyErr_WriteUnraisableMsg): the unraisable hook is given the program's function as the object (CPython's
    test_thread asserts it), not the partial around it. No hook, or None: the default one. A hook that raises: the
    default one reports that, "Exception ignored in sys.unraisablehook", as does a refusing audit hook's."""
    args = _unraisable_args((type(exc), exc, exc.__traceback__) + _unraisable_words(function))
    hook = getattr(sys, "unraisablehook", None)
    try:
        sys.audit("sys.unraisablehook", hook, args)
    except BaseException as e:
        drop_tracer_frames(e)
        sys.__unraisablehook__(_unraisable_args((type(e), e, e.__traceback__, "Exception ignored in audit hook", None)))
        return
    if hook is None:
        sys.__unraisablehook__(args)
        return
    try:
        hook(args)
    except BaseException as e:
        drop_tracer_frames(e)
        sys.__unraisablehook__(_unraisable_args((type(e), e, e.__traceback__, "Exception ignored in sys.unraisablehook",
                                                 hook)))


def _unraisable_words(function):
    """(message, object) the unraisable hook is given: up to 3.12 the message and the function apart; from 3.13 on
    (PyErr_FormatUnraisable) the message names it, and the object is None."""
    if sys.version_info < (3, 13):
        return "Exception ignored in thread started by", function
    try:
        return "Exception ignored in thread started by %r" % (function,), None
    except Exception:  # a repr that raises: CPython's format fails, and the message is left out
        return None, None


def _unraisable_args_type():
    """sys.UnraisableHookArgs, which sys does not name, and the only argument the default hook takes: the type of
    what the hook is given for an exception raised in a __del__, caught once at start-up, while no other thread of
    the program can raise one."""
    caught = []

    class Raises:
        def __del__(self):
            raise RuntimeError

    saved = sys.unraisablehook
    sys.unraisablehook = caught.append
    try:
        Raises()
    finally:
        sys.unraisablehook = saved
    args_type = type(caught[0])
    # The args' traceback holds this frame, which holds them: a cycle that only a collection breaks, and it kept the
    # start-up's frames alive, with them the program's globals, past the point where the interpreter's exit clears
    # them (a global ThreadPool's __del__ then ran after the modules it needs were gone: "Exception ignored").
    caught.clear()
    return args_type


_unraisable_args = None


def _thread_starter(original, call):
    def start_new_thread(*args, **keywords):
        try:
            if keywords or not args or not callable(args[0]):
                return original(*args, **keywords)  # refused by the C function itself, in its own words
            begin = _partial(channel.begin_raw_thread, channel.current_lane().id)
            return original(_Started(call, begin, args[0]), *args[1:])
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    return start_new_thread


def install():
    """Patches _thread's starter and counter, and sys's lists of threads."""
    global _unraisable_args
    if channel.speedups is not None:
        call = channel.speedups.call_in_thread
    else:
        call, _unraisable_args = _call_in_thread, _unraisable_args_type()
    for name in ("start_new_thread", "start_new"):  # the second where this Python still has the old name
        if hasattr(_thread, name):
            patch(_thread, name, _thread_starter(getattr(_thread, name), call))
    patch(_thread, "_count", _count_without_writer(_thread._count))
    for name in ("_current_frames", "_current_exceptions"):  # the second where this Python has it
        if hasattr(sys, name):
            patch(sys, name, _without_writer(getattr(sys, name), name == "_current_frames"))


def leave_threading_its_starter(threading):
    """threading, imported after install() (lazy.py), bound the starter above as its own (up to 3.12, whose Thread.start
    calls _start_new_thread): it gets the C function back, as its threads are traced as threads.py traces them, not as
    threads _thread starts for the program."""
    starter = getattr(threading, "_start_new_thread", None)
    if starter is not None and starter is getattr(_thread, "start_new_thread", None):
        threading._start_new_thread = starter.__wrapped__
