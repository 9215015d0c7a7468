import threading
import time

FOO_SECONDS = 4
BAR_SECONDS = 2
BAR_FIRST = False


def foo():
    time.sleep(FOO_SECONDS)
    print("foo: done")


def bar():
    time.sleep(BAR_SECONDS)
    print("bar: done")


f = threading.Thread(target=foo)
b = threading.Thread(target=bar)
f.start()
b.start()
if BAR_FIRST:
    b.join()  # blocks until bar ends
    f.join()  # blocks for the rest of foo's sleep
else:
    f.join()  # blocks until foo ends; bar ends meanwhile
    b.join()  # returns at once: bar has already ended
print("main: both joined")
