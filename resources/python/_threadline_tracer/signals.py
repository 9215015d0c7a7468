"""A signal handler the program sets is given the frame it would be given untraced (patched when the program
imports signal).

CPython calls a handler with the innermost Python frame of the main thread. In a traced blocking call (time.sleep,
a lock's acquire) that frame is the tracer's wrapper, where untraced the C function had no frame and the program's
line was the innermost. So the program's handler is set inside functools.partial(call_handler, handler, prefix),
which calls it with the innermost frame outside the tracer's folder. With the C speedups call_handler is C too, and
the handler has no frame of the tracer's below its own; without them (another interpreter) it is the Python function
here, and a bare traceback.print_stack() in the handler shows it. signal.signal and signal.getsignal give back the
program's own handler, read from the partial itself: no table to fall out of step with what is set, when a handler
runs or raises in the middle of a signal.signal call. (A frame further out may still be the tracer's, as its f_back:
a queue get's or a join's wrapper lies between the library's wait and the program's line.)

Each handler set is sent as a signal-handler event: a handler of the program's own may run its code in main at any
wait, so Threadline's deadlock watch calls a stall with one set only potential (pysource/deadlockwatch.h). Naming
the signal and the handler reads no attribute a program could define: no code of the program runs for it.
"""

from types import BuiltinFunctionType, FunctionType, MethodType  # loaded already: signal imports enum, enum types

from . import channel, kinds
from .frames import drop_tracer_frames
from .patch import patch
from .unlisted import unlisted

partial = unlisted("_functools").partial

_orig = {}


def _call_handler(handler, prefix, signum, frame):
    """The Python form of _speedups.call_handler."""
    while frame is not None and frame.f_code.co_filename.startswith(prefix):
        frame = frame.f_back
    try:
        return handler(signum, frame)
    except BaseException as e:  # what the handler raises goes on from the program's line, as untraced
        drop_tracer_frames(e)
        raise


_call = channel.speedups.call_handler if channel.speedups is not None else _call_handler


def _programs(installed):
    """What the program set, where `installed` is what the signal module has."""
    if type(installed) is partial and installed.func is _call:
        return installed.args[0]
    return installed


def _signal_name(signalnum):
    if not issubclass(type(signalnum), int):
        return "a signal"  # an object with __index__: reading its number again would run the program's code
    number = int.__index__(signalnum)
    try:
        return _orig["Signals"](number).name
    except ValueError:  # a real-time signal, which Signals does not name
        return "signal %d" % number


def _handler_name(handler):
    if handler is _orig["default_int_handler"]:
        return "default_int_handler"
    if type(handler) is _orig["Handlers"]:
        return handler.name  # SIG_DFL, SIG_IGN
    if type(handler) in _NAMED:
        return handler.__qualname__
    return type(handler).__qualname__  # a callable object, a partial: its class, not its own attributes


_NAMED = (FunctionType, BuiltinFunctionType, MethodType)  # whose __qualname__ is CPython's, not the program's


def _signal(signalnum, handler):
    # Python's own SIGINT handler reads no frame: it is set as it is, so that Ctrl+C and Stop meet no wrapper.
    own = callable(handler) and handler is not _orig["default_int_handler"]
    installed = partial(_call, handler, channel.tracer_prefix) if own else handler
    try:
        previous = _programs(_orig["signal"](signalnum, installed))
    except BaseException as e:  # CPython's own errors (not the main thread, a bad number or handler)
        drop_tracer_frames(e)
        raise
    channel.emit(kinds.SIGNAL_HANDLER, channel.intern(_signal_name(signalnum)),
                 channel.intern(_handler_name(handler)), 1 if own else 0)
    return previous


def _getsignal(signalnum):
    try:
        return _programs(_orig["getsignal"](signalnum))
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def install(module):
    _orig["signal"], _orig["getsignal"] = module.signal, module.getsignal
    _orig["default_int_handler"] = module.default_int_handler
    _orig["Signals"], _orig["Handlers"] = module.Signals, module.Handlers
    patch(module, "signal", _signal)
    patch(module, "getsignal", _getsignal)
