"""queue.Queue, LifoQueue, PriorityQueue and SimpleQueue as events (CPython's Lib/queue.py seams).

- __init__: queue-created (id, the name the creating line assigns it to, maxsize).
- put/get: a blocking call first tries without blocking; only if that raises Full/Empty does the
  thread really wait, so put-blocked/get-blocked are exact and cost nothing on the fast path. The
  retry with block=True is Python's own loop (the lock is simply taken twice). A timed-out retry
  sends put/get with the timed-out flag.
- _put/_get (the documented storage hooks, called under the queue's mutex): put/get with the item's
  id and the depth after, in the order the queue really stores and hands out its items. Item ids
  follow the storage: a FIFO for Queue, a stack for LifoQueue, a map from the object for
  PriorityQueue and for subclasses with storage of their own.
- task_done (unfinished tasks after), join (queue-join-begin/end).

SimpleQueue is C: queue.SimpleQueue becomes a subclass that traces the same way (simplequeues.py).
"""

import itertools
import queue

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .patch import patch
from .primitives import plain_timeout
from .timing import begin_ms, scale
from .values import BY_VALUE, short_repr

Full, Empty = queue.Full, queue.Empty
_Queue = queue.Queue
_orig = {name: getattr(_Queue, name) for name in ("__init__", "put", "get", "task_done", "join")}
_stock = {cls: (cls._put, cls._get, cls._qsize) for cls in (queue.Queue, queue.LifoQueue, queue.PriorityQueue)}
_emit_raw = channel.emit_raw
_pack = channel.EVENT.pack
_queue_ids = itertools.count(1)


def _bounded(maxsize):
    """Whether maxsize bounds the queue. queue.py takes any maxsize and compares it only in put() (and full()):
    what is not a number is left to it, to raise its own TypeError there, from its own line."""
    return isinstance(maxsize, (int, float)) and maxsize > 0


def new_queue(q, name, maxsize):
    qid = next(_queue_ids)
    q._threadline_queue = qid
    bound = 0
    if _bounded(maxsize):
        try:
            # The event's u32; a float bound as put() counts it, rounded up as math.ceil() does, through the
            # type's __ceil__: math is not imported for it, which queue does not import untraced.
            bound = min(type(maxsize).__ceil__(maxsize), 0xFFFFFFFF)
        except OverflowError:  # inf: no bound to show
            pass
    channel.emit(kinds.QUEUE_CREATED, qid, channel.intern(name), bound, depth=3)
    return qid


# --- Queue, LifoQueue, PriorityQueue ------------------------------------------------------------


def __init__(self, maxsize=0):
    try:
        _orig["__init__"](self, maxsize)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    cls = type(self)
    stock_size = cls._qsize in (_stock[queue.Queue][2], _stock[queue.LifoQueue][2])
    storage = (cls._put, cls._get)
    # Each stock hook records only on a queue of its own storage, the attribute it reads: a subclass's hook that
    # calls the stock one (`return Queue._put(self, item)`) is recorded once, by the wrapper around it.
    if storage == (_fifo_put, _fifo_get) and stock_size:
        self._threadline_fifo = _IdFifo()
    elif storage == (_lifo_put, _lifo_get) and stock_size:
        self._threadline_stack = _IdStack()
    elif storage == (_priority_put, _priority_get):
        self._threadline_heap = IdMap()
    else:
        # Storage of the subclass's own, in whole or in part (its own _put over Queue's _get, a _qsize of its
        # own): traced per instance, around the class's hooks with the stock ones unwrapped.
        self._threadline_ids = IdMap()
        self._put = _map_put.__get__(self)
        self._get = _map_get.__get__(self)
    new_queue(self, creation_name(), self.maxsize)


class _IdFifo:
    __slots__ = ("ids", "next")

    def __init__(self):
        import collections

        self.ids = collections.deque()
        self.next = itertools.count(1).__next__


class _IdStack:
    __slots__ = ("ids", "next")

    def __init__(self):
        self.ids = []
        self.next = itertools.count(1).__next__


class IdMap:
    __slots__ = ("ids", "next")

    def __init__(self):
        self.ids = {}
        self.next = itertools.count(1).__next__

    def add(self, item):
        iid = self.next()
        self.ids.setdefault(id(item), []).append(iid)
        return iid

    def take(self, item):
        waiting = self.ids.get(id(item))
        if not waiting:
            return 0
        iid = waiting.pop(0)
        if not waiting:
            del self.ids[id(item)]
        return iid


