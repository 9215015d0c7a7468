import threading
import time

THREADS = 2
INCREMENTS = 3
YIELD_SECONDS = 0.1

counter = 0


def increment():
    global counter
    name = threading.current_thread().name
    for _ in range(INCREMENTS):
        value = counter  # read
        print(f"{name} read {value}")
        time.sleep(YIELD_SECONDS)  # another thread runs here, and reads the same value
        counter = value + 1  # write: whatever the other thread wrote meanwhile is lost
        print(f"{name} wrote {value + 1}")


threads = [threading.Thread(target=increment) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"counter = {counter}, expected {THREADS * INCREMENTS}")
