"""concurrent.futures.ThreadPoolExecutor as the engine traces it (CPython's
Lib/concurrent/futures/thread.py seams), patched when the program imports the module:

- __init__: the SimpleQueue it makes is the pool's work queue, "ThreadPoolExecutor-N._work_queue"
  (N counts executors from 0, as Python's own names do).
- the work queue's put of a _WorkItem is submit: pool-submit (executor, task id, the callable's name),
  then the put of the task id; an idle worker waits in get() on that queue (get-blocked), and its get
  takes the task id, so each submit has its arrow to the worker that ran it.
- _WorkItem.run: pool-task-begin/end (flag: raised) around the call, unless the future was cancelled.
  The end is sent as the future is settled (set_result / set_exception), before it wakes the threads
  waiting for it, as the engine does: the arrow from the task's end to the wait it released
  (futures.py) never points back in time. The future carries (executor, task id) for those waits.
- Worker threads are traced by threads.py (thread-created, run-begin/end); shutdown(wait=True) joins
  them with Thread.join, which is traced there too.
"""

import functools
import itertools

from . import channel, kinds
from .frames import drop_tracer_frames
from .patch import patch

_executor_numbers = itertools.count(0)
_task_ids = itertools.count(1)


def _task_name(fn):
    name = getattr(fn, "__name__", None)
    return name if type(name) is str and name else type(fn).__name__  # a callable may have any __name__


def install(thread_module):
    TPE = thread_module.ThreadPoolExecutor
    WorkItem = thread_module._WorkItem
    orig_init = TPE.__init__
    orig_run = WorkItem.run

    def __init__(self, *args, **kwargs):
        number = next(_executor_numbers)
        fid, line = channel.caller_site()

        def submit(item):
            """The work queue's put of `item`: the submit of a task. Returns its id."""
            tid = next(_task_ids)
            if isinstance(item, WorkItem):
                name = channel.intern(_task_name(item.fn))
                item._threadline_task = (number, tid, name, fid, line)
                item.future._threadline_task = (number, tid)
                channel.emit(kinds.POOL_SUBMIT, number, tid, name, depth=4)
            return tid

        lane = channel.current_lane()
        lane.pool = (number, submit, fid, line)
        try:
            orig_init(self, *args, **kwargs)
        except BaseException as e:
            drop_tracer_frames(e)
            raise
        finally:
            lane.pool = None

    def run(self):
        # The library's run drops its reference to the work item once the task has raised ("Break a reference cycle
        # with the exception"). This frame holds none while it runs either: the exception's traceback reaches it, and
        # the item, its future and that exception would keep each other (and the worker thread) alive until the
        # cycle collector runs. The item is handed over in a list the call empties.
        item = [self]
        task = self.__dict__.get("_threadline_task")
        if task is None or self.future.cancelled():
            del self
            return orig_run(item.pop())
        number, tid, name, fid, line = task
        lane = channel.current_lane()
        channel.emit_at(lane, channel.now_ns(), kinds.POOL_TASK_BEGIN, number, tid, name, 0, fid, line)
        lane.task_end = (self.future, number, tid, name, fid, line)
        del self
        try:
            return orig_run(item.pop())
        finally:
            if lane.task_end is not None:  # cancelled after all: nothing settled it
                _end_task(lane, False)

    __init__.__wrapped__ = orig_init
    patch(TPE, "__init__", __init__)
    patch(WorkItem, "run", run)
    Future = thread_module._base.Future
    Future.set_result = _settling(Future.set_result, False)
    Future.set_exception = _settling(Future.set_exception, True)


def _end_task(lane, raised):
    _, number, tid, name, fid, line = lane.task_end
    lane.task_end = None
    channel.emit_at(lane, channel.now_ns(), kinds.POOL_TASK_END, number, tid, name, kinds.RAISED if raised else 0,
                    fid, line)


def _settling(orig, raised):
    """orig (Future.set_result or set_exception) that first ends the pool task it settles, if it does."""

    local = channel._local  # a thread with no lane yet runs no traced task: none is made for it here

    def settle(self, *args, **kwargs):
        lane = getattr(local, "lane", None)
        if lane is not None and lane.task_end is not None and lane.task_end[0] is self:
            _end_task(lane, raised)
        try:
            return orig(self, *args, **kwargs)
        except BaseException as e:  # InvalidStateError of a future settled twice: its traceback the program's
            drop_tracer_frames(e)
            raise

    return functools.update_wrapper(settle, orig)
