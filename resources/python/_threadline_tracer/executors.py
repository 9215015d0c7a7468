"""concurrent.futures.ThreadPoolExecutor as the engine traces it (CPython's
Lib/concurrent/futures/thread.py seams), patched when the program imports the module:

- __init__: the SimpleQueue it makes is the pool's work queue, "ThreadPoolExecutor-N._work_queue"
  (N counts executors from 0, as Python's own names do).
- the work queue's put of a _WorkItem is submit: pool-submit (executor, task id, the callable's name),
  then the put of the task id; an idle worker waits in get() on that queue (get-blocked), and its get
  takes the task id, so each submit has its arrow to the worker that ran it.
- _WorkItem.run: pool-task-begin/end (flag: raised) around the call, unless the future was cancelled.
- Worker threads are traced by threads.py (thread-created, run-begin/end); shutdown(wait=True) joins
  them with Thread.join, which is traced there too.
"""

import itertools
import sys

from . import channel, kinds
from .frames import drop_own_frame

_executor_numbers = itertools.count(0)
_task_ids = itertools.count(1)


def _task_name(fn):
    return getattr(fn, "__name__", None) or type(fn).__name__


def install(thread_module):
    TPE = thread_module.ThreadPoolExecutor
    WorkItem = thread_module._WorkItem
    orig_init = TPE.__init__
    orig_run = WorkItem.run

    def __init__(self, *args, **kwargs):
        number = next(_executor_numbers)
        fid, line = channel.site(sys._getframe(1))

        def submit(item):
            """The work queue's put of `item`: the submit of a task. Returns its id."""
            tid = next(_task_ids)
            if isinstance(item, WorkItem):
                name = channel.intern(_task_name(item.fn))
                item._threadline_task = (number, tid, name, fid, line)
                channel.emit(kinds.POOL_SUBMIT, number, tid, name, depth=4)
            return tid

        lane = channel.current_lane()
        lane.pool = (number, submit, fid, line)
        try:
            orig_init(self, *args, **kwargs)
        except BaseException as e:
            drop_own_frame(e)
            raise
        finally:
            lane.pool = None

    def run(self):
        task = self.__dict__.get("_threadline_task")
        if task is None or self.future.cancelled():
            return orig_run(self)
        number, tid, name, fid, line = task
        lane = channel.current_lane()
        channel.emit_at(lane, channel.now_ns(), kinds.POOL_TASK_BEGIN, number, tid, name, 0, fid, line)
        try:
            return orig_run(self)
        finally:
            raised = getattr(self.future, "_exception", None) is not None
            channel.emit_at(lane, channel.now_ns(), kinds.POOL_TASK_END, number, tid, 0,
                            kinds.RAISED if raised else 0, fid, line)

    __init__.__wrapped__ = orig_init
    TPE.__init__ = __init__
    WorkItem.run = run
