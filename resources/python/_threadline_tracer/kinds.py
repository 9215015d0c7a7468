"""The event kinds the tracer sends, numbered for the wire; the names are Threadline's (trace/event.h).

The table goes out once, before any event, so the reader maps codes by name and never by number:
a kind an older Threadline does not know is skipped and counted there, not misread.
"""

THREAD_CREATED = 0  # lane = new thread; a = creating lane, b = name, c = target name; flags: daemon
START = 1  # a = started lane, b = target name; flags: daemon
RUN_BEGIN = 2
RUN_END = 3
SLEEP_BEGIN = 4  # c = requested scenario microseconds
SLEEP_END = 5
PUT_BLOCKED = 6  # a = queue, b = timeout in scenario ms or NO_VALUE, c = depth
PUT = 7  # a = queue, b = item, c = depth after; flags: timed out
GET_BLOCKED = 8  # a = queue, b = timeout in scenario ms or NO_VALUE, c = depth
GET = 9  # a = queue, b = item, c = depth after; flags: timed out
TASK_DONE = 10  # a = queue, c = unfinished tasks after
QUEUE_JOIN_BEGIN = 11
QUEUE_JOIN_END = 12
JOIN_BEGIN = 13  # a = target lane, c = timeout in scenario ms or 0xFFFFFFFF
JOIN_END = 14  # a = target lane; flags: timed out
EXIT_WAIT_BEGIN = 15
EXIT_WAIT_END = 16
EXIT = 17
DAEMON_STOPPED = 18
PRINT = 20  # a = text; flags: 1 = stderr
ERROR = 21  # a = exception type, b = message
QUEUE_CREATED = 22  # a = queue, b = name, c = maxsize
POOL_SUBMIT = 23  # a = executor, b = task, c = task name
POOL_TASK_BEGIN = 24
POOL_TASK_END = 25  # as the begin (a = executor, b = task, c = task name); flags: raised
SOCKET_BEGIN = 26  # flags: op (0 accept, 1 recv, 2 send, 3 connect); a = connection
SOCKET_END = 27  # a = connection, c = bytes
# The synchronization primitives (locks.py, conditions.py, semaphores.py, sync.py): a = the primitive; b = a wake
# word pairing what woke a wait with the waits it woke (0: none).
SYNC_CREATED = 28  # a = primitive, b = name, c = SyncType
ACQUIRE_BLOCKED = 29  # c = timeout in scenario ms or NO_VALUE
ACQUIRED = 30  # b = wake, c = count after (NO_VALUE when timed out); flags: timed out
RELEASED = 31  # b = wake, c = count after
COND_WAIT_BEGIN = 32  # c = timeout in scenario ms or NO_VALUE
COND_WAIT_END = 33  # b = wake; flags: timed out
NOTIFY = 34  # b = wake, c = waiters woken
NOTIFY_ALL = 35  # b = wake, c = waiters woken
EVENT_WAIT_BEGIN = 36  # c = timeout in scenario ms or NO_VALUE
EVENT_WAIT_END = 37  # b = wake; flags: timed out
EVENT_SET = 38  # b = wake, c = waiters woken
EVENT_CLEAR = 39
BARRIER_WAIT_BEGIN = 40  # b = wake (the last arrival's, which releases the others), c = timeout in ms
BARRIER_WAIT_END = 41  # b = wake, c = index; flags: timed out (BrokenBarrierError)
BARRIER_BROKEN = 42
TIMER_FIRED = 43  # on the timer's lane: the interval passed, the function is called
TIMER_CANCELLED = 44  # a = the timer's lane
START_WAIT_BEGIN = 45  # a = the started lane: start() waits for it to begin
START_WAIT_END = 46  # a = the started lane: start() returns
# A wait for futures (futures.py) that really blocks: a = executor, b = task (NO_VALUE and 0: several
# futures, or none a pool runs), c = timeout in scenario ms; the end names the task whose end released it.
FUTURE_WAIT_BEGIN = 47
FUTURE_WAIT_END = 48  # a = executor, b = task (0: none); flags: timed out (a, b: the begin's)
SIGNAL_HANDLER = 49  # signal.signal(): a = the signal's name, b = the handler's name, c = 1 if the program's own
THREAD_NAME = 50  # on the renamed lane: a = its new name, b = c = NO_VALUE (no group, no sort index); flags: daemon
STOPPED = 51  # a thread that is no daemon, cut at an exit whose wait for it was cut short (mainthread.finish)
ITEM_VALUE = 52  # after a put: a = queue, b = item, c = the item's short repr (values.py); flags NUMBER: c is the item

