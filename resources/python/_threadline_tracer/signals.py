"""A signal handler the program sets is given the frame it would be given untraced (patched when the program
imports signal).

CPython calls a handler with the innermost Python frame of the main thread. In a traced blocking call (time.sleep,
a lock's acquire) that frame is the tracer's wrapper, where untraced the C function had no frame and the program's
line was the innermost. The program's handler is wrapped so that it is called with the innermost frame that is not
the tracer's; signal.signal and signal.getsignal give back the program's own handler, never the wrapper. (While a
pause holds the program, the frame is the hold's wait in threading.py. A frame further out may still be the
tracer's, as its f_back: a join's wrapper lies between the library's join and the program's line; and the handler's
own frame has the wrapper's below it, so a bare traceback.print_stack() in a handler shows it.)
"""

from . import channel
from .frames import drop_tracer_frames
from .patch import patch

_orig = {}
_handlers = {}  # signal number -> (the wrapper installed, the program's handler)


def _program_frame(frame):
    while frame is not None and frame.f_code.co_filename.startswith(channel.tracer_prefix):
        frame = frame.f_back
    return frame


def _wrap(handler):
    def handle(signum, frame):
        try:
            return handler(signum, _program_frame(frame))
        except BaseException as e:  # what the handler raises goes on from the program's line, as untraced
            drop_tracer_frames(e)
            raise

    return handle


def _programs(signalnum, installed):
    """What the program set for signalnum, where `installed` is what the signal module has."""
    entry = _handlers.get(signalnum)
    return entry[1] if entry is not None and entry[0] is installed else installed


def _signal(signalnum, handler):
    # Python's own SIGINT handler reads no frame: it is set as it is, so that Ctrl+C and Stop meet no wrapper.
    wrapper = _wrap(handler) if callable(handler) and handler is not _orig["default_int_handler"] else handler
    try:
        previous = _orig["signal"](signalnum, wrapper)
    except BaseException as e:  # CPython's own errors (not the main thread, a bad number or handler)
        drop_tracer_frames(e)
        raise
    previous = _programs(signalnum, previous)
    if wrapper is not handler:
        _handlers[signalnum] = (wrapper, handler)
    else:
        _handlers.pop(signalnum, None)
    return previous


def _getsignal(signalnum):
    try:
        return _programs(signalnum, _orig["getsignal"](signalnum))
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def install(module):
    _orig["signal"], _orig["getsignal"] = module.signal, module.getsignal
    _orig["default_int_handler"] = module.default_int_handler
    patch(module, "signal", _signal)
    patch(module, "getsignal", _getsignal)
