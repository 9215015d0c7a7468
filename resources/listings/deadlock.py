import threading
import time

CONSISTENT_ORDER = False
PAUSE_SECONDS = 0.1

a = threading.Lock()
b = threading.Lock()


def one():
    with a:
        time.sleep(PAUSE_SECONDS)  # two takes its first lock meanwhile
        with b:
            print("one: has both locks")


def two():
    first, second = (a, b) if CONSISTENT_ORDER else (b, a)
    with first:
        time.sleep(PAUSE_SECONDS)
        with second:  # in the opposite order, a is one's: both wait for ever
            print("two: has both locks")


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
t1.join()
t2.join()
print("main: both done")
