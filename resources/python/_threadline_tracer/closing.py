"""os.close and os.closerange, kept off the tracer's fds (fds.py).

Untraced, the program has no such fds: os.close() of one fails with EBADF, and os.closerange() over them closes
nothing there. So it is traced: a program that closes every fd above stderr (daemon code, a child's preparation
before exec) keeps its trace and its controls instead of cutting them. What still reaches them: a close below
Python (ctypes, a C extension) and os.dup2() onto one; the channel then ends as when Threadline stops reading.
"""

import os

from . import fds
from .frames import drop_tracer_frames
from .patch import bind, index, patch

_os_close = os.close
_os_closerange = os.closerange


def _close_arguments(fd):
    return (fd,)


def _range_arguments(fd_low, fd_high, /):
    return fd_low, fd_high


def _close(*args, **keywords):
    bound = bind(_close_arguments, args, keywords)
    try:
        if bound is not None and index(bound[0]) in fds.tracers:
            args, keywords = (-1,), {}  # os.close's own EBADF, as for an fd that is not open
        return _os_close(*args, **keywords)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def _closerange(*args, **keywords):
    bound = bind(_range_arguments, args, keywords)
    try:
        low, high = (None, None) if bound is None else map(index, bound)
        if low is None or high is None:
            return _os_closerange(*args, **keywords)  # its own TypeError
        for fd in sorted(fds.tracers):
            if low <= fd < high:
                _os_closerange(low, fd)
                low = fd + 1
        return _os_closerange(low, high)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def install():
    patch(os, "close", _close)
    patch(os, "closerange", _closerange)
