"""The program's ways out, as CPython has them, each ending the trace: the error that ended it (shown by
sys.excepthook, as Python/pythonrun.c calls it), os._exit, os.exec*, and the exit itself (atexit; a KeyboardInterrupt
ends the process by SIGINT, as CPython's does, so that its parent sees it)."""

import os
import sys

from . import frames, mainthread
from .patch import bind, index, patch

_interrupted = False


def finish_at_exit():
    """The atexit callback that ends the trace, registered first so that it runs after the program's own."""
    mainthread.finish()
    if _interrupted:
        # CPython ends a program that a KeyboardInterrupt ended by SIGINT, so that its parent sees it.
        import signal

        for out in (sys.stdout, sys.stderr):
            try:
                out.flush()
            except Exception:
                pass
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)


def _exit_parameters(status):
    return (status,)


def _exit_status(args, keywords):
    """The status of os._exit(*args, **keywords) as a C int; None for arguments it refuses."""
    bound = bind(_exit_parameters, args, keywords)
    status = index(bound[0]) if bound is not None else None
    return status if status is not None and -2 ** 31 <= status < 2 ** 31 else None


def install():
    os_exit()
    os_exec()


def os_exit():
    original = os._exit

    def _exit(*args, **keywords):
        status = _exit_status(args, keywords)
        if status is None:  # what os._exit does not take: its own error, raised at the program's call
            try:
                original(*args, **keywords)
            except BaseException as e:
                frames.drop_tracer_frames(e)
                raise
        mainthread.finish("os._exit(%s)" % status)
        original(status)

    patch(os, "_exit", _exit)


def os_exec():
    """os.execv and os.execve (and so every os.exec* and os.execvp*, which end in them) replace the program, and the
    events not yet sent with it: a worker's end, a join, the last prints were lost, threads that had ended drawn as
    cut. An exec that will run ends the trace first, as os._exit does; one that cannot (no such file, not executable,
    a file descriptor) is left to raise its own error, the trace going on."""
    for name in ("execv", "execve"):
        original = getattr(os, name, None)
        if original is not None:
            patch(os, name, _exec_ending_the_trace(original, name))


def _exec_ending_the_trace(original, name):
    def exec_(*args, **keywords):
        path = args[0] if args else keywords.get("path")
        try:
            runs = isinstance(path, (str, bytes, os.PathLike)) and os.path.isfile(path) and os.access(path, os.X_OK)
        except Exception:
            runs = False
        if runs:
            mainthread.finish("os.%s()" % name)
        try:
            return original(*args, **keywords)
        except BaseException as e:
            frames.drop_tracer_frames(e)
            raise

    return exec_


def report_uncaught(exc):
    """What CPython does with the error that ended the program: its traceback without the tracer's frames, the
    sys.last_* names, sys.excepthook; a KeyboardInterrupt ends the process by SIGINT at exit (finish_at_exit)."""
    global _interrupted
    tb = frames.without_tracer_frames(exc.__traceback__)
    exc.__traceback__ = tb
    mainthread.error(type(exc), exc, tb)
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = exc
    _call_excepthook(type(exc), exc, tb)
    _interrupted = isinstance(exc, KeyboardInterrupt)


_MISSING = object()


def _call_excepthook(exc_type, exc, tb):
    """sys.excepthook as Python/pythonrun.c's _PyErr_PrintEx calls it: none at all is "sys.excepthook is missing"; one
    that raises (None's TypeError among them) is "Error in sys.excepthook:", its error, then the original, each as
    the default hook shows it; its SystemExit exits. A hook that raised went on to the tracer, which called it again
    and showed its own frames."""
    hook = getattr(sys, "excepthook", _MISSING)
    try:
        sys.audit("sys.excepthook", None if hook is _MISSING else hook, exc_type, exc, tb)
    except RuntimeError:
        return
    except Exception:
        pass  # CPython says so as an unraisable error "in audit hook", then calls the hook
    if hook is _MISSING:
        sys.stderr.write("sys.excepthook is missing\n")
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        hook(exc_type, exc, tb)
    except SystemExit:
        raise
    except BaseException as error:
        frames.drop_tracer_frames(error)
        if error.__context__ is exc:  # CPython calls the hook with the error fetched, not being handled
            error.__context__ = None
        try:
            sys.stdout.flush()
        except Exception:
            pass
        sys.stderr.write("Error in sys.excepthook:\n")
        sys.__excepthook__(type(error), error, error.__traceback__)
        sys.stderr.write("\nOriginal exception was:\n")
        sys.__excepthook__(exc_type, exc, tb)
