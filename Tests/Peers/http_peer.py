"""What the HTTP peers (http_sink.py, m365_peer.py) share: a threading server on 127.0.0.1, a
handler that takes any method, reads Content-Length and chunked bodies and sends an answer with
Content-Length (keep-alive works), and the serving loop: `READY <port>` on stdout once listening,
a clean stop on SIGTERM / SIGINT (exit status 0) or when the parent dies.

Not run by itself: each peer imports it from its own folder (Python puts a script's folder first
on the module path) and keeps its own command line, recording and answers.
"""

import http.server
import os
import signal
import sys
import threading


def logger(name):
    """A function writing `name: message` lines to stderr, flushed (stdout is for READY only)."""

    def log(message):
        sys.stderr.write(f"{name}: {message}\n")
        sys.stderr.flush()

    return log


def repeated(step):
    """A script step as many times as its "times" says (1 when it says nothing)."""
    times = step.get("times", 1)
    if not isinstance(times, int) or times < 1:
        raise ValueError(f"step times must be a positive integer: {step!r}")
    return [step] * times


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Handler(http.server.BaseHTTPRequestHandler):
    """Every method lands in `handle_any`, which a peer's handler defines; `server_name` is what
    the Server header says and `log` where request lines go."""

    protocol_version = "HTTP/1.1"
    server_name = "frist-http-peer/1"
    log = staticmethod(logger("http_peer"))

    def version_string(self):
        return self.server_name

    # Any method: do_GET, do_POST, do_PATCH, do_FOO ... all land in handle_any.
    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)

    def log_message(self, format, *args):
        self.log(f"{self.address_string()} {format % args}")

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("connection closed inside a chunked body")
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers, up to the empty line
                        trailer = self.rfile.readline(65537)
                        if trailer in (b"\r\n", b"\n", b""):
                            break
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)  # CRLF after the chunk
            return b"".join(chunks)
        length = self.headers.get("Content-Length")
        if length:
            return self.rfile.read(int(length))
        return b""

    def request_headers(self):
        """The request's headers, names lowercased, repeated ones joined with ", "."""
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return headers

    def send_answer(self, status, body, content_type, headers):
        """Sends `status` with `headers` (name, value pairs, in order) and `body` (bytes). Content-Type
        (when `content_type` is given) and Content-Length are added unless `headers` has them;
        1xx, 204 and 304 carry neither, nor a body, and HEAD gets no body."""
        no_body = status < 200 or status in (204, 304)
        self.send_response(status)
        lower = {name.lower() for name, _ in headers}
        if not no_body:
            if content_type and "content-type" not in lower:
                self.send_header("Content-Type", content_type)
            if "content-length" not in lower:
                self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, str(value))
        self.end_headers()
        if not no_body and self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()


def watch_parent(stop, log):
    parent = os.getppid()
    while not stop.wait(0.5):
        if os.getppid() != parent:
            log("parent exited; stopping")
            stop.set()


def serve(server, log):
    """Serves until SIGTERM, SIGINT or the parent's death, after printing `READY <port>`; returns 0."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # A parent may have started us with these signals blocked (inherited mask): unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    serving.start()
    threading.Thread(target=watch_parent, args=(stop, log), daemon=True).start()
    sys.stdout.write(f"READY {server.server_address[1]}\n")
    sys.stdout.flush()

    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0
