import threading
import time

WORKERS = 3
PHASES = 3
STEP_SECONDS = 0.2
TIMEOUT_SECONDS = 1
LATE_SECONDS = 1.5

barrier = threading.Barrier(WORKERS, timeout=TIMEOUT_SECONDS)


def work(index):
    for phase in range(PHASES):
        late = index == WORKERS - 1 and phase == PHASES - 1
        time.sleep(LATE_SECONDS if late else STEP_SECONDS * (index + 1))  # this phase's share
        try:
            barrier.wait()  # nobody begins the next phase before all have ended this one
        except threading.BrokenBarrierError:  # the first waiter timed out: the barrier broke for all
            print(f"phase {phase}: the barrier is broken")
            return


workers = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
for w in workers:
    w.start()
for w in workers:
    w.join()
