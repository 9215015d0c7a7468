import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

WORKERS = 8     # pool threads serving connections
CLIENTS = 12    # client threads, one connection each
MESSAGES = 3    # messages each client sends
THINK = 0.2     # seconds a client waits after each echo


def handle(conn):
    with conn:
        while data := conn.recv(1024):
            conn.sendall(data)


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
clients = []
with ThreadPoolExecutor(max_workers=WORKERS) as pool:
    for n in range(CLIENTS):
        c = threading.Thread(target=client, args=(port, n))
        c.start()
        clients.append(c)
        conn, addr = server.accept()
        pool.submit(handle, conn)
    for c in clients:
        c.join()
print(f"main: {CLIENTS} clients served by {WORKERS} pool threads")
