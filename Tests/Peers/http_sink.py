#!/usr/bin/env python3
"""A real HTTP/1.1 server for Frist's delivery tests: records every request, answers from a script.

Usage:
    python3 http_sink.py --port 0 --record FILE.jsonl [--script SCRIPT.json | --script-json '[...]']

Binds 127.0.0.1 only (port 0 = ephemeral). Once listening it prints exactly one line
`READY <port>` to stdout and flushes; nothing else is ever written to stdout (logs go to stderr).

Every request (any method, any path) is appended to the record file as one JSON line, flushed and
fsynced before any answer is sent:
    {"n": 1, "method": "POST", "path": "/x", "query": "a=1", "version": "HTTP/1.1",
     "headers": {"content-type": "..."}, "body": "...",
     "conn": 1, "conn_request": 1, "at": 1631775600.123}
`n` counts requests from 1 across all connections; `conn` numbers the TCP connection (from 1) and
`conn_request` counts requests on that connection (2 or more means keep-alive reuse); `at` is
when the request's body was in (seconds since the epoch), for tests that time arrivals. Header names
are lowercased; repeated headers are joined with ", ". A body that is not UTF-8 is recorded as
"body": null plus "body_base64". Request bodies may come with Content-Length or chunked.

The script is a JSON list of steps used in order, one per request, the last one repeating forever
(default `[{"status": 200, "body": "ok"}]`). A step is one of:
    {"status": 503, "body": "down", "headers": {"X-A": "b"}}   answer (body: string, or any JSON
                                                                value, sent as JSON)
    {"status": 429, "headers": {"Retry-After": "2"}}           same thing, body defaults to ""
    {"action": "hang", "seconds": 5}                            read the request, answer nothing
                                                                for N s, then close the connection
    {"action": "reset"}                                         read the request, then close with
                                                                SO_LINGER 0: the client sees RST
Optional on an answer step: "echo": WHAT (or a list of them, joined by spaces) appends part of
the request to the body (a string body), as gateways that quote a bad request in their error do:
    "last_segment"      the last segment of the request path (`/hooks/T0KEN-1` -> `T0KEN-1`)
    "url"               the full URL as received: `http://HOST/path?query`
    "json_url"          the same, JSON-escaped the PHP way: `http:\\/\\/127.0.0.1:PORT\\/path`
    "header:NAME"       the value of request header NAME (any case; "" when absent)
    {"status": 400, "body": "invalid token ", "echo": "last_segment"}
Optional on any step: "times": N (use this step for N requests before moving on) and
"delay": S (wait S seconds before answering). Every answer carries Content-Length (except 1xx/204/
304, which carry no body) so HTTP/1.1 keep-alive works; the connection stays open unless the
client asks for `Connection: close` or the step's headers say `Connection: close`.

SIGTERM / SIGINT stop it cleanly (exit status 0). It also exits by itself if its parent dies.
"""

import argparse
import base64
import io
import json
import os
import socket
import struct
import sys
import threading
import time

import http_peer

DEFAULT_SCRIPT = [{"status": 200, "body": "ok"}]


log = http_peer.logger("http_sink")


class Script:
    """The steps, expanded by "times", consumed in order; the last repeats."""

    def __init__(self, steps):
        if not isinstance(steps, list) or not steps:
            raise ValueError("script must be a non-empty JSON list of steps")
        self.steps = []
        for step in steps:
            if not isinstance(step, dict):
                raise ValueError(f"script step is not an object: {step!r}")
            action = step.get("action")
            if action is None:
                if not isinstance(step.get("status", 200), int):
                    raise ValueError(f"step status must be an integer: {step!r}")
            elif action not in ("hang", "reset"):
                raise ValueError(f"unknown step action: {action!r}")
            for what in echoes(step):
                if what not in ("last_segment", "url", "json_url") and not what.startswith("header:"):
                    raise ValueError(f"unknown step echo: {what!r}")
            if echoes(step) and not isinstance(step.get("body", ""), str):
                raise ValueError(f"echo needs a string body: {step!r}")
            self.steps.extend(http_peer.repeated(step))
        self.index = 0

    def next(self):
        step = self.steps[min(self.index, len(self.steps) - 1)]
        self.index += 1
        return step


