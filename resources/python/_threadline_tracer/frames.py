"""Keeping the program's own frames: tracebacks that pass through a wrapper lose the tracer's entries.

A wrapper catches on the way out (`except BaseException as e: drop_tracer_frames(e); raise`): the bare
`raise` re-raises with the exception's traceback as it now stands and adds no entry for the wrapper's
frame (CPython 3.11+ ceval: a re-raise skips PyTraceBack_Here), so the program sees the traceback it
would have seen untraced. Every entry of the tracer's goes, not only the wrapper's own: the helpers it
called (an argument check, a re-made Semaphore.release) are the tracer's too, and a traceback the program
prints in its except clause would show them. Where the tracer re-makes a standard library method
(Semaphore.release, Event.set, Condition.notify), the errors the library's method would raise itself are left to
it: the wrapper calls the original for those arguments, so the library's line is the last entry. No wait is
re-made: whatever a signal handler raises into one of the library's Python waits has its lines.
"""

import io
import sys

from . import channel
from .unlisted import unlisted

_islice = unlisted("itertools").islice


def drop_tracer_frames(exc):
    """Unlinks the tracer's entries from exc's traceback: the calling wrapper's at its head, and its helpers'."""
    exc.__traceback__ = without_tracer_frames(exc.__traceback__)


def _in_tracer(tb):
    return tb.tb_frame.f_code.co_filename.startswith(channel.tracer_prefix)


def without_tracer_frames(tb):
    """tb with none of its entries in the tracer's own files: not the runner's frames above __main__, nor
    those an interrupt raised inside the tracer leaves under the program's line (a KeyboardInterrupt in a
    pause's hold(), below the emit of the wrapper the program called, above the signal handler's frame)."""
    head = last = None
    while tb is not None:
        if not _in_tracer(tb):
            if last is None:
                head = tb
            else:
                last.tb_next = tb
            last = tb
        tb = tb.tb_next
    if last is not None:
        last.tb_next = None
    return head


def type_name(exc_type):
    """The exception's name as a traceback prints it: RuntimeError, queue.Empty, mymodule.MyError."""
    name = getattr(exc_type, "__qualname__", None) or getattr(exc_type, "__name__", "?")
    module = getattr(exc_type, "__module__", None)
    if module not in (None, "__main__", "builtins"):
        name = module + "." + name
    return name


def message(exc):
    try:
        return str(exc)
    except BaseException:  # a __str__ that fails: what traceback prints then
        return "<exception str() failed>"


def raise_site(tb):
    """(file id, line) of the innermost user frame in a traceback: where the program raised."""
    fid = line = 0
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        user = channel._files.get(filename)
        if user is None:
            user = channel._classify(filename)
        if user:
            fid, line = user, tb.tb_lineno
        tb = tb.tb_next
    return fid, min(line, 65535)


# (file, line, instruction) -> the name that call's statement assigns to, or None: a line that makes locks in a loop is
# read and matched once, not for every lock (measured: 20,000 traced Lock() calls, about 5 us each, 1 us less with it).
_assigned_names = {}


def creation_name(default="queue"):
    """The name the creating statement assigns to: `q = queue.Queue(5)` -> "q"; on `a = Lock(); b = Lock()`, "a" for
    the first and "b" for the second."""
    f = sys._getframe(2)
    while f is not None and not channel.site(f)[0]:
        f = f.f_back
    if f is None:
        return default
    where = (f.f_code.co_filename, f.f_lineno, f.f_lasti)
    try:
        name = _assigned_names[where]
    except KeyError:
        lines = _source_lines(where[0])
        line = lines[where[1] - 1] if lines and 0 < where[1] <= len(lines) else b""
        name = _assigned_name(line, _call_column(f))
        if lines is not None:  # a file that could not be read now (a fake file system in place) may be later
            _assigned_names[where] = name
    return default if name is None else name


def _call_column(frame):
    """Where, on its line, the call that frame is making begins (a byte offset into the line's UTF-8, as CPython counts
    columns); None where Python keeps no columns (-X no_debug_ranges) or the call began on an earlier line."""
    try:
        line, _, column, _ = next(_islice(frame.f_code.co_positions(), frame.f_lasti // 2, None))
    except (AttributeError, StopIteration, ValueError):
        return None
    return column if line == frame.f_lineno else None


def _assigned_name(line, column=None):
    """The target of `NAME = CALL` or `NAME: TYPE = CALL` (NAME dotted or not), or None. With the call's column, the
    statement is the one the call begins on that line, after any `;`, and the call must be its whole value: in
    `t = Thread(args=(Event(),))` the Event is not `t`. Without it, the first assignment of the line. The line is read
    here, not with linecache, whose import (tokenize, re, enum, ...) would show in the program's sys.modules: the file
    is taken as UTF-8, Python's default, so a target in another declared encoding with letters outside ASCII is not
    found and the primitive keeps its default name."""
    if column is not None:
        head = line[:column]
        statement = head[head.rfind(b";") + 1:].decode("utf-8", "replace").rstrip()
        if not statement.endswith("=") or statement[-2:-1] in _NOT_ASSIGNMENT:
            return None
        line = statement.encode("utf-8")
    text = line.decode("utf-8", "replace")
    target, equals, rest = text.lstrip("\ufeff \t\f").partition("=")
    if not equals or rest.startswith("="):
        return None
    target = target.split(":", 1)[0].rstrip()
    return target if all(part.isidentifier() for part in target.split(".")) else None


# What makes a statement ending in "=" a comparison, an augmented assignment or a walrus rather than `NAME =`.
_NOT_ASSIGNMENT = frozenset("=!<>+-*/%&|^@:")


_source_files = {}  # file -> its lines, read once, for the files that make primitives
# The open() of the tracer's start: a program may replace builtins.open (unittest.mock's mock_open) while it makes a
# lock, and then sees no call of the tracer's, nor its fake content read as the program's source.
_open = io.open


def _source_lines(filename):
    """filename's lines (split as Python splits them: \\n, \\r\\n or \\r), or None when it cannot be read now."""
    lines = _source_files.get(filename)
    if lines is None:
        try:
            with _open(filename, "rb") as f:
                lines = f.read().splitlines()
        except Exception:  # no such file (<stdin>, <string>), a directory, a NUL in the name, a fake file system
            return None
        _source_files[filename] = lines
    return lines
