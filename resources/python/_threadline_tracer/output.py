"""The program's stdout and stderr, line by line, as print events on the thread that wrote them.

sys.stdout and sys.stderr stay io.TextIOWrapper objects over the same buffers, with the same encoding,
errors, newline, buffering and mode: the original wrappers are detached (which flushes them) and
re-made as a subclass whose write() notes the text for the writing thread, then writes it unchanged.
Bytes, their order and their flushing are Python's own. A line is sent once its newline is written;
what a thread leaves without one is sent when the thread or the program ends.
"""

import io
import sys

from . import channel, kinds
from .frames import drop_tracer_frames

_STREAMS = ("stdout", "stderr")


def _note(stream, text):
    lane = channel.current_lane()
    partial = lane.partial
    if "\n" not in text:
        partial[stream] += text
        return
    lines = (partial[stream] + text).split("\n")
    partial[stream] = lines.pop()
    flags = kinds.STDERR if stream else 0
    for line in lines:
        channel.emit(kinds.PRINT, channel.intern(line), 0, 0, flags, depth=4)  # the write's caller, or above


def _note_written(stream, text, _finalizing=sys.is_finalizing):
    try:
        _note(stream._threadline_stream, text)
    except Exception:
        if not _finalizing():  # late in finalization the tracer's modules are gone, and nothing is read
            raise


def _drop_frames(error, _finalizing=sys.is_finalizing):
    if not _finalizing():
        drop_tracer_frames(error)


class _TracedTextIO(io.TextIOWrapper):
    # The arguments go to the C write as they came: its own errors ("takes no keyword arguments", "takes exactly one
    # argument"), and a failed write's traceback without this frame (threading's excepthook prints it in a thread).
    # What it uses is bound here: a write at the very end of finalization (a __del__ of an object kept on sys) finds
    # this module's globals gone, and must still write, as untraced.
    def write(self, *args, _write=io.TextIOWrapper.write, _str=str, _noted=_note_written, _dropped=_drop_frames,
              **keywords):
        try:
            n = _write(self, *args, **keywords)
        except BaseException as e:
            _dropped(e)
            raise
        if len(args) == 1 and type(args[0]) is _str:
            _noted(self, args[0])
        return n

    def __repr__(self):
        # io.TextIOWrapper's own format, which names the C type (3.13 would print the subclass's name).
        parts = ["<_io.TextIOWrapper"]
        for attribute in ("name", "mode"):
            try:
                parts.append(" %s=%r" % (attribute, getattr(self, attribute)))
            except Exception:
                pass
        return "".join(parts) + " encoding=%r>" % (self.encoding,)


_TracedTextIO.__name__ = _TracedTextIO.__qualname__ = "TextIOWrapper"
_TracedTextIO.__module__ = "_io"


def flush_partial(lane):
    for stream in (0, 1):
        text = lane.partial[stream]
        if text:
            lane.partial[stream] = ""
            channel.emit_at(lane, channel.now_ns(), kinds.PRINT, channel.intern(text), 0, 0,
                            kinds.STDERR if stream else 0)


def flush_all_partial():
    for lane in list(channel._buffers.values()):
        flush_partial(lane)


def _retrace(name, index):
    old = getattr(sys, name, None)
    if old is None or type(old) is not io.TextIOWrapper or getattr(sys, "__%s__" % name) is not old:
        return  # not the interpreter's own wrapper (pythonw, embedding, replaced): leave it alone
    encoding, errors = old.encoding, old.errors
    line_buffering, write_through = old.line_buffering, old.write_through
    mode = getattr(old, "mode", "w")
    buffer = old.detach()
    new = _TracedTextIO(buffer, encoding=encoding, errors=errors, newline="\n",
                        line_buffering=line_buffering, write_through=write_through)
    new.mode = mode
    new._threadline_stream = index
    setattr(sys, name, new)
    setattr(sys, "__%s__" % name, new)


def install():
    for index, name in enumerate(_STREAMS):
        _retrace(name, index)
