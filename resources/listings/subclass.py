import threading
import time

SECONDS = 5


class Sleeper(threading.Thread):
    def run(self):
        time.sleep(SECONDS)
        print(f"{self.name}: awake after {SECONDS} s")


t = Sleeper()
t.start()
t.join()
print("main: the sleeper has finished")
