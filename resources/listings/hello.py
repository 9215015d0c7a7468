import threading

START_TWICE = True


def greet(name):
    print(f"Hello, {name}!")


t = threading.Thread(target=greet, args=("world",))
t.start()
t.join()
if START_TWICE:
    t.start()  # RuntimeError: threads can only be started once
