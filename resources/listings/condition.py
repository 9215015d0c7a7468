import threading
import time

ITEMS = 6
CAPACITY = 2
PRODUCE_SECONDS = 0.05
CONSUME_SECONDS = 0.2

buffer = []
changed = threading.Condition()


def producer():
    for item in range(ITEMS):
        time.sleep(PRODUCE_SECONDS)  # make the item
        with changed:
            changed.wait_for(lambda: len(buffer) < CAPACITY)  # full: wait for room
            buffer.append(item)
            changed.notify()  # wake the consumer if it waits for an item


def consumer():
    for _ in range(ITEMS):
        with changed:
            changed.wait_for(lambda: buffer)  # empty: wait for an item
            item = buffer.pop(0)
            changed.notify()  # wake the producer if it waits for room
        time.sleep(CONSUME_SECONDS)  # use the item, outside the lock
        print(f"consumed {item}")


threads = [threading.Thread(target=consumer), threading.Thread(target=producer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