# The storage hooks of the three stock classes, inlined (Queue._put is `self.queue.append(item)`, and
# so on): these run on every put and get, so each saves a call. Only classes whose _put, _get and
# _qsize are the stock ones get them (see __init__); the others go through _map_put/_map_get. Their
# event's site is searched from 3 frames up (past the hook, queue.py's put/get and the wrapper).
def _fifo_put(self, item):
    self.queue.append(item)
    try:
        ids = self._threadline_fifo
    except AttributeError:
        return
    iid = ids.next()
    ids.ids.append(iid)
    qid = self._threadline_queue
    lane = _emit_raw(3, None, kinds.PUT, qid, iid, len(self.queue), 0, None)
    _item_value(lane, qid, iid, item)


def _fifo_get(self):
    item = self.queue.popleft()
    try:
        ids = self._threadline_fifo.ids
    except AttributeError:
        return item
    _emit_raw(3, None, kinds.GET, self._threadline_queue, ids.popleft() if ids else 0, len(self.queue), 0,
              None)
    return item


def _lifo_put(self, item):
    self.queue.append(item)
    try:
        ids = self._threadline_stack
    except AttributeError:
        return
    iid = ids.next()
    ids.ids.append(iid)
    qid = self._threadline_queue
    lane = _emit_raw(3, None, kinds.PUT, qid, iid, len(self.queue), 0, None)
    _item_value(lane, qid, iid, item)


def _lifo_get(self):
    item = self.queue.pop()
    try:
        ids = self._threadline_stack.ids
    except AttributeError:
        return item
    _emit_raw(3, None, kinds.GET, self._threadline_queue, ids.pop() if ids else 0, len(self.queue), 0, None)
    return item


def _map_put(self, item):
    put = type(self)._put
    _unwrapped.get(put, put)(self, item)
    ids = self.__dict__.get("_threadline_ids")
    if ids is not None:
        put_events(self._threadline_queue, ids.add(item), item, self._qsize())


def _map_get(self):
    get = type(self)._get
    item = _unwrapped.get(get, get)(self)
    ids = self.__dict__.get("_threadline_ids")
    if ids is not None:
        channel.emit(kinds.GET, self._threadline_queue, ids.take(item), self._qsize(), depth=3)
    return item


# PriorityQueue's are called, not inlined: heappush and heappop compare the program's items, which may raise, and the
# traceback then ends at queue.py's _put or _get line, as untraced.
def _priority_put(self, item):
    _stock[queue.PriorityQueue][0](self, item)
    ids = self.__dict__.get("_threadline_heap")
    if ids is not None:
        put_events(self._threadline_queue, ids.add(item), item, self._qsize())


def _priority_get(self):
    item = _stock[queue.PriorityQueue][1](self)
    ids = self.__dict__.get("_threadline_heap")
    if ids is not None:
        channel.emit(kinds.GET, self._threadline_queue, ids.take(item), self._qsize(), depth=3)
    return item


def _item_value(lane, qid, iid, item):
    """The ITEM_VALUE after the put of item `iid`, in the lane's buffer. It has no moment or line of its own (the
    put's are its): its ts and site are 0, which spares a clock read and a search for the program's frame."""
    if type(item) is int and -0x80000000 <= item <= 0x7FFFFFFF:  # the item itself: no string
        lane.buf.append(_pack(0, lane.id, qid, iid, item & 0xFFFFFFFF, 0, 0, kinds.ITEM_VALUE, kinds.NUMBER))
    else:
        lane.buf.append(_pack(0, lane.id, qid, iid, value_id(item), 0, 0, kinds.ITEM_VALUE, 0))


_named = {}  # a class whose items are shown by its name ("<Job>") -> the string id of that name


def value_id(item, _intern=channel.intern_value, _named=_named):
    """The string id of item's words (values.py), for its ITEM_VALUE. A class shown by its name is looked up first:
    the program's own objects are the most common items but numbers, and their words never change."""
    sid = _named.get(type(item))
    if sid is not None:
        return sid
    sid = _intern(short_repr(item))
    if type(item) not in BY_VALUE and len(_named) < 4096:
        _named[type(item)] = sid
    return sid


def put_events(qid, iid, item, depth, frames=4):
    """The put of item `iid` and after it its value; from a storage hook (`frames`: 3 frames below the program's
    line)."""
    lane = channel.emit(kinds.PUT, qid, iid, depth, depth=frames)
    _item_value(lane, qid, iid, item)


