import threading
import time

WORKERS = 5
SECONDS = 10


def worker(n):
    print(f"worker {n}: going to sleep")
    time.sleep(SECONDS)
    print(f"worker {n}: awake")


for n in range(WORKERS):
    threading.Thread(target=worker, args=(n,)).start()
print("main: my code ends here; Python waits for the workers at exit")