TABLE = (
    (THREAD_CREATED, "thread-created"),
    (START, "start"),
    (RUN_BEGIN, "run-begin"),
    (RUN_END, "run-end"),
    (SLEEP_BEGIN, "sleep-begin"),
    (SLEEP_END, "sleep-end"),
    (PUT_BLOCKED, "put-blocked"),
    (PUT, "put"),
    (GET_BLOCKED, "get-blocked"),
    (GET, "get"),
    (TASK_DONE, "task_done"),
    (QUEUE_JOIN_BEGIN, "queue-join-begin"),
    (QUEUE_JOIN_END, "queue-join-end"),
    (JOIN_BEGIN, "join-begin"),
    (JOIN_END, "join-end"),
    (EXIT_WAIT_BEGIN, "exit-wait-begin"),
    (EXIT_WAIT_END, "exit-wait-end"),
    (EXIT, "exit"),
    (DAEMON_STOPPED, "daemon-stopped"),
    (PRINT, "print"),
    (ERROR, "error"),
    (QUEUE_CREATED, "queue-created"),
    (POOL_SUBMIT, "pool-submit"),
    (POOL_TASK_BEGIN, "pool-task-begin"),
    (POOL_TASK_END, "pool-task-end"),
    (SOCKET_BEGIN, "socket-begin"),
    (SOCKET_END, "socket-end"),
    (SYNC_CREATED, "sync-created"),
    (ACQUIRE_BLOCKED, "acquire-blocked"),
    (ACQUIRED, "acquired"),
    (RELEASED, "released"),
    (COND_WAIT_BEGIN, "cond-wait-begin"),
    (COND_WAIT_END, "cond-wait-end"),
    (NOTIFY, "notify"),
    (NOTIFY_ALL, "notify_all"),
    (EVENT_WAIT_BEGIN, "event-wait-begin"),
    (EVENT_WAIT_END, "event-wait-end"),
    (EVENT_SET, "set"),
    (EVENT_CLEAR, "clear"),
    (BARRIER_WAIT_BEGIN, "barrier-wait-begin"),
    (BARRIER_WAIT_END, "barrier-wait-end"),
    (BARRIER_BROKEN, "broken"),
    (TIMER_FIRED, "timer-fired"),
    (TIMER_CANCELLED, "timer-cancelled"),
    (START_WAIT_BEGIN, "start-wait-begin"),
    (START_WAIT_END, "start-wait-end"),
    (FUTURE_WAIT_BEGIN, "future-wait-begin"),
    (FUTURE_WAIT_END, "future-wait-end"),
    (SIGNAL_HANDLER, "signal-handler"),
    (THREAD_NAME, "thread-name"),
    (STOPPED, "stopped"),
    (ITEM_VALUE, "item-value"),
)

NO_VALUE = 0xFFFFFFFF
TIMED_OUT = 1
# A wait an exception ended (a signal handler's, Ctrl+C's KeyboardInterrupt): nothing done, as when it times out, and
# said so (trace/event.h's EventFlag::Interrupted). On the kinds that have TIMED_OUT.
ENDED_BY_EXCEPTION = TIMED_OUT | 2
DAEMON = 1
RAISED = 1
STDERR = 1
NUMBER = 1  # ITEM_VALUE: the item is a whole number of 32 bits, and c is that number
