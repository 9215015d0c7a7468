import queue
import threading
import time

PRODUCERS = 2
CONSUMERS = 3
ITEMS = 20        # in total, shared among the producers
MAXSIZE = 5       # 0: unbounded; otherwise put() blocks while the queue is full
INTERVAL = 0.2    # seconds between two puts of one producer
WORK = 0.5        # seconds of work per item

q = queue.Queue(maxsize=MAXSIZE)


def producer(first):
    for item in range(first, ITEMS, PRODUCERS):
        q.put(item)
        time.sleep(INTERVAL)


def consumer():
    while True:
        item = q.get()
        time.sleep(WORK)
        print(f"item {item} done")
        q.task_done()


producers = [threading.Thread(target=producer, args=(p,)) for p in range(PRODUCERS)]
consumers = [threading.Thread(target=consumer, daemon=True) for _ in range(CONSUMERS)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
q.join()
print("main: every item is done; the consumers are daemons, cut at exit")
