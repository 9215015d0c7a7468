import threading
import time

THREADS = 2
INCREMENTS = 3
YIELD_SECONDS = 0.1
WORK_SECONDS = 0.05

counter = 0
counter_lock = threading.Lock()


def increment():
    global counter
    name = threading.current_thread().name
    for _ in range(INCREMENTS):
        with counter_lock:  # one thread at a time from read to write
            value = counter
            print(f"{name} read {value}")
            time.sleep(YIELD_SECONDS)  # the other thread waits for the lock meanwhile
            counter = value + 1
            print(f"{name} wrote {value + 1}")
        time.sleep(WORK_SECONDS)  # work that needs no lock


threads = [threading.Thread(target=increment) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"counter = {counter}, expected {THREADS * INCREMENTS}")
