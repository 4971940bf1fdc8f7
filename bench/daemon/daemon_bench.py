#!/usr/bin/env python3
"""Measure `frist run` itself: start to READY, memory, idle CPU, lateness, burst.

Called by bench/daemon/run.sh (read it first); each subcommand prints result lines
`WHAT key=value ...` on stdout, progress on stderr, and stops every process it started
(also on SIGTERM/SIGINT).

    daemon_bench.py ready    --frist BIN --config PATH --label L [--runs 3]
                             [--idle SECONDS] [--idle-marker FILE]
    daemon_bench.py lateness --frist BIN [--count 200] [--min-lead 15]
    daemon_bench.py burst    --frist BIN --nginx-port P [--count 20000] [--min-lead 20]
                             [--timeout 120] [--poll 0.05]

ready     spawns `frist run --config PATH` with NOTIFY_SOCKET pointing at a datagram
          socket bound here and a fresh temp STATE_DIRECTORY, and times spawn ->
          READY=1; reads VmRSS/VmHWM from /proc/PID/status right after READY. With
          --idle, the last run stays up that many seconds after READY and its CPU time
          (utime+stime from /proc/PID/stat) is read before and after.
lateness  writes a config of N milestones due at one local date-time (the next
          whole minute at least --min-lead seconds away, Europe/Copenhagen) with a
          webhook channel to a small keep-alive HTTP server run here, and reports
          arrival time - due instant per request.
burst     writes a config of N milestones due at one local date-time with a webhook
          channel (rate 100000/s) to the nginx from bench/delivery, and times the due
          instant -> nginx's stub_status counter grown by N.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

CLK_TCK = os.sysconf("SC_CLK_TCK")
ZONE = "Europe/Copenhagen"


def log(msg: str) -> None:
    print(f"daemon_bench: {msg}", file=sys.stderr, flush=True)


def out(what: str, **fields) -> None:
    print(what + " " + " ".join(f"{k}={v}" for k, v in fields.items()), flush=True)


class Stop(Exception):
    """Raised from a signal handler so that every `finally` runs."""


def on_signal(signum, _frame):
    # Once: the cleanup that the exception sets off must not be interrupted by a second signal.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Stop(f"signal {signum}")


def percentile(sorted_values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(1, math.ceil(p / 100.0 * len(sorted_values))) - 1]


# ---------------------------------------------------------------- /proc

def proc_status(pid: int) -> dict:
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    kb = lambda k: int(fields.get(k, "0 kB").split()[0])
    return {"rss_kb": kb("VmRSS"), "hwm_kb": kb("VmHWM"), "threads": int(fields.get("Threads", 0))}


def proc_cpu_ticks(pid: int) -> int:
    """utime + stime of the whole process (all threads, live and exited), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])   # fields 14 and 15 of proc(5)


def proc_tasks(pid: int) -> dict:
    """Per live thread: (run time ns from schedstat, voluntary + involuntary context switches)."""
    tasks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                ns = int(f.read().split()[0])
            ctx = 0
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        ctx += int(line.split()[1])
            tasks[tid] = (ns, ctx)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return tasks


def task_delta(before: dict, after: dict) -> tuple[int, int]:
    """Run time (ns) and context switches between two proc_tasks() reads, over the threads
    alive at the second read (a thread that exited in between is not counted)."""
    ns = ctx = 0
    for tid, (n1, c1) in after.items():
        n0, c0 = before.get(tid, (0, 0))
        ns += n1 - n0
        ctx += c1 - c0
    return ns, ctx


# ---------------------------------------------------------------- the daemon

