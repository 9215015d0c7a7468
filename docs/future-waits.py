import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, CancelledError


def work(seconds, value):
    time.sleep(seconds)
    return value


with ThreadPoolExecutor(max_workers=2) as pool:
    first = pool.submit(work, 0.2, 1)
    first.add_done_callback(lambda f: time.sleep(0.05))
    print(first.result())
    slow, quick = pool.submit(work, 0.4, 2), pool.submit(work, 0.2, 3)
    wait([slow, quick])
    late = pool.submit(work, 0.6, 4)
    try:
        late.result(timeout=0.1)
    except TimeoutError:
        print("timed out")
    print(late.result())
    for f in as_completed([pool.submit(work, 0.2, 5), pool.submit(work, 0.4, 6)]):
        print(f.result())
    blockers = [pool.submit(work, 0.4, 7), pool.submit(work, 0.4, 8)]
    doomed = pool.submit(work, 0.1, 9)
    canceller = threading.Thread(target=lambda: (time.sleep(0.1), doomed.cancel()))
    canceller.start()
    try:
        doomed.result()
    except CancelledError:
        print("cancelled")
    canceller.join()
    print(first.result())
