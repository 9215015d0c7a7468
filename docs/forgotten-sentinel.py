import queue
import threading
import time

jobs = queue.Queue()


def consumer():
    while (item := jobs.get()) is not None:
        time.sleep(0.1)  # the work
    print("consumer done")


t = threading.Thread(target=consumer, name="consumer")
t.start()
for i in range(3):
    jobs.put(i)
t.join()  # jobs.put(None), the sentinel, is forgotten: every thread waits for ever
