import threading
import time

RUNNERS = 3
READY_SECONDS = 1

start_gun = threading.Event()


def runner():
    start_gun.wait()  # on the line until the gun
    print(f"{threading.current_thread().name}: off")


runners = [threading.Thread(target=runner) for _ in range(RUNNERS)]
for r in runners:
    r.start()
time.sleep(READY_SECONDS)  # ready, steady...
start_gun.set()  # one set() releases every waiting runner
for r in runners:
    r.join()
