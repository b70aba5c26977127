"""A small HTTP proxy on loopback that breaks requests the ways a mobile link does.

Each request from the client is read whole, then handled by the next planned fault
whose path prefix matches (or passed through when none is left):

- ``drop_after_forward``: the server gets the request and answers; the client gets
  nothing, the connection just closes (the answer was "lost").
- ``slow``: the answer arrives after ``delay`` seconds.
- ``hang``: nothing is forwarded and nothing comes back until the client gives up.
- ``status_500`` / ``status_503``: an error page, the latter with ``Retry-After``.
- ``truncate``: half the answer's body, then the connection closes (Content-Length
  promised more).
- ``truncate_fixed_length``: half the body with a Content-Length that matches it.
- ``captive``: a 200 HTML login page, as hotel and café Wi-Fi sends.

Every connection carries one request (``Connection: close``), so a fault never leaks
into the next request.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass

CAPTIVE_PAGE = (b"<html><head><title>Login</title></head><body>"
                b"<form>Sign in to use the Wi-Fi</form></body></html>")


@dataclass
class Fault:
    path: str
    action: str
    times: int = 1
    delay: float = 0.0
    retry_after: int = 1


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


def _with_header(head: bytes, name: bytes, value: bytes) -> bytes:
    lines = [line for line in head.split(b"\r\n")
             if line.partition(b":")[0].strip().lower() != name.lower()]
    return b"\r\n".join(lines + [name + b": " + value])


class FaultProxy:
    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.1)  # so stop() is noticed without waiting on accept()
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str]] = []  # (path, what happened)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self.listener.close()
        self._thread.join(timeout=5)

    def add(self, path: str, action: str, times: int = 1, **options: float) -> None:
        with self._lock:
            self.faults.append(Fault(path, action, times, **options))

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if path.startswith(fault.path) and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _forward(self, request: bytes) -> bytes:
        head, _, body = request.partition(b"\r\n\r\n")
        head = _with_header(head, b"Connection", b"close")
        with socket.create_connection(self.upstream, timeout=30) as up:
            up.sendall(head + b"\r\n\r\n" + body)
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = _read_request(conn)
                if request is None:
                    return
                path = request.split(b" ", 2)[1].decode("latin-1")
                fault = self._next_fault(path)
                action = fault.action if fault else "pass"
                with self._lock:
                    self.log.append((path, action))
                self._act(conn, request, fault)
            except OSError:
                return

    def _act(self, conn: socket.socket, request: bytes, fault: Fault | None) -> None:
        action = fault.action if fault else "pass"
        if action == "hang":
            self._stop.wait(60)
            return
        if action in ("status_500", "status_503"):
            status = b"500 Internal Server Error" if action == "status_500" else \
                b"503 Service Unavailable"
            extra = b"" if action == "status_500" else \
                b"Retry-After: %d\r\n" % int(fault.retry_after)
            body = b"<html>upstream error</html>"
            conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html\r\n" + extra
                         + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
                         + body)
            return
        if action == "captive":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                         b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(CAPTIVE_PAGE)
                         + CAPTIVE_PAGE)
            return
        response = self._forward(request)
        if action == "drop_after_forward":
            return  # the server has done its work; the answer is lost
        head, _, body = response.partition(b"\r\n\r\n")
        head = _with_header(head, b"Connection", b"close")
        if action == "slow":
            time.sleep(fault.delay)
        if action == "truncate":
            conn.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
            return
        if action == "truncate_fixed_length":
            half = body[: len(body) // 2]
            head = _with_header(head, b"Content-Length", str(len(half)).encode())
            conn.sendall(head + b"\r\n\r\n" + half)
            return
        conn.sendall(head + b"\r\n\r\n" + body)
