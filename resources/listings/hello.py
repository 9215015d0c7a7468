import threading


def greet(name):
    print(f"Hello, {name}!")


t = threading.Thread(target=greet, args=("world",))
t.start()
t.join()
t.start()  # RuntimeError: threads can only be started once
