"""What every traced synchronization primitive shares (locks.py, conditions.py, semaphores.py, sync.py): the sync
types of its sync-created event, whether the program made it, the rule for its timeouts, and the wake words its
releases hand to the waiters they wake, for the timeline's arrows.
"""

import _thread
import sys
from _thread import allocate_lock as _allocate_lock  # the C function: locks.py puts a factory in its place

from . import channel, kinds
from .timing import begin_ms, scale, scenario_ms
from .unlisted import unlisted

itertools = unlisted("itertools")  # locks.py imports this module at start-up

# SyncType (trace/event.h): what a sync-created names.
LOCK, RLOCK, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, EVENT, BARRIER = 0, 1, 2, 3, 4, 5, 6

_sync_ids = itertools.count(1)


def called_by_program(depth=2, _getframe=sys._getframe, _files=channel._files):
    """Whether the frame `depth` up (the caller of the factory or constructor) is the program's own. Asked for every
    lock, condition and event the library makes, three for each Thread: the file's id is looked up here first."""
    try:
        filename = _getframe(depth).f_code.co_filename
    except ValueError:  # called from C with no Python caller (an atexit callback's): not the program's code
        return False
    fid = _files.get(filename)
    return (channel.file_id(filename) if fid is None else fid) != 0


def announce(sync_type, name):
    sid = next(_sync_ids)
    channel.emit(kinds.SYNC_CREATED, sid, channel.intern(name), sync_type, depth=3)
    return sid


# ms: the scenario timeout of the wait this thread is in, for the events a library method's seams send (a Condition's
# _release_save, a Barrier's _wait); None in a wait that is not traced (a timeout that is not a plain number).
pending_wait = _thread._local()


def plain_timeout(timeout):
    """Whether a re-made wait takes timeout as threading.py does: None, an int or a float up to TIMEOUT_MAX. Any
    other goes to the library's own method, which raises its TypeError or OverflowError from its own lines (or takes
    the type, untraced)."""
    return timeout is None or (type(timeout) is float or type(timeout) is int) and timeout <= _thread.TIMEOUT_MAX


def wait_timeout(timeout):
    """(wall seconds for the real wait, scenario ms for the event, the lane whose scaling flag this call
    set, to be reset after the wait, or None). The rule of timing.py: scale once, at the outermost call."""
    lane = channel.current_lane()
    if timeout is None or timeout == -1 or not plain_timeout(timeout):
        # A timeout the library refuses (NaN, past TIMEOUT_MAX, too large for a float) reaches it as the program
        # gave it, so that it raises its own error: scaled, one past TIMEOUT_MAX would be a wait of hours instead.
        return timeout, kinds.NO_VALUE, None
    if lane.scaling:  # an outer call (Condition.wait_for) already scaled it
        return timeout, begin_ms(lane, timeout), None
    lane.scaling = True
    return scale(timeout), scenario_ms(timeout), lane


class Wakes:
    """The wake word a release hands to the waiter that takes the primitive next (0: nobody waited)."""

    __slots__ = ("counter", "last", "blocked", "mutex")

    def __init__(self):
        self.counter = itertools.count(1)
        self.last = 0
        self.blocked = 0
        self.mutex = _allocate_lock()

    def block(self, delta):
        with self.mutex:
            self.blocked += delta

    def on_release(self):
        self.last = next(self.counter) if self.blocked else 0
        return self.last