# Each storage hook above -> the stock one it inlines, for _map_put/_map_get.
_unwrapped = {
    _fifo_put: _stock[queue.Queue][0], _fifo_get: _stock[queue.Queue][1],
    _lifo_put: _stock[queue.LifoQueue][0], _lifo_get: _stock[queue.LifoQueue][1],
    _priority_put: _stock[queue.PriorityQueue][0], _priority_get: _stock[queue.PriorityQueue][1],
}


def slow_path(call, self, qid, kind, exc_type, site, timeout, *item):
    """The slow path of put/get: the queue is full/empty, so the thread waits. site: the (file, line) its events name,
    None for the program's line that called put or get."""
    lane = channel.current_lane()
    # The timeout tells the deadlock watch whether the wait can end by itself.
    ms = begin_ms(lane, timeout)
    if site is None:
        channel.emit(kind, qid, ms, self._qsize(), depth=3)
    else:
        channel.emit_at(lane, channel.now_ns(), kind, qid, ms, self._qsize(), 0, *site)
    outer = timeout is not None and not lane.scaling
    if outer:
        lane.scaling = True  # the Condition.wait inside must not scale the timeout again
    try:
        return call(self, *item, True, scale(timeout) if outer else timeout)
    except BaseException as e:
        done = kinds.PUT if kind == kinds.PUT_BLOCKED else kinds.GET
        flags = kinds.TIMED_OUT if isinstance(e, exc_type) else kinds.ENDED_BY_EXCEPTION
        if site is None:
            channel.emit(done, qid, 0, self._qsize(), flags, depth=3)
        else:
            channel.emit_at(lane, channel.now_ns(), done, qid, 0, self._qsize(), flags, *site)
        drop_tracer_frames(e)
        raise
    finally:
        if outer:
            lane.scaling = False


_orig_put, _orig_get = _orig["put"], _orig["get"]


def put(self, item, block=True, timeout=None):
    try:
        # Only a bounded queue can make put() wait (and only there does Python check the timeout). A timeout that
        # is not a number goes to the library's put, which compares it (and raises) itself.
        if not block or not _bounded(self.maxsize) or not plain_timeout(timeout) or \
                timeout is not None and timeout < 0:
            return _orig_put(self, item, block, timeout)
        try:
            return _orig_put(self, item, False)
        except Full:
            pass
        qid = self.__dict__.get("_threadline_queue")
        if qid is None:
            return _orig_put(self, item, block, timeout)
        return slow_path(_orig_put, self, qid, kinds.PUT_BLOCKED, Full, None, timeout, item)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def get(self, block=True, timeout=None):
    try:
        if not block or not plain_timeout(timeout) or timeout is not None and timeout < 0:
            return _orig_get(self, block, timeout)
        try:
            return _orig_get(self, False)
        except Empty:
            pass
        qid = self.__dict__.get("_threadline_queue")
        if qid is None:
            return _orig_get(self, block, timeout)
        return slow_path(_orig_get, self, qid, kinds.GET_BLOCKED, Empty, None, timeout)
    except BaseException as e:
        drop_tracer_frames(e)
        raise


def task_done(self):
    try:
        _orig["task_done"](self)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    qid = self.__dict__.get("_threadline_queue")
    if qid is not None:
        channel.emit(kinds.TASK_DONE, qid, 0, self.unfinished_tasks)


def join(self):
    qid = self.__dict__.get("_threadline_queue")
    if qid is not None:
        channel.emit(kinds.QUEUE_JOIN_BEGIN, qid)
    try:
        _orig["join"](self)
    except BaseException as e:
        drop_tracer_frames(e)
        raise
    finally:  # an exception that ends the wait ends its band too (queue-join-end has no flag to say why)
        if qid is not None:
            channel.emit(kinds.QUEUE_JOIN_END, qid)


def install():
    for name, replacement in (("__init__", __init__), ("put", put), ("get", get), ("task_done", task_done),
                              ("join", join)):
        patch(_Queue, name, replacement)
    for cls, put_, get_ in ((queue.Queue, _fifo_put, _fifo_get), (queue.LifoQueue, _lifo_put, _lifo_get),
                            (queue.PriorityQueue, _priority_put, _priority_get)):
        patch(cls, "_put", put_)
        patch(cls, "_get", get_)
    try:
        import _queue
    except ImportError:  # blocked (test.support's import_fresh_module): queue.py's own Python SimpleQueue, untraced
        return
    if queue.SimpleQueue is _queue.SimpleQueue:
        from .simplequeues import SimpleQueue

        queue.SimpleQueue = SimpleQueue
