import queue
import socket
import threading
import time

WORKERS = 8     # daemon threads serving connections
CLIENTS = 12    # client threads, one connection each
MESSAGES = 3    # messages each client sends
THINK = 0.2     # seconds a client waits after each echo


def handle(q):
    while True:
        conn = q.get()
        with conn:
            while data := conn.recv(1024):
                conn.sendall(data)
        q.task_done()


def client(port, n):
    with socket.create_connection(("127.0.0.1", port)) as s:
        for i in range(MESSAGES):
            msg = f"client {n} message {i}".encode()
            s.sendall(msg)
            echo = s.recv(len(msg), socket.MSG_WAITALL)
            if echo != msg:
                raise RuntimeError(f"expected {msg!r}, got {echo!r}")
            time.sleep(THINK)
    print(f"client {n}: {MESSAGES} echoes ok")


server = socket.create_server(("127.0.0.1", 0))
port = server.getsockname()[1]
q = queue.Queue()
for _ in range(WORKERS):
    threading.Thread(target=handle, args=(q,), daemon=True).start()

clients = []
for n in range(CLIENTS):
    c = threading.Thread(target=client, args=(port, n))
    c.start()
    clients.append(c)
    conn, addr = server.accept()
    q.put(conn)
for c in clients:
    c.join()
q.join()
print(f"main: {CLIENTS} clients served by {WORKERS} workers")
