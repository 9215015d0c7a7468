"""Blocking timeouts at a speed factor other than 1 (see timing.py for the rule: scale once, at the
outermost call). Installed only when the factor is not 1.

Scaled here: Condition.wait_for, Future.result and exception, concurrent.futures.wait and
as_completed. Thread.join, Queue.get/put and SimpleQueue.get scale in their own wrappers, and
Condition.wait, Event.wait, Semaphore.acquire, Barrier.wait (its constructor's default timeout too) and
the program's own Lock and RLock in locks.py. Not scaled: the standard library's C locks given a timeout
directly, and socket timeouts.
"""

from . import channel
from .frames import drop_tracer_frames
from .patch import dressed
from .timing import scale
from .unlisted import unlisted

_partial = unlisted("_functools").partial


def _scaling(orig, index, name="timeout"):
    """orig with its timeout (positional `index` or keyword `name`) scaled, unless an outer wrapper
    on this thread already did."""

    def wrapper(*args, **kwargs):
        lane = channel.current_lane()
        outer = not lane.scaling
        if outer:
            if name in kwargs:
                kwargs[name] = scale(kwargs[name])
            elif len(args) > index:
                args = args[:index] + (scale(args[index]),) + args[index + 1:]
            lane.scaling = True
        try:
            return orig(*args, **kwargs)
        except BaseException as e:
            drop_tracer_frames(e)
            raise
        finally:
            if outer:
                lane.scaling = False

    return dressed(wrapper, orig)


def _scaled_as_completed(orig):
    def as_completed(fs, timeout=None):
        gen = orig(fs, scale(timeout))
        lane = channel.current_lane()
        # The future is yielded out of a list it is taken from: a local would keep it alive while the program holds
        # it, and as_completed keeps no future it has yielded (bpo-14406; CPython's test_concurrent_futures checks).
        box = []
        resume = gen.__next__
        while True:
            outer = not lane.scaling
            lane.scaling = True
            try:
                box.append(resume())
            except StopIteration:
                return
            except BaseException as e:
                drop_tracer_frames(e)
                raise
            finally:
                if outer:
                    lane.scaling = False
            # What the program throws in, or its close(), reaches as_completed's own yield, as untraced: its finally
            # takes the waiters off the futures then, not whenever the generator is collected.
            try:
                yield box.pop()
            except GeneratorExit:
                gen.close()
                raise
            except BaseException as e:
                resume = _partial(gen.throw, e)
            else:
                resume = gen.__next__

    return dressed(as_completed, orig)


def install_threading(threading):
    threading.Condition.wait_for = _scaling(threading.Condition.wait_for, 2)


def install_futures(base, futures_package):
    base.Future.result = _scaling(base.Future.result, 1)
    base.Future.exception = _scaling(base.Future.exception, 1)
    wait = _scaling(base.wait, 1)
    as_completed = _scaled_as_completed(base.as_completed)
    base.wait = wait
    base.as_completed = as_completed
    if futures_package is not None:  # usually still being imported: it binds the names from base
        futures_package.wait = wait
        futures_package.as_completed = as_completed
