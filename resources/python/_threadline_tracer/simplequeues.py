"""queue.SimpleQueue as events: it is C, so queue.SimpleQueue becomes this subclass (same name and module), which
traces it as queues.py traces Queue. ThreadPoolExecutor's work queue is such a SimpleQueue, named
"ThreadPoolExecutor-N._work_queue"; executors.py marks it, and its put of a work item is the pool's submit.
"""

import _queue

from . import channel, kinds
from .frames import creation_name, drop_tracer_frames
from .patch import bind
from .primitives import plain_timeout
from .queues import Empty, IdMap, new_queue, put_events, slow_path


def _put_arguments(item, block=True, timeout=None):
    return item, block, timeout


def _get_arguments(block=True, timeout=None):
    return block, timeout


def _item_argument(item):
    return (item,)


class SimpleQueue(_queue.SimpleQueue):
    def __init__(self, *args, **keywords):
        if args or keywords:
            try:
                _queue.SimpleQueue(*args, **keywords)  # raises
            except BaseException as e:
                drop_tracer_frames(e)
                raise
        pool = channel.current_lane().pool  # set by executors.py while ThreadPoolExecutor() runs
        if pool is not None:
            self._threadline_pool = pool
            name = "ThreadPoolExecutor-%d._work_queue" % pool[0]
        else:
            self._threadline_pool = None
            name = creation_name()
        self._threadline_ids = IdMap()
        # The pool's wake-ups (None) in the queue now: not tasks, so not in the depth its events show. A list, whose
        # append and pop are atomic: workers take them while shutdown() and other workers put them.
        self._threadline_hidden = []
        new_queue(self, name, 0)

    def put(self, *args, **keywords):
        try:
            bound = bind(_put_arguments, args, keywords)
            if bound is None:
                return _queue.SimpleQueue.put(self, *args, **keywords)
            item, block, timeout = bound
            pool = self._threadline_pool
            if pool is not None:
                if item is None:  # the pool's wake-up at shutdown: not a task
                    self._threadline_hidden.append(None)
                    return _queue.SimpleQueue.put(self, item, block, timeout)
                iid = pool[1](item)
            else:
                iid = self._threadline_ids.next()
            self._threadline_ids.ids.setdefault(id(item), []).append(iid)
            _queue.SimpleQueue.put(self, item, block, timeout)
            if pool is None:  # a pool's work item is its task, which the put names already
                put_events(self._threadline_queue, iid, item, self._qsize(), frames=3)
            else:
                channel.emit(kinds.PUT, self._threadline_queue, iid, self._qsize(), depth=3)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def put_nowait(self, *args, **keywords):
        try:
            bound = bind(_item_argument, args, keywords)
            if bound is None:
                return _queue.SimpleQueue.put_nowait(self, *args, **keywords)
            return self.put(bound[0], False)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def get(self, *args, **keywords):
        try:
            bound = bind(_get_arguments, args, keywords)
            if bound is None:
                return _queue.SimpleQueue.get(self, *args, **keywords)
            block, timeout = bound
            if block and timeout is not None and (not plain_timeout(timeout) or timeout < 0):
                return _queue.SimpleQueue.get(self, block, timeout)  # the C get's own ValueError or TypeError
            try:
                item, empty = _queue.SimpleQueue.get(self, False), False
            except Empty:
                if not block:
                    raise
                empty = True
            pool = self._threadline_pool
            # A worker has no line of its own: its waits name the line that made the executor.
            site = None if pool is None else pool[2:4]
            if empty:  # waits outside the except clause: a timeout's Empty has no other Empty as its context
                item = slow_path(_queue.SimpleQueue.get, self, self._threadline_queue, kinds.GET_BLOCKED, Empty, site,
                                 timeout)
            if pool is None:
                channel.emit(kinds.GET, self._threadline_queue, self._threadline_ids.take(item), self._qsize())
            elif item is not None:
                channel.emit_at(channel.current_lane(), channel.now_ns(), kinds.GET, self._threadline_queue,
                                self._threadline_ids.take(item), self._qsize(), 0, *site)
            elif self._threadline_hidden:  # a worker woken by shutdown; its run-end closes the wait
                self._threadline_hidden.pop()
            return item
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def get_nowait(self, *more):
        try:
            if more:
                return _queue.SimpleQueue.get_nowait(self, *more)  # raises
            return self.get(False)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def _qsize(self):
        """The depth the queue's events show: the pool's wake-ups left out."""
        return max(self.qsize() - len(self._threadline_hidden), 0)


SimpleQueue.__module__ = "_queue"
