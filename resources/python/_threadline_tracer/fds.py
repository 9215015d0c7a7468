"""The tracer's own file descriptors (the channel and the control socket)."""

import os


def close_quietly(fd):
    """Closes fd if it is one (>= 0); an fd already gone (the program closed it) is no error."""
    if fd < 0:
        return
    try:
        os.close(fd)
    except OSError:
        pass