def echoes(step):
    """The step's "echo" as a list (it may be given as one string)."""
    echo = step.get("echo", [])
    return [echo] if isinstance(echo, str) else list(echo)


def echoed(what, handler):
    """The part of the request that `what` names (see the module docstring)."""
    url = f"http://{handler.headers.get('Host', '')}{handler.path}"
    if what == "last_segment":
        return handler.path.partition("?")[0].rstrip("/").rsplit("/", 1)[-1]
    if what == "url":
        return url
    if what == "json_url":
        return url.replace("/", "\\/")
    return handler.headers.get(what.partition(":")[2], "")


class Recorder:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.count = 0

    def record(self, entry, script):
        """Numbers, writes and fsyncs the request, and takes its step, all in one critical section."""
        with self.lock:
            self.count += 1
            entry = {"n": self.count, **entry}
            self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.file.flush()
            os.fsync(self.file.fileno())
            return script.next()


class Server(http_peer.Server):
    def __init__(self, address, recorder, script):
        self.recorder = recorder
        self.script = script
        self.connection_count = 0
        self.connection_lock = threading.Lock()
        super().__init__(address, Handler)

    def next_connection(self):
        with self.connection_lock:
            self.connection_count += 1
            return self.connection_count


class Handler(http_peer.Handler):
    server_name = "frist-http-sink/1"
    log = staticmethod(log)

    def setup(self):
        super().setup()
        self.conn_number = self.server.next_connection()
        self.conn_requests = 0

    def handle_any(self):
        self.conn_requests += 1
        body = self.read_body()
        path, _, query = self.path.partition("?")
        headers = self.request_headers()
        entry = {
            "method": self.command,
            "path": path,
            "query": query,
            "version": self.request_version,
            "headers": headers,
            "conn": self.conn_number,
            "conn_request": self.conn_requests,
            "at": time.time(),
        }
        try:
            entry["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            entry["body"] = None
            entry["body_base64"] = base64.b64encode(body).decode("ascii")
        step = self.server.recorder.record(entry, self.server.script)

        if step.get("delay"):
            time.sleep(float(step["delay"]))
        action = step.get("action")
        if action == "hang":
            self.close_connection = True
            self.log_message('"%s" hang %ss', self.requestline, step.get("seconds", 3600))
            time.sleep(float(step.get("seconds", 3600)))
            return
        if action == "reset":
            self.close_connection = True
            self.log_message('"%s" reset', self.requestline)
            self.reset_connection()
            return
        self.answer(step)

    def answer(self, step):
        status = int(step.get("status", 200))
        headers = dict(step.get("headers") or {})
        body = step.get("body", "")
        if echoes(step):
            body = str(body) + " ".join(echoed(what, self) for what in echoes(step))
        if isinstance(body, str):
            data = body.encode("utf-8")
            content_type = "text/plain; charset=utf-8"
        else:
            data = json.dumps(body).encode("utf-8")
            content_type = "application/json"
        self.send_answer(status, data, content_type, list(headers.items()))

    def reset_connection(self):
        """Closes the socket with SO_LINGER {on, 0}: the kernel sends RST instead of FIN.

        The socket must really close here (the makefile() streams hold references that would
        otherwise delay it), and before socketserver's shutdown(SHUT_WR), which would send a FIN.
        """
        sock = self.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.wfile.close()
        self.rfile.close()
        sock.close()
        # http.server flushes wfile after the handler returns: give it a harmless stand-in.
        self.wfile = io.BytesIO()
        self.rfile = io.BytesIO()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", required=True, help="JSONL file to append requests to")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--script", help="JSON file with the list of response steps")
    group.add_argument("--script-json", help="the list of response steps as JSON text")
    args = parser.parse_args()

    try:
        if args.script:
            with open(args.script, encoding="utf-8") as f:
                steps = json.load(f)
        elif args.script_json:
            steps = json.loads(args.script_json)
        else:
            steps = DEFAULT_SCRIPT
        script = Script(steps)
    except (OSError, ValueError) as error:
        log(f"bad script: {error}")
        return 2

    server = Server(("127.0.0.1", args.port), Recorder(args.record), script)
    return http_peer.serve(server, log)


if __name__ == "__main__":
    sys.exit(main())
