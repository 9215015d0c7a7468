import threading
import time

WORKERS = 10
CONNECTIONS = 3
QUERY_SECONDS = 0.5

connections = threading.BoundedSemaphore(CONNECTIONS)


def query():
    with connections:  # at most CONNECTIONS threads in here at once
        time.sleep(QUERY_SECONDS)


workers = [threading.Thread(target=query) for _ in range(WORKERS)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("all queries done")
