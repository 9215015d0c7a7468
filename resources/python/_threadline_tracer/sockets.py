"""Blocking socket calls as the socket states (patched when the program imports socket): accept,
recv, send/sendall and connect on socket.socket each send socket-begin (flags: the op; a: the
connection) and socket-end (a: the connection, for accept the new one; c: bytes moved).

Connections are numbered as the engine numbers them: each socket gets an id the first time a traced
call sees it (connect, or accept for the accepted side); a listener is 0. A socket in non-blocking mode
(timeout 0, as asyncio sets it) is not traced: its calls never wait.
"""

import _socket
import itertools
from _weakref import ref as _weak  # not weakref's WeakKeyDictionary: socket does not import weakref, untraced

from . import channel, kinds
from .frames import drop_tracer_frames
from .patch import patch

ACCEPT, RECV, SEND, CONNECT = 0, 1, 2, 3
_ids = {}  # id(socket) -> (a weak reference to it, its connection id), until the socket is collected
_next_id = itertools.count(1)


def _id(sock):
    key = id(sock)
    entry = _ids.get(key)
    if entry is not None and entry[0]() is sock:
        return entry[1]
    cid = next(_next_id)
    _ids[key] = (_weak(sock, lambda ref, key=key: _forget(key, ref)), cid)
    return cid


def _forget(key, ref):
    entry = _ids.get(key)
    if entry is not None and entry[0] is ref:  # not a newer socket's, made at the same address since
        del _ids[key]


def _call(op, sock, cid, method, args, moved):
    channel.emit(kinds.SOCKET_BEGIN, cid, 0, 0, op, depth=3)
    try:
        result = method(sock, *args)
    except BaseException as e:
        channel.emit(kinds.SOCKET_END, cid, 0, 0, op, depth=3)
        drop_tracer_frames(e)
        raise
    channel.emit(kinds.SOCKET_END, cid, 0, moved(result, args), op, depth=3)
    return result


def install(socket_module):
    cls = socket_module.socket
    orig_accept = cls.accept
    c_recv, c_send, c_sendall, c_connect = _socket.socket.recv, _socket.socket.send, _socket.socket.sendall, \
        _socket.socket.connect

    def accept(self):
        if self.gettimeout() == 0.0:
            return orig_accept(self)
        channel.emit(kinds.SOCKET_BEGIN, 0, 0, 0, ACCEPT)
        try:
            conn, address = orig_accept(self)
        except BaseException as e:
            channel.emit(kinds.SOCKET_END, 0, 0, 0, ACCEPT)
            drop_tracer_frames(e)
            raise
        channel.emit(kinds.SOCKET_END, _id(conn), 0, 0, ACCEPT)
        return conn, address

    def recv(self, *args, **keywords):
        try:
            if keywords or self.gettimeout() == 0.0:  # keywords: the C method's own TypeError
                return c_recv(self, *args, **keywords)
            return _call(RECV, self, _id(self), c_recv, args, lambda data, a: len(data))
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def send(self, *args, **keywords):
        try:
            if keywords or self.gettimeout() == 0.0:  # keywords: the C method's own TypeError
                return c_send(self, *args, **keywords)
            return _call(SEND, self, _id(self), c_send, args, lambda n, a: n)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def sendall(self, *args, **keywords):
        try:
            if keywords or self.gettimeout() == 0.0:  # keywords: the C method's own TypeError
                return c_sendall(self, *args, **keywords)
            return _call(SEND, self, _id(self), c_sendall, args, lambda _, a: len(a[0]) if a else 0)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    def connect(self, *args, **keywords):
        try:
            if keywords or self.gettimeout() == 0.0:  # keywords: the C method's own TypeError
                return c_connect(self, *args, **keywords)
            return _call(CONNECT, self, _id(self), c_connect, args, lambda _, a: 0)
        except BaseException as e:
            drop_tracer_frames(e)
            raise

    for name, fn in (("accept", accept), ("recv", recv), ("send", send), ("sendall", sendall),
                     ("connect", connect)):
        patch(cls, name, fn)
