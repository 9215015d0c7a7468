"""A program of your own, traced by Threadline: four workers fetch pages from a queue while a reporter
prints what they got. (The network is a sleep, so that it runs anywhere.)"""
import queue
import random
import threading
import time

URLS = [f"https://example.org/page/{i}" for i in range(24)]
WORKERS = 4

random.seed(11)
todo = queue.Queue()
done = queue.Queue()


def fetch(url):
    time.sleep(random.uniform(0.1, 0.7))  # stands for the network
    return 100 * len(url)


def worker():
    while (url := todo.get()) is not None:
        done.put((url, fetch(url)))
        todo.task_done()
    todo.task_done()


def reporter():
    total = 0
    for _ in URLS:
        url, size = done.get()
        total += size
        print(f"{url}: {size} bytes")
    print(f"total: {total} bytes")


threads = [threading.Thread(target=worker, name=f"worker-{i}") for i in range(WORKERS)]
threads.append(threading.Thread(target=reporter, name="reporter"))
for t in threads:
    t.start()
for url in URLS:
    todo.put(url)
for _ in range(WORKERS):
    todo.put(None)
todo.join()
for t in threads:
    t.join()