class Daemon:
    """One `frist run`, with its own notify socket, state dir and log files."""

    def __init__(self, frist: str, config: str, workdir: str, label: str):
        self.frist, self.config, self.label = frist, config, label
        self.dir = tempfile.mkdtemp(prefix=f"{label}.", dir=workdir)
        self.state = os.path.join(self.dir, "state")   # created by frist (mode 0700)
        self.sock_path = os.path.join(self.dir, "notify.sock")
        self.stderr_path = os.path.join(self.dir, "stderr.log")
        self.stdout_path = os.path.join(self.dir, "stdout.log")
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.messages: list[str] = []
        self.exit_code: int | None = None
        self.stop_ms: float | None = None

    def start(self, timeout: float) -> float:
        """Spawns the daemon and waits for READY=1; returns seconds from spawn to READY."""
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        env = {k: v for k, v in os.environ.items()
               if k not in ("WATCHDOG_USEC", "WATCHDOG_PID", "FRIST_CONFIG", "LISTEN_FDS", "LISTEN_PID")}
        env["NOTIFY_SOCKET"] = self.sock_path
        env["STATE_DIRECTORY"] = self.state
        with open(self.stdout_path, "wb") as so, open(self.stderr_path, "wb") as se:
            t0 = time.monotonic()
            self.proc = subprocess.Popen([self.frist, "run", "--config", self.config], env=env,
                                         stdin=subprocess.DEVNULL, stdout=so, stderr=se,
                                         start_new_session=True)
        deadline = t0 + timeout
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise RuntimeError(f"{self.label}: no READY=1 within {timeout:.0f} s; stderr: {self.stderr_tail()}")
            r, _, _ = select.select([self.sock], [], [], min(0.05, deadline - now))
            if r:
                data = self.sock.recv(65536)
                t = time.monotonic()
                text = data.decode("utf-8", "replace")
                self.messages.append(text.replace("\n", "|"))
                if "READY=1" in text.split("\n"):
                    return t - t0
            elif self.proc.poll() is not None:
                raise RuntimeError(f"{self.label}: frist run exited {self.proc.returncode} before READY; "
                                   f"stderr: {self.stderr_tail()}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM, wait (bounded), SIGKILL if it will not go. Safe to call twice."""
        if self.proc is not None and self.exit_code is None:
            if self.proc.poll() is None:
                t0 = time.monotonic()
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    log(f"{self.label}: pid {self.proc.pid} ignored SIGTERM for {timeout:.0f} s; SIGKILL")
                    self.proc.kill()
                    self.proc.wait(10)
                self.stop_ms = (time.monotonic() - t0) * 1000
            self.exit_code = self.proc.returncode
        if self.sock is not None:
            self.sock.close()
            self.sock = None
            try:
                os.unlink(self.sock_path)
            except FileNotFoundError:
                pass
        # Drain late datagrams is not needed: the socket is gone.

    def stderr_lines(self) -> list[str]:
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []

    def stderr_tail(self, n: int = 5) -> str:
        return " | ".join(self.stderr_lines()[-n:])

    def problems(self) -> list[str]:
        """stderr lines at warning level or worse, and anything that is not a log line."""
        bad = []
        for line in self.stderr_lines():
            parts = line.split(" ", 2)
            level = parts[1] if len(parts) > 2 else ""
            if level in ("trace", "debug", "info", "notice"):
                continue
            bad.append(line)
        return bad

    def report(self) -> dict:
        """Exit code, stop time and stderr problems as result fields."""
        probs = self.problems()
        return {"exit": self.exit_code, "stop_ms": f"{self.stop_ms:.0f}" if self.stop_ms is not None else "na",
                "stderr_lines": len(self.stderr_lines()), "stderr_problems": len(probs)}

    def print_problems(self, limit: int = 5) -> None:
        probs = self.problems()
        if self.exit_code not in (0, None):
            out("problem", label=self.label, what=f"exit_code_{self.exit_code}")
        seen = {}
        for p in probs:
            # group by message without the timestamp
            msg = p.split(" ", 1)[1] if " " in p else p
            seen.setdefault(msg[:200], 0)
            seen[msg[:200]] += 1
        for i, (msg, n) in enumerate(seen.items()):
            if i >= limit:
                print(f"problem label={self.label} more={len(seen) - limit} distinct lines", flush=True)
                break
            print(f"problem label={self.label} count={n} line={msg}", flush=True)


def check_config(frist: str, config: str) -> None:
    r = subprocess.run([frist, "check", "--config", config], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"frist check {config} failed ({r.returncode}): {r.stderr.strip()[:2000]}")


# ---------------------------------------------------------------- ready / RSS / idle

def cmd_ready(a) -> int:
    workdir = tempfile.mkdtemp(prefix="frist-bench-daemon.", dir=a.workdir)
    times, rss, hwm = [], [], []
    daemons: list[Daemon] = []
    try:
        for run in range(1, a.runs + 1):
            d = Daemon(a.frist, a.config, workdir, a.label)
            daemons.append(d)
            secs = d.start(a.ready_timeout)
            st = proc_status(d.pid)
            times.append(secs * 1000)
            rss.append(st["rss_kb"])
            hwm.append(st["hwm_kb"])
            fields = dict(label=a.label, run=run, ready_ms=f"{secs * 1000:.1f}", rss_kb=st["rss_kb"],
                          hwm_kb=st["hwm_kb"], threads=st["threads"])
            if run == a.runs and a.idle > 0:
                idle(a, d, fields)
            d.stop()
            fields.update(d.report())
            out("ready", **fields)
            d.print_problems()
        out("ready_summary", label=a.label, runs=a.runs,
            ready_ms_median=f"{statistics.median(times):.1f}",
            ready_ms_min=f"{min(times):.1f}", ready_ms_max=f"{max(times):.1f}",
            rss_mb_median=f"{statistics.median(rss) / 1024:.1f}",
            hwm_mb_median=f"{statistics.median(hwm) / 1024:.1f}", hwm_mb_max=f"{max(hwm) / 1024:.1f}")
        return 0
    finally:
        for d in daemons:
            d.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def idle(a, d: Daemon, fields: dict) -> None:
    """Holds the daemon `a.idle` seconds after READY and reads its CPU time around that."""
    c0, k0, s0, t0 = proc_cpu_ticks(d.pid), proc_tasks(d.pid), proc_status(d.pid), time.monotonic()
    if a.idle_marker:
        with open(a.idle_marker, "w") as f:
            f.write(f"{d.pid}\n")
    log(f"{a.label}: idle window {a.idle:.0f} s (pid {d.pid})")
    end = t0 + a.idle
    while time.monotonic() < end:
        time.sleep(min(1.0, max(0.0, end - time.monotonic())))
        if not d.alive():
            raise RuntimeError(f"{a.label}: frist run exited during the idle window; stderr: {d.stderr_tail()}")
    c1, k1, s1, t1 = proc_cpu_ticks(d.pid), proc_tasks(d.pid), proc_status(d.pid), time.monotonic()
    ns, ctx = task_delta(k0, k1)
    out("idle", label=a.label, seconds=f"{t1 - t0:.1f}", cpu_s=f"{(c1 - c0) / CLK_TCK:.2f}",
        tick_s=f"{1 / CLK_TCK:.2f}", sched_ms=f"{ns / 1e6:.2f}", ctx_switches=ctx,
        threads=f"{len(k0)}->{len(k1)}", rss_kb_end=s1["rss_kb"], hwm_kb_end=s1["hwm_kb"])


# ---------------------------------------------------------------- configs with one due minute

def due_minute(min_lead: float) -> tuple[str, float]:
    """The next whole local minute at least `min_lead` s from now: ('YYYY-MM-DDTHH:MM', epoch)."""
    tz = ZoneInfo(ZONE)
    t = datetime.fromtimestamp(time.time() + min_lead, tz)
    if t.second or t.microsecond:
        t = t.replace(second=0, microsecond=0) + timedelta(minutes=1)
    # Wall-clock arithmetic in zoneinfo: normalise through UTC so a DST change is handled.
    epoch = t.timestamp()
    local = datetime.fromtimestamp(epoch, tz)
    return local.strftime("%Y-%m-%dT%H:%M"), epoch


def write_config(d: str, count: int, due: str, channel: str, per_file: int = 100) -> str:
    os.makedirs(os.path.join(d, "schedules"), exist_ok=True)
    top = [
        "# generated by bench/daemon/daemon_bench.py",
        f"timezone: {ZONE}",
        "language: en",
        'send_time: "09:00"',
        "defaults:                 # only the due reminder fires",
        "  before: []",
        "  on_due: true",
        "  overdue: null",
        "  escalate: null",
        "people:",
        "  p0: {name: Bench Person, email: p0@example.dk}",
        "channels:",
        f"  hook: {channel}",
        "include: [schedules/*.yaml]",
    ]
    with open(os.path.join(d, "frist.yaml"), "w") as f:
        f.write("\n".join(top) + "\n")
    n, p = 0, 0
    while n < count:
        p += 1
        k = min(per_file, count - n)
        lines = ["project:", f"  id: p{p:04d}", f"  name: Bench project {p}", "  owner: p0",
                 "  notify: [hook]", "milestones:"]
        for i in range(1, k + 1):
            lines += [f"  - id: m{i:03d}", f"    title: Bench milestone {p}.{i}", f"    due: {due}",
                      "    shift: none           # a weekend or holiday must not move it"]
        n += k
        with open(os.path.join(d, "schedules", f"p{p:04d}.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
    return os.path.join(d, "frist.yaml")


def wait_until(epoch: float, d: Daemon) -> None:
    while True:
        left = epoch - time.time()
        if left <= 0:
            return
        time.sleep(min(left, 0.5))
        if not d.alive():
            raise RuntimeError(f"{d.label}: frist run exited before the due instant; stderr: {d.stderr_tail()}")


def outbox_states(d: Daemon) -> str:
    path = os.path.join(d.state, "frist.sqlite")
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = db.execute("SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state").fetchall()
            attempts = db.execute("SELECT count(*) FROM attempts").fetchone()[0]
        finally:
            db.close()
        return ",".join(f"{s}:{n}" for s, n in rows) + f";attempts:{attempts}"
    except sqlite3.Error as e:
        return f"unreadable({e})".replace(" ", "_")


# ---------------------------------------------------------------- lateness

class Sink(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SinkHandler)
        self.lock = threading.Lock()
        self.arrivals: list[tuple[float, str]] = []
        self.connections = 0

    def handle_error(self, request, client_address):
        pass   # a client closing a kept-alive connection is not news


class SinkHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive

    def setup(self):
        super().setup()
        with self.server.lock:
            self.server.connections += 1

    def handle_any(self):
        t = time.time()   # the request line and headers are in
        key = self.headers.get("Idempotency-Key", "")
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        with self.server.lock:
            self.server.arrivals.append((t, key))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_PATCH = do_GET = handle_any

    def log_message(self, *args):
        pass


def sink_capacity(wrk_script: str, port: int) -> str:
    """Requests/s the sink itself answers (wrk, 16 keep-alive connections, 2 s), to show
    whether it, rather than frist, could be what makes requests late."""
    if not shutil.which("wrk"):
        return "na"
    try:
        r = subprocess.run(["wrk", "-t1", "-c16", "-d2s", "-s", wrk_script, f"http://127.0.0.1:{port}/hook"],
                           capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "na"
    for line in r.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return f"{float(line.split()[1]):.0f}"
    return "na"


def start_before_due(a, workdir: str, label: str, channel: str) -> tuple[Daemon, float, str, float, float]:
    """Writes a config of a.count milestones due at the next whole minute at least a.min_lead s
    away, sending to `channel`, checks it and starts the daemon. Returns the daemon, its start to
    READY (s), the due minute, its epoch and the lead left after READY; a daemon READY too close
    to the due instant is stopped and reported."""
    due, due_epoch = due_minute(a.min_lead)
    cfg = write_config(os.path.join(workdir, "config"), a.count, due, channel)
    check_config(a.frist, cfg)
    d = Daemon(a.frist, cfg, workdir, label)
    ready = d.start(a.ready_timeout)
    lead = due_epoch - time.time()
    if lead < 2:
        d.stop()
        raise RuntimeError(f"{label}: READY only {lead:.1f} s before the due instant")
    return d, ready, due, due_epoch, lead


def cmd_lateness(a) -> int:
    workdir = tempfile.mkdtemp(prefix="frist-bench-lateness.", dir=a.workdir)
    sink = Sink()
    server = threading.Thread(target=sink.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    server.start()
    d = None
    try:
        port = sink.server_address[1]
        d, ready, due, due_epoch, lead = start_before_due(
            a, workdir, "lateness", f'{{type: webhook, url: "http://127.0.0.1:{port}/hook"}}')
        log(f"lateness: {a.count} milestones due {due} {ZONE} (in {lead:.0f} s), sink on 127.0.0.1:{port}")
        wait_until(due_epoch, d)
        end = due_epoch + a.timeout
        while time.time() < end:
            with sink.lock:
                if len(sink.arrivals) >= a.count:
                    break
            time.sleep(0.05)
        time.sleep(0.5)   # anything extra (a duplicate) would arrive now
        d.stop()
        with sink.lock:
            arrivals = list(sink.arrivals)
            conns = sink.connections
        sink_rps = sink_capacity(a.wrk_script, port) if a.wrk_script else "na"
        late = sorted((t - due_epoch) * 1000 for t, _ in arrivals)
        keys = [k for _, k in arrivals]
        fields = dict(count=a.count, arrived=len(arrivals), unique_keys=len(set(keys)),
                      missing_key=sum(1 for k in keys if not k), connections=conns,
                      p50_ms=f"{percentile(late, 50):.1f}", p99_ms=f"{percentile(late, 99):.1f}",
                      max_ms=f"{late[-1]:.1f}" if late else "nan", min_ms=f"{late[0]:.1f}" if late else "nan",
                      due=due, ready_ms=f"{ready * 1000:.0f}", outbox=outbox_states(d), sink_rps=sink_rps)
        fields.update(d.report())
        out("lateness", **fields)
        if keys:
            out("lateness_key_example", key=keys[0])
        d.print_problems()
        return 0 if len(arrivals) >= a.count else 1
    finally:
        if d is not None:
            d.stop()
        sink.shutdown()
        sink.server_close()
        shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------- burst

class StubStatus:
    """nginx's stub_status request counter over one kept-alive connection."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None
        self.reads = 0

    def read(self) -> int:
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                self.conn.request("GET", "/nginx_status")
                body = self.conn.getresponse().read().decode()
                self.reads += 1   # counted by nginx (also if the connection broke after sending)
                return int(body.splitlines()[2].split()[2])
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError

    def close(self):
        if self.conn is not None:
            self.conn.close()


def cmd_burst(a) -> int:
    workdir = tempfile.mkdtemp(prefix="frist-bench-burst.", dir=a.workdir)
    d = None
    stub = StubStatus(a.nginx_port)
    try:
        d, ready, due, due_epoch, lead = start_before_due(
            a, workdir, "burst", f'{{type: webhook, url: "http://127.0.0.1:{a.nginx_port}/hook", rate: 100000/s}}')
        log(f"burst: {a.count} milestones due {due} {ZONE} (in {lead:.0f} s) -> nginx 127.0.0.1:{a.nginx_port}")
        wait_until(due_epoch - 1.0, d)
        base = stub.read()
        cpu0 = proc_cpu_ticks(d.pid)
        reads0 = stub.reads
        first = done = None
        got = 0
        t_next = time.time()
        end = due_epoch + a.timeout
        while True:
            v = stub.read()
            now = time.time()
            got = v - base - (stub.reads - reads0)   # less our own polls after the baseline
            if got > 0 and first is None:
                first = now
            if got >= a.count:
                done = now
                break
            if now >= end or not d.alive():
                break
            t_next += a.poll
            time.sleep(max(0.0, t_next - time.time()))
        cpu1 = proc_cpu_ticks(d.pid) if d.alive() else cpu0
        st = proc_status(d.pid) if d.alive() else {"rss_kb": 0, "hwm_kb": 0}
        time.sleep(0.5)
        extra = stub.read() - base - (stub.reads - reads0) - got
        d.stop()
        fields = dict(count=a.count, arrived=got + extra, due=due, ready_ms=f"{ready * 1000:.0f}")
        if done is not None:
            secs = done - due_epoch
            fields.update(seconds=f"{secs:.3f}", throughput=f"{a.count / secs:.0f}/s",
                          first_ms=f"{(first - due_epoch) * 1000:.0f}",
                          from_first_throughput=f"{a.count / max(1e-9, done - first):.0f}/s")
        else:
            fields.update(seconds="timeout", throughput="na", first_ms=f"{(first - due_epoch) * 1000:.0f}"
                          if first else "na")
        fields.update(poll_ms=f"{a.poll * 1000:.0f}", cpu_s=f"{(cpu1 - cpu0) / CLK_TCK:.2f}",
                      rss_kb=st["rss_kb"], hwm_kb=st["hwm_kb"], outbox=outbox_states(d))
        fields.update(d.report())
        out("burst", **fields)
        d.print_problems()
        return 0 if done is not None else 1
    finally:
        stub.close()
        if d is not None:
            d.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--frist", required=True)
    common.add_argument("--workdir", default=os.environ.get("TMPDIR", "/tmp"))
    common.add_argument("--ready-timeout", type=float, default=60)

    r = sub.add_parser("ready", parents=[common])
    r.add_argument("--config", required=True)
    r.add_argument("--label", required=True)
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--idle", type=float, default=0, help="hold the last run this many seconds after READY")
    r.add_argument("--idle-marker", help="file written (the daemon's pid) when the idle window starts")

    l = sub.add_parser("lateness", parents=[common])
    l.add_argument("--count", type=int, default=200)
    l.add_argument("--min-lead", type=float, default=15)
    l.add_argument("--timeout", type=float, default=30, help="seconds after the due instant")
    l.add_argument("--wrk-script", help="after the run, measure the sink's own capacity with wrk and this script")

    b = sub.add_parser("burst", parents=[common])
    b.add_argument("--nginx-port", type=int, required=True)
    b.add_argument("--count", type=int, default=20000)
    b.add_argument("--min-lead", type=float, default=20)
    b.add_argument("--timeout", type=float, default=120, help="seconds after the due instant")
    b.add_argument("--poll", type=float, default=0.05)

    a = ap.parse_args()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        return {"ready": cmd_ready, "lateness": cmd_lateness, "burst": cmd_burst}[a.cmd](a)
    except Stop as e:
        log(f"stopped by {e}")
        return 130
    except RuntimeError as e:
        log(f"error: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
