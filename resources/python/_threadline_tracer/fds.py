"""The tracer's own file descriptors (the channel and the control socket): which they are, and closing them.

Untraced, the program has no such fds; closing.py keeps its os.close and os.closerange off them."""

import os

_os_close = os.close  # the C function, whatever closing.py puts in its place
tracers = set()  # the tracer's fds that are open now


def own(fd):
    """Notes fd as one of the tracer's."""
    tracers.add(fd)


def close_quietly(fd):
    """Closes fd if it is one (>= 0); an fd already gone (the program closed it) is no error."""
    if fd < 0:
        return
    tracers.discard(fd)
    try:
        _os_close(fd)
    except OSError:
        pass
