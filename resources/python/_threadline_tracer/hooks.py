"""The program's own trace and profile functions (sys.settrace, sys.setprofile, and threading's, which new threads
install through them) see the program's frames and the standard library's, never the tracer's: a debugger does not
step into a wrapper, a coverage tool counts no line of the tracer's. Each such function is called through a filter
that leaves out the tracer's frames; sys.gettrace() and sys.getprofile() give back the program's function.

What a filter cannot give back: a profile function sees no c_call for a C function that the tracer wraps in Python
(time.sleep, a Lock's acquire), as the program calls the wrapper, whose frame is left out; no frame of a library
method the tracer re-makes (Queue._put and _get, Semaphore.release); and it does see the library functions the tracer
calls for itself (Thread.is_alive after a join with a timeout, Event.is_set in a Timer's cancel and a future's wait),
which are not the tracer's frames, and the import system's frames as it loads the tracer's support for a module the
program imports (lazy.py: threading, queue, ...). A debugger steps from the program's line into the library's as
untraced, but the stack it lists (pdb's `where`) still has the wrapper's frame between the two.

A trace function set from C (PyEval_SetTrace) is not filtered. With the C speedups the setters and getters are C
(_speedups.set_hook and get_hook), so it sees no call of the tracer's when the program reads a hook or clears one
(CPython's test_sys_settrace traces so); setting a new one calls the Python _hiding_tracer, which it sees.
"""

import sys

from . import channel
from .frames import drop_tracer_frames
from .patch import patch
from .unlisted import unlisted


def _hiding_tracer(program_hook):
    prefix = channel.tracer_prefix

    def hook(frame, event, arg):
        if frame.f_code.co_filename.startswith(prefix):
            return None  # for a call event: no local trace in the tracer's frame either
        try:
            return program_hook(frame, event, arg)
        except BaseException as e:  # as from CPython's trampoline: the program's hook's frames, not this one
            drop_tracer_frames(e)
            raise

    hook._threadline_program_hook = program_hook
    return hook


def _setter(original):
    def set_hook(*args):
        if len(args) == 1 and args[0] is not None:
            # Not callable too: CPython takes any object, and its TypeError comes when it is called, which the
            # filter leaves to the program's frames (the tracer's stdout is Python code a print would reach).
            args = (_hiding_tracer(args[0]),)
        try:
            return original(*args)  # other arguments: the original's own TypeError
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    return set_hook


def _getter(original):
    def get_hook():
        hook = original()
        return getattr(hook, "_threadline_program_hook", hook)

    return get_hook


def install():
    speedups = channel.speedups
    if speedups is not None:
        partial = unlisted("_functools").partial
        setter, getter = (lambda original: partial(speedups.set_hook, original, _hiding_tracer),
                          lambda original: partial(speedups.get_hook, original))
    else:
        setter, getter = _setter, _getter
    # The all-threads setters are 3.12's.
    for name in ("settrace", "setprofile", "_settraceallthreads", "_setprofileallthreads"):
        if hasattr(sys, name):
            patch(sys, name, setter(getattr(sys, name)))
    for name in ("gettrace", "getprofile"):
        patch(sys, name, getter(getattr(sys, name)))
