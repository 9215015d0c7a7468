import threading
import time

INTERVAL = 1
MAIN_SECONDS = 3.5


def heartbeat():
    beats = 0
    while True:
        time.sleep(INTERVAL)
        beats += 1
        print(f"heartbeat {beats}")


threading.Thread(target=heartbeat, daemon=True).start()
time.sleep(MAIN_SECONDS)
print("main: done; the daemon is cut at exit")
