#!/usr/bin/env python3
"""Soak and attack `frist run` / `frist check` the way an unlucky production year would, in minutes.

    python3 bench/soak/soak.py --frist PATH [--only NAME[,NAME…]] [--reminders 2000]
                               [--crashes 5] [--fuzz 500] [--seed S] [--keep]

Scenarios (each a function below, run in this order, `--only` picks some):
    kill9         kill -9 the daemon R times during a burst; every key arrives, repeats per crash <= 128
    outage        the gateway answers 503 for a while, then 200: everything delivered; log lines counted
    retry_after   a 429 with Retry-After mid-burst: requests inside the window are counted (a figure)
    lock          an exclusive lock on the state database for 8 s mid-burst, failing gateway
    two_daemons   a second `frist run` on the same state while the first sends a burst
    fuzz          K mutated configs through `frist check`: exit 0/78, bounded time and stderr, no trace
    sighup_storm  50 SIGHUPs during a burst, some with a half-written schedule file in place
    disk_full     state_dir on a 2 MB tmpfs that fills mid-burst, then grows (root + tmpfs only)
    echo_secrets  a gateway echoing the secret URL in a 400: not in send-test output nor in the state

Everything listens on 127.0.0.1 only. Every wait is bounded, every process started here is stopped at
the end (also on Ctrl-C or an error), every temporary folder and mount is removed (`--keep` keeps the
folder). Each scenario prints one `RESULT` line; a summary table follows. Exit 0 only if every promise
of every scenario run held (skipped scenarios do not count), 1 otherwise, 130 on Ctrl-C.

Python 3 standard library only; the gateway is Tests/Peers/http_sink.py. See bench/soak/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
HTTP_SINK = os.path.join(REPO, "Tests", "Peers", "http_sink.py")
CLK_TCK = os.sysconf("SC_CLK_TCK")
IN_FLIGHT = 128                      # the scheduler's send slots: the most a crash may repeat
BURST_START = "2021-09-30T08:59:55+02:00"
DUE_DATE = "2021-09-30"              # every burst milestone is due that day at send_time 09:00
LEVELS = ("trace", "debug", "info", "notice", "warning", "error", "critical")
TRACE_PATTERNS = [re.compile(p, re.M) for p in (
    r"Traceback \(most recent call last\)",      # Python
    r"Fatal error:",                             # Swift runtime trap message
    r"Current stack trace:",                     # Swift runtime
    r"Stack dump:",                              # LLVM / swift-frontend style
    r"Program crashed",                          # Swift backtracer
    r"\*\*\* Signal \d+",                        # Swift backtracer
    r"Backtracing from",                         # Swift backtracer
    r"^\s*#?\d+\s+0x[0-9a-fA-F]{6,}",            # a numbered frame with an address
    r"\.swift:\d+",                              # a Swift source position
    r"Segmentation fault|Illegal instruction|core dumped",
)]


def log(msg: str) -> None:
    print(f"soak: {msg}", file=sys.stderr, flush=True)


class Stop(Exception):
    """Raised from the SIGINT/SIGTERM handler so that every `finally` runs."""


def on_signal(signum, _frame):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stop(f"signal {signum}")


class ScenarioError(Exception):
    """The scenario could not run as designed (a set-up step failed, not a promise)."""


# ---------------------------------------------------------------- processes, folders, mounts

class Registry:
    """Every process and mount this run made, so that cleanup can undo all of it."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []
        self.mounts: list[str] = []
        self.lock = threading.Lock()

    def add(self, proc: subprocess.Popen) -> subprocess.Popen:
        with self.lock:
            self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        with self.lock:
            procs = list(self.procs)
        for p in procs:
            if p.poll() is None:
                try:
                    p.terminate()
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    p.kill()
                    p.wait(5)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
        with self.lock:
            self.procs = [p for p in self.procs if p.poll() is None]

    def unmount_all(self) -> None:
        for m in reversed(self.mounts):
            unmount(m)
        self.mounts.clear()


REG = Registry()


def unmount(path: str) -> None:
    r = subprocess.run(["umount", path], capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        log(f"umount {path}: {r.stderr.strip()}; lazy unmount")
        subprocess.run(["umount", "-l", path], capture_output=True, timeout=30)


def proc_cpu_seconds(pid: int) -> float | None:
    """utime + stime of the whole process, in seconds (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return (int(rest[11]) + int(rest[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def clean_env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("FRIST_CONFIG", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM",
                        "STATE_DIRECTORY", "LISTEN_FDS", "LISTEN_PID", "FRIST_NODE", "FRIST_LOG_LEVEL")}
    env.update(extra or {})
    return env


# ---------------------------------------------------------------- the gateway (http_sink.py)

class Sink:
    """Tests/Peers/http_sink.py with a script; a thread tails its JSONL record and stamps each
    request with the time it was seen (monotonic, within ~10 ms of its arrival).

    The sink takes the script's steps in request order (`n`), so the answer to each request is
    known here: a key counts as delivered once a request with it was answered 2xx."""

    def __init__(self, workdir: str, label: str, script: list):
        self.label = label
        self.steps = [step for step in script for _ in range(step.get("times", 1))]
        self.record_path = os.path.join(workdir, f"{label}.sink.jsonl")
        self.stderr_path = os.path.join(workdir, f"{label}.sink.err")
        open(self.record_path, "wb").close()
        with open(self.stderr_path, "wb") as err:
            self.proc = REG.add(subprocess.Popen(
                [sys.executable, HTTP_SINK, "--port", "0", "--record", self.record_path,
                 "--script-json", json.dumps(script)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, start_new_session=True))
        line = b""
        deadline = time.monotonic() + 15
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise ScenarioError(f"http_sink did not start: {tail(self.stderr_path)}")
            r, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.2))
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 100)
                if not chunk:
                    raise ScenarioError(f"http_sink closed stdout: {tail(self.stderr_path)}")
                line += chunk
        if not line.startswith(b"READY "):
            raise ScenarioError(f"http_sink said {line!r}")
        self.port = int(line.split()[1])
        self.records: list[dict] = []
        self.times: list[float] = []
        self.key_set: set[str] = set()       # keys answered 2xx at least once
        self.ok_keys: list[str] = []          # the key of every request answered 2xx, in order
        self._offset = 0
        self._partial = b""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tail = threading.Thread(target=self._tail_loop, daemon=True)
        self._tail.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _tail_loop(self):
        while not self._stop.wait(0.01):
            try:
                self.poll()
            except Exception as e:   # never kill the run from the tail thread
                log(f"{self.label}: tail: {e}")

    def poll(self) -> int:
        with self._lock:
            try:
                with open(self.record_path, "rb") as f:
                    f.seek(self._offset)
                    data = f.read()
            except OSError:
                return len(self.records)
            if data:
                now = time.monotonic()
                self._offset += len(data)
                data = self._partial + data
                lines = data.split(b"\n")
                self._partial = lines.pop()
                for raw in lines:
                    if not raw.strip():
                        continue
                    rec = json.loads(raw)
                    self.records.append(rec)
                    self.times.append(now)
                    key = (rec.get("headers") or {}).get("idempotency-key")
                    if key and self.answered_ok(rec.get("n", len(self.records)) - 1):
                        self.key_set.add(key)
                        self.ok_keys.append(key)
            return len(self.records)

    def answered_ok(self, index: int) -> bool:
        step = self.steps[min(index, len(self.steps) - 1)]
        return step.get("action") is None and 200 <= int(step.get("status", 200)) < 300

    def deliveries(self) -> list:
        """The key of every request answered 2xx, in arrival order (a key twice: a repeat)."""
        self.poll()
        with self._lock:
            return list(self.ok_keys)

    def keys(self) -> list:
        self.poll()
        with self._lock:
            return [(r.get("headers") or {}).get("idempotency-key") for r in self.records]

    def count(self) -> int:
        return self.poll()

    def unique(self) -> int:
        self.poll()
        with self._lock:
            return len(self.key_set)

    def wait_unique(self, n: int, timeout: float, daemons: list | None = None, stall: float = 30) -> bool:
        """Until n distinct keys were delivered; False on timeout, after `stall` seconds without a
        new request, or once every daemon given has exited."""
        deadline = time.monotonic() + timeout
        last, since = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            if self.unique() >= n:
                return True
            if daemons and all(not d.alive() for d in daemons):
                time.sleep(0.3)
                return self.unique() >= n
            count = self.count()
            if count != last:
                last, since = count, time.monotonic()
            elif time.monotonic() - since > stall:
                log(f"{self.label}: no request for {stall:.0f} s at {self.unique()}/{n} delivered; giving up")
                return False
            time.sleep(0.02)
        return self.unique() >= n

    def wait_count(self, n: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count() >= n:
                return True
            time.sleep(0.01)
        return False

    def settle(self, quiet: float = 1.0, timeout: float = 10.0) -> None:
        """Until no request arrived for `quiet` seconds (bounded)."""
        deadline = time.monotonic() + timeout
        last, since = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            n = self.count()
            if n != last:
                last, since = n, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def stop(self):
        self._stop.set()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stdout:
            self.proc.stdout.close()
        self.poll()


def tail(path: str, n: int = 600) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - n))
            return f.read().decode("utf-8", "replace").replace("\n", " | ").strip()
    except OSError:
        return ""


# ---------------------------------------------------------------- the daemon

def iso(dt: datetime) -> str:
    return dt.replace(microsecond=0).isoformat()


class Daemon:
    """One `frist run --config C --start-at S --speed N`, logs to files."""

    def __init__(self, frist: str, config: str, label: str, start_at: str, speed: float,
                 env: dict | None = None):
        self.frist, self.config, self.label = frist, config, label
        self.start_at, self.speed = datetime.fromisoformat(start_at), speed
        folder = os.path.dirname(config)
        self.stdout_path = os.path.join(folder, f"{label}.out")
        self.stderr_path = os.path.join(folder, f"{label}.err")
        with open(self.stdout_path, "wb") as so, open(self.stderr_path, "wb") as se:
            self.t0 = time.monotonic()
            self.proc = REG.add(subprocess.Popen(
                [frist, "run", "--config", config, "--start-at", iso(self.start_at), "--speed", f"{speed:g}"],
                cwd=folder, env=clean_env(env), stdin=subprocess.DEVNULL, stdout=so, stderr=se,
                start_new_session=True))
        self.pid = self.proc.pid
        self._lines: list[str] = []
        self._offset = 0
        self._partial = b""

    def alive(self) -> bool:
        return self.proc.poll() is None

    @property
    def returncode(self):
        return self.proc.poll()

    def sim_now(self) -> datetime:
        return self.start_at + timedelta(seconds=(time.monotonic() - self.t0) * self.speed)

    def lines(self) -> list[str]:
        """The stderr lines so far (complete lines only)."""
        try:
            with open(self.stderr_path, "rb") as f:
                f.seek(self._offset)
                data = f.read()
        except OSError:
            return self._lines
        if data:
            self._offset += len(data)
            data = self._partial + data
            parts = data.split(b"\n")
            self._partial = parts.pop()
            self._lines.extend(p.decode("utf-8", "replace") for p in parts)
        return self._lines

    def stderr_text(self) -> str:
        return "\n".join(self.lines())

    def wait_log(self, text: str, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            lines = self.lines()
            for line in lines[seen:]:
                if text in line:
                    return True
            seen = len(lines)
            if not self.alive():
                return any(text in line for line in self.lines()[seen:])
            time.sleep(0.02)
        return False

    def wait_running(self, timeout: float = 60) -> None:
        if not self.wait_log("frist running", timeout):
            raise ScenarioError(f"{self.label}: no 'frist running' within {timeout:.0f} s "
                                f"(exit {self.returncode}): {tail(self.stderr_path)}")

    def cpu(self) -> float | None:
        return proc_cpu_seconds(self.pid)

    def signal(self, sig) -> None:
        if self.alive():
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill9(self) -> None:
        self.signal(signal.SIGKILL)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM, bounded wait, SIGKILL if it will not go; the exit code (negative: a signal)."""
        if self.alive():
            self.signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log(f"{self.label}: ignored SIGTERM for {timeout:.0f} s; SIGKILL")
                self.kill9()
        return self.proc.poll()


def level_of(line: str) -> str | None:
    parts = line.split(" ", 2)
    if len(parts) >= 2 and parts[1] in LEVELS:
        return parts[1]
    m = re.match(r"<(\d)>", line)     # journald priority prefix
    if m:
        return {0: "critical", 1: "critical", 2: "critical", 3: "error", 4: "warning", 5: "notice",
                6: "info", 7: "debug"}[int(m.group(1))]
    return None


def is_problem(line: str) -> bool:
    return level_of(line) in ("warning", "error", "critical")


def first_problem(lines: list[str]) -> str:
    for line in lines:
        if is_problem(line):
            return shorten(line)
    return ""


def shorten(text: str, n: int = 160) -> str:
    text = text.replace("\n", " ").strip()
    return text if len(text) <= n else text[:n - 1] + "…"


# ---------------------------------------------------------------- configs

def write(path: str, data, mode: str = "w") -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, bytes):
        with open(path, "wb") as f:
            f.write(data)
    else:
        with open(path, mode, encoding="utf-8") as f:
            f.write(data)


def burst_schedule(n: int) -> str:
    lines = ["project: {id: taskforce, name: Task Force, owner: anne, notify: [hook]}", "milestones:"]
    lines += [f"  - {{id: m{i}, title: M{i}, due: {DUE_DATE}, before: [], overdue: null}}" for i in range(n)]
    return "\n".join(lines) + "\n"


def burst_config(folder: str, url: str, n: int, state_dir: str = "state", extra: str = "",
                 channel_extra: str = "") -> str:
    """A config of n milestones all due 2021-09-30 09:00 Copenhagen, one webhook channel `hook`."""
    write(os.path.join(folder, "frist.yaml"), f"""timezone: Europe/Copenhagen
send_time: "09:00"
state_dir: {state_dir}
catch_up: 3d
{extra}
people:
  anne: {{name: Anne Jensen, email: anne@example.dk}}
channels:
  hook: {{type: webhook, url: "{url}"{channel_extra}}}
include: [schedules/*.yaml]
""")
    write(os.path.join(folder, "schedules", "tf.yaml"), burst_schedule(n))
    return os.path.join(folder, "frist.yaml")


def outbox_line(frist: str, config: str) -> str:
    """`frist status`'s outbox line (pending, inflight, sent, dead, skipped), for the figures."""
    try:
        r = subprocess.run([frist, "status", "--config", config], cwd=os.path.dirname(config), env=clean_env(),
                           capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "frist status: no answer in 60 s"
    for line in r.stdout.splitlines():
        if line.startswith("outbox:"):
            return line[len("outbox:"):].strip()
    return shorten(f"frist status exit {r.returncode}: {r.stderr}", 100)


def outbox_counts(line: str) -> dict:
    return {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", line)}


def promise_outbox(res, outbox: str, n: int) -> None:
    """After a clean stop with everything delivered, the state must say so (else a restart
    would send the unrecorded ones again)."""
    c = outbox_counts(outbox)
    res.promise(c.get("sent") == n and not c.get("inflight") and not c.get("pending"),
                f"outbox at stop says {outbox or '?'} (want sent {n}, nothing in flight or pending)")


def restart_and_finish(ctx, config: str, sink, want: set, previous, speed: float, label: str) -> str:
    """Not a promise, but worth knowing when a daemon got stuck: does a restart deliver the rest,
    and how many does it send twice?"""
    before = len(sink.deliveries())
    d = Daemon(ctx.frist, config, label, iso(previous.sim_now() + timedelta(seconds=1)), speed)
    try:
        if d.wait_log("frist running", 60):
            sink.wait_unique(len(want), 60, [d], stall=20)
            sink.settle(1.0)
    finally:
        d.stop()
    ok = sink.deliveries()
    earlier = set(ok[:before])
    again = sum(1 for k in ok[before:] if k in earlier)
    return f"{len(set(ok) & want)}/{len(want)} delivered, {again} sent twice"


def expected_keys(frist: str, config: str, n: int) -> set:
    """The keys `frist upcoming` lists for the burst day (must be the n due reminders)."""
    r = subprocess.run([frist, "upcoming", "--config", config, "--from", DUE_DATE, "--days", "1", "--json"],
                       cwd=os.path.dirname(config), env=clean_env(), capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise ScenarioError(f"frist upcoming exited {r.returncode}: {shorten(r.stderr)}")
    keys = {json.loads(line)["key"] for line in r.stdout.splitlines() if line.strip()}
    if len(keys) != n:
        raise ScenarioError(f"frist upcoming lists {len(keys)} reminders on {DUE_DATE}, expected {n}")
    return keys


# ---------------------------------------------------------------- results

class Result:
    def __init__(self, name: str):
        self.name = name
        self.verdict = "FAILED"        # HELD | FAILED | SKIPPED | ERROR
        self.summary = ""
        self.figures: dict = {}
        self.broken: list[str] = []    # promises that did not hold
        self.seconds = 0.0

    def promise(self, ok: bool, what: str) -> bool:
        if not ok:
            self.broken.append(what)
        return ok

    def finish(self, summary: str) -> "Result":
        self.summary = summary
        self.verdict = "FAILED" if self.broken else "HELD"
        return self

    def skip(self, why: str) -> "Result":
        self.verdict, self.summary = "SKIPPED", why
        return self


class Context:
    def __init__(self, args, root: str):
        self.args = args
        self.frist = args.frist
        self.n = args.reminders
        self.root = root
        self.rng = random.Random(args.seed)

    def folder(self, name: str) -> str:
        path = tempfile.mkdtemp(prefix=f"{name}.", dir=self.root)
        os.makedirs(os.path.join(path, "schedules"), exist_ok=True)
        return path


def repeats(keys: list) -> int:
    present = [k for k in keys if k]
    return len(present) - len(set(present))


def stop_all(*things) -> dict:
    """Stops daemons (returning their exit codes by label) and sinks; never raises."""
    codes = {}
    for t in things:
        try:
            if isinstance(t, Daemon):
                codes[t.label] = t.stop()
            elif t is not None:
                t.stop()
        except Exception as e:
            log(f"stopping {getattr(t, 'label', t)}: {e}")
    return codes


# ================================================================ 1. kill9

def scenario_kill9(ctx: Context, res: Result) -> Result:
    n, crashes = ctx.n, ctx.args.crashes
    folder = ctx.folder("kill9")
    sink = Sink(folder, "kill9", [{"status": 200, "delay": 0.05}])
    daemons: list[Daemon] = []
    try:
        config = burst_config(folder, sink.url(), n)
        want = expected_keys(ctx.frist, config, n)
        speed = 10.0
        d = Daemon(ctx.frist, config, "daemon-0", BURST_START, speed)
        daemons.append(d)
        # Kill moments: half at a random share of the burst delivered, half at a random time after start.
        shares = sorted(ctx.rng.uniform(0.02, 0.9) for _ in range(crashes))
        boundaries = []          # sink record count at each crash
        kill_notes = []
        for i in range(crashes):
            if i % 2 == 0:
                target = int(shares[i] * n)
                deadline = time.monotonic() + 60
                while sink.unique() < target and time.monotonic() < deadline and d.alive():
                    time.sleep(0.005)
                time.sleep(ctx.rng.uniform(0, 0.05))
                how = f"at {sink.unique()}/{n} delivered"
            else:
                wait = ctx.rng.uniform(0.2, 2.0)
                time.sleep(wait)
                how = f"{wait:.2f} s after start ({sink.unique()}/{n})"
            if not d.alive():   # a broken promise of its own; restart it all the same
                res.promise(False, f"{d.label} exited {d.returncode} by itself: {first_problem(d.lines())}")
            sim = d.sim_now()
            d.kill9()
            time.sleep(0.15)             # requests already on the wire are recorded before the cut
            boundaries.append(sink.count())
            kill_notes.append(how)
            d = Daemon(ctx.frist, config, f"daemon-{i + 1}", iso(sim + timedelta(seconds=1)), speed)
            daemons.append(d)
        complete = sink.wait_unique(n, 120, [d])
        sink.settle(1.0)
        code = d.stop()
        outbox = outbox_line(ctx.frist, config)
        records = sink.keys()
        # Repeats caused by crash k: requests after it whose key had arrived before it.
        edges = [0] + boundaries + [len(records)]
        per_crash = []
        seen: set = set()
        inner = 0
        for k in range(len(edges) - 1):
            seg = records[edges[k]:edges[k + 1]]
            if k > 0:
                per_crash.append(sum(1 for key in seg if key in seen))
            inner += len(seg) - len(set(seg))
            seen.update(seg)
        got = set(k for k in records if k)
        missing = len(want - got)
        res.figures = {"delivered": f"{len(want & got)}/{n}", "requests": len(records),
                       "repeats_per_crash": per_crash, "max_repeats": max(per_crash or [0]),
                       "repeats_without_crash": inner, "final_exit": code, "outbox_at_stop": outbox}
        res.promise(complete and missing == 0, f"{missing} keys never arrived")
        res.promise(max(per_crash or [0]) <= IN_FLIGHT, f"a crash repeated {max(per_crash or [0])} > {IN_FLIGHT}")
        res.promise(inner == 0, f"{inner} repeats without a crash in between")
        res.promise(code == 0, f"last daemon exit {code} on SIGTERM")
        promise_outbox(res, outbox, n)
        return res.finish(f"{len(want & got)}/{n} keys after {crashes} kill -9 "
                          f"({'; '.join(kill_notes)}); repeats per crash {per_crash} (max "
                          f"{max(per_crash or [0])}, bound {IN_FLIGHT}); {len(records)} requests")
    finally:
        stop_all(*daemons, sink)


# ================================================================ 2. outage

def scenario_outage(ctx: Context, res: Result) -> Result:
    n = ctx.n
    folder = ctx.folder("outage")
    failures = 2 * n                  # every reminder fails about twice before the gateway is back
    sink = Sink(folder, "outage", [{"status": 503, "body": "down", "times": failures},
                                   {"status": 200, "delay": 0.002}])
    d = None
    try:
        config = burst_config(folder, sink.url(), n)
        want = expected_keys(ctx.frist, config, n)
        d = Daemon(ctx.frist, config, "daemon", BURST_START, 60.0)
        d.wait_running()
        complete = sink.wait_unique(n, 180, [d])
        t_done = time.monotonic() - d.t0
        sink.settle(1.0)
        lines = d.lines()
        alive = d.alive()
        code = d.stop()
        lines = d.lines()
        outbox = outbox_line(ctx.frist, config)
        records = sink.records
        ok = sink.deliveries()
        got = set(ok) & want
        problems = sum(1 for line in lines if is_problem(line))
        res.figures = {"delivered": f"{len(got)}/{n}", "requests": len(records), "503s": min(failures, len(records)),
                       "stderr_lines": len(lines), "warning_lines": problems,
                       "lines_per_reminder": round(len(lines) / max(1, len(got)), 2),
                       "repeats": repeats(ok),
                       "seconds": round(t_done, 1), "outbox_at_stop": outbox}
        res.promise(complete and len(got) == n, f"{n - len(got)} keys lost")
        res.promise(repeats(ok) == 0, f"{repeats(ok)} reminders delivered twice")
        res.promise(alive, f"daemon exited {d.returncode} during the outage")
        res.promise(code == 0, f"exit {code} on SIGTERM")
        promise_outbox(res, outbox, n)
        return res.finish(f"{len(got)}/{n} delivered after {min(failures, len(records))} × 503 in "
                          f"{t_done:.1f} s; stderr {len(lines)} lines = {len(lines) / max(1, len(got)):.2f} per "
                          f"delivered reminder ({problems} warning+)")
    finally:
        stop_all(d, sink)


# ================================================================ 3. retry_after

def scenario_retry_after(ctx: Context, res: Result) -> Result:
    n = ctx.n
    window = 10
    before = max(1, n // 10)
    folder = ctx.folder("retry_after")
    sink = Sink(folder, "retry_after", [{"status": 200, "times": before, "delay": 0.01},
                                        {"status": 429, "body": "slow down", "headers": {"Retry-After": str(window)}},
                                        {"status": 200, "delay": 0.01}])
    d = None
    try:
        config = burst_config(folder, sink.url(), n)
        want = expected_keys(ctx.frist, config, n)
        # Real time (speed 1): Retry-After seconds are the daemon's clock seconds, so only here
        # do the window in the daemon and the window measured at the gateway agree.
        d = Daemon(ctx.frist, config, "daemon", "2021-09-30T08:59:57+02:00", 1.0)
        d.wait_running()
        if not sink.wait_count(before + 1, 60):
            raise ScenarioError(f"only {sink.count()} requests arrived; the 429 never went out")
        # n distinct keys answered 2xx: the held-back reminder too, after its window.
        complete = sink.wait_unique(n, window + 60, [d], stall=window + 15)
        sink.settle(1.0)
        code = d.stop()
        outbox = outbox_line(ctx.frist, config)
        keys = sink.keys()
        t429 = sink.times[before]
        key429 = keys[before]
        inside = sum(1 for t in sink.times[before + 1:] if t - t429 < window)
        retried = [sink.times[i] - t429 for i in range(before + 1, len(keys)) if keys[i] == key429]
        gap = retried[0] if retried else None
        ok = sink.deliveries()
        got = set(ok) & want
        res.figures = {"delivered": f"{len(got)}/{n}", "requests_in_window": inside,
                       "window_s": window, "retry_of_429_after_s": round(gap, 2) if gap is not None else None,
                       "repeats": repeats(ok), "outbox_at_stop": outbox}
        res.promise(complete and len(got) == n, f"{n - len(got)} keys lost")
        res.promise(gap is not None and gap >= window - 0.5,
                    f"the 429'd reminder came back after {gap if gap is None else round(gap, 2)} s < {window} s")
        # Retry-After pauses the whole channel: inside the window only what was already in flight.
        res.promise(inside <= IN_FLIGHT, f"{inside} requests inside the Retry-After window (> {IN_FLIGHT} in flight)")
        res.promise(code == 0, f"exit {code} on SIGTERM")
        promise_outbox(res, outbox, n)
        return res.finish(f"{inside} requests inside the {window} s Retry-After window after the 429 "
                          f"(at most the {IN_FLIGHT} in flight); the 429'd reminder "
                          f"retried after {gap if gap is None else round(gap, 1)} s; {len(got)}/{n} delivered")
    finally:
        stop_all(d, sink)


# ================================================================ 4. lock

def scenario_lock(ctx: Context, res: Result) -> Result:
    n = ctx.n
    hold = 8.0
    folder = ctx.folder("lock")
    ok_first = n // 8
    sink = Sink(folder, "lock", [{"status": 200, "times": ok_first, "delay": 0.05},
                                 {"status": 503, "body": "down", "times": n // 2, "delay": 0.05},
                                 {"status": 200, "delay": 0.01}])
    d = None
    db = None
    try:
        config = burst_config(folder, sink.url(), n)
        want = expected_keys(ctx.frist, config, n)
        # Speed 5: a retry's backoff (5 s, 10 s, … simulated) is seconds of real time, so
        # the burst with its retries is still going when the lock comes.
        d = Daemon(ctx.frist, config, "daemon", BURST_START, 5.0)
        d.wait_running()
        # Mid-burst, while the gateway answers 503: the daemon has retries to record.
        if not sink.wait_count(ok_first + 32, 60):
            raise ScenarioError(f"burst did not reach the 503s: {sink.count()} requests")
        path = os.path.join(folder, "state", "frist.sqlite")
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        t_ask = time.monotonic()
        db.execute("BEGIN EXCLUSIVE")
        took = time.monotonic() - t_ask
        cpu0, lines0, t0 = d.cpu(), len(d.lines()), time.monotonic()
        at_lock = sink.unique()
        requests_at_lock = sink.count()
        if at_lock >= n:
            raise ScenarioError("the burst was over before the lock was taken")
        time.sleep(hold)
        cpu1, lines1 = d.cpu(), len(d.lines())
        at_unlock = sink.unique()
        requests_during_lock = sink.count() - requests_at_lock
        alive_in_lock = d.alive()
        db.execute("ROLLBACK")
        db.close()
        db = None
        during = d.lines()[lines0:lines1]
        problems = [line for line in during if is_problem(line)]
        errors = [line for line in during if level_of(line) in ("error", "critical")]
        complete = sink.wait_unique(n, 120, [d])
        sink.settle(1.0)
        alive = d.alive()
        code = d.stop()
        outbox = outbox_line(ctx.frist, config)
        keys = sink.deliveries()
        got = set(keys) & want
        after_restart = None
        if not (complete and alive):
            after_restart = restart_and_finish(ctx, config, sink, want, d, 5.0, "daemon-restart")
        cpu = (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None
        res.figures = {"delivered_without_restart": "yes" if complete and alive else "no",
                       "delivered": f"{len(got)}/{n}", "cpu_s_during_lock": cpu,
                       "lines_during_lock": len(during), "warning_lines_during_lock": len(problems) - len(errors),
                       "error_lines_during_lock": len(errors),
                       "first_error_line": shorten(errors[0]) if errors else "",
                       "delivered_during_lock": at_unlock - at_lock,
                       "requests_during_lock": requests_during_lock,
                       "repeats": repeats(keys), "lock_wait_s": round(took, 2),
                       "outbox_at_stop": outbox, "after_restart": after_restart,
}
        res.promise(complete and len(got) == n, f"{n - len(got)} keys not delivered")
        res.promise(alive_in_lock and alive, f"daemon exited ({d.returncode}) during or after the lock")
        res.promise(code == 0, f"exit {code} on SIGTERM")
        promise_outbox(res, outbox, n)
        return res.finish(f"delivered without restart: {res.figures['delivered_without_restart']} "
                          f"({len(got)}/{n}); lock held {hold:.0f} s from {at_lock} delivered; CPU during lock "
                          f"{cpu if cpu is None else f'{cpu:.2f}'} s; logged during it: {len(errors)} error lines, "
                          f"{len(problems) - len(errors)} warnings, {len(during)} lines in all; outbox at stop: {outbox}"
                          + (f"; after a restart {after_restart}" if after_restart else ""))
    finally:
        if db is not None:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            db.close()
        stop_all(d, sink)


# ================================================================ 5. two_daemons

def scenario_two_daemons(ctx: Context, res: Result) -> Result:
    n = ctx.n
    folder = ctx.folder("two_daemons")
    sink = Sink(folder, "two_daemons", [{"status": 200, "delay": 0.02}])
    a = b = None
    try:
        config = burst_config(folder, sink.url(), n)
        want = expected_keys(ctx.frist, config, n)
        a = Daemon(ctx.frist, config, "first", BURST_START, 10.0)
        a.wait_running()
        if not sink.wait_count(1, 60):
            raise ScenarioError("the first daemon's burst did not start")
        at_start = sink.unique()
        b = Daemon(ctx.frist, config, "second", iso(a.sim_now()), 10.0)
        deadline = time.monotonic() + 15
        while b.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        b_exited = not b.alive()
        b_code = b.returncode
        b_lines = [line for line in b.lines() if line.strip()]
        complete = sink.wait_unique(n, 120, [a, b])
        sink.settle(1.5)
        a_alive = a.alive()
        codes = stop_all(a, b)
        outbox = outbox_line(ctx.frist, config)
        keys = sink.deliveries()
        got = set(keys) & want
        b_sent = sum(1 for line in b.lines() if " sent " in line or line.startswith("sent "))
        res.figures = {"second_exited": b_exited, "second_exit": b_code if b_exited else f"still running ({codes.get('second')})",
                       "second_stderr_lines": len(b_lines),
                       "second_first_line": shorten(b_lines[0]) if b_lines else "",
                       "repeats": repeats(keys), "delivered": f"{len(got)}/{n}", "second_sent_lines": b_sent,
                       "outbox_at_stop": outbox}
        res.promise(b_exited and b_code not in (0, None), "the second daemon did not refuse (exit ≠ 0) within 15 s")
        res.promise(repeats(keys) == 0, f"{repeats(keys)} repeats")
        res.promise(complete and len(got) == n, f"{n - len(got)} keys lost")
        res.promise(a_alive and codes.get("first") == 0, f"first daemon: alive {a_alive}, exit {codes.get('first')}")
        promise_outbox(res, outbox, n)
        return res.finish(f"second daemon (started at {at_start}/{n}) "
                          + (f"exited {b_code}" if b_exited else "kept running")
                          + f", {len(b_lines)} stderr lines, first: “{shorten(b_lines[0], 110) if b_lines else ''}”; "
                          f"repeats {repeats(keys)}; {len(got)}/{n} delivered")
    finally:
        stop_all(a, b, sink)


# ================================================================ 6. fuzz

FUZZ_BASE_MAIN = """timezone: Europe/Copenhagen
language: da
send_time: "09:00"
state_dir: state
catch_up: 3d
max_age: 24h
calendar:
  holidays: denmark
  closed: [2021-12-24, 2021-12-31, 2022-07-11..2022-07-22]
  weekend: [saturday, sunday]
defaults:
  before: [14d, 3bd]
  on_due: true
  overdue: {every: 7d, times: 4}
  escalate: {after: 14d, to: [chef]}
people:
  anne: {name: Anne Jensen, email: anne@example.dk}
  chef: {name: Social- og Projektchef, email: chef@example.dk}
channels:
  hook:
    type: webhook
    url: "http://127.0.0.1:9/hooks/T000/B000/s3cr3tF0zz"
    headers: {X-Source: frist}
    body: '{"summary": "{{subject}}", "details": "{{text}}", "due": "{{due}}"}'
    templates:
      subject: "[{{project}}] {{title}} – {{when}}"
  mail: {type: email, url: "smtp://127.0.0.1:2525", from: "Frist <frist@example.dk>", starttls: optional}
digests:
  - id: ugens-frister
    every: monday
    time: "08:00"
    days: 14
    to: [anne]
    notify: [hook]
include: [schedules/*.yaml]
"""

FUZZ_BASE_SCHEDULE = """project:
  id: taskforce
  name: Task Force – Afdeling for Børn og Familie
  owner: anne
  notify: [hook, mail]
milestones:
  - id: apv-handleplan
    title: Handleplan for psykisk APV godkendt
    due: 2021-09-30
    done: 2021-09-20
  - id: kvartalsstatus
    title: Kvartalsvis status til Børne- og Ungeudvalget
    repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
    start: 2021-03-31
    until: 2023-12-31
    shift: before
    before: [1bd]
    owner: chef
  - id: ombygning
    title: Ombygningen er gennemført
    due: 2021-12-31T12:00
    overdue: null
    escalate: {after: 0d, to: [chef]}
  - id: moede
    title: Politisk styregruppe
    repeat: FREQ=YEARLY;BYMONTH=3,9;BYDAY=-1FR
    start: 2023-03-31
    until: 2024-12-31
"""

INTERESTING = ["-1", "0", "99999999999999999999999", "1e309", ".nan", ".inf", "~", "null", "true", "''",
               '""', "[]", "{}", "!!binary AAAA", "!!python/object/apply:os.system ['true']", "&a x", "*nope",
               "2021-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "25:00", "24:00", "-0d", "99999999d",
               "999999999bd", "FREQ=DAILY;COUNT=999999999", "FREQ=DAILY;INTERVAL=0",
               "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=WEEKLY;BYDAY=99MO",
               "FREQ=DAILY;UNTIL=99991231", "FREQ=MONTHLY;BYSETPOS=-9999;BYDAY=MO", "Europe/../../etc/passwd",
               "'{{#a}}{{/b}}'", "'{{{{{{'", "\"\\u0000\"", "\"\\uD800\"", "'%s%s%s%n'", "http://[::1", "smtp://",
               "file:///etc/shadow", "Mars/Olympus", "@", "`", "|", ">", "- - - -"]

GLOB_PIECES = ["*", "**", "?", "[a-z]", "[!x]", "[", "]", "{a,b}", "..", ".", "schedules", "*.yaml", "\\\\",
               "~", "$HOME", "%s", "æøå", "schedules/**", "*/*/*/*", "nope", ".frist-state", "state", "..."]


def fuzz_case(rng: random.Random, main: bytes, sched: bytes) -> tuple[str, bytes, bytes]:
    """One mutation of one of the two files: (description, frist.yaml, schedules/tf.yaml)."""
    kind = rng.choice(["flip", "flip", "truncate", "deep", "huge", "utf8", "glob", "glob", "value", "value",
                       "lines", "alias"])
    target = rng.choice(["main", "sched"])
    data = bytearray(main if target == "main" else sched)
    desc = kind
    if kind == "flip":
        k = rng.randint(1, 12)
        for _ in range(k):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256) if rng.random() < 0.5 else data[i] ^ (1 << rng.randrange(8))
        desc = f"flip {k} bytes in {target}"
    elif kind == "truncate":
        cut = rng.randrange(len(data))
        data = data[:cut]
        desc = f"truncate {target} at {cut}"
    elif kind == "deep":
        depth = rng.choice([1000, 10_000, 10_000, 100_000])
        style = rng.choice(["[", "[]", "{a: ", "{", "- ", "block"])
        if style == "[":
            value = "[" * depth
        elif style == "[]":
            value = "[" * depth + "]" * depth
        elif style == "{a: ":
            value = "{a: " * depth + "1" + "}" * depth
        elif style == "{":
            value = "{" * depth
        elif style == "- ":
            value = "\n  " + "- " * depth + "x"
        else:
            depth = min(depth, 5000)
            value = "\n" + "\n".join(" " * (2 * i + 2) + f"k{i}:" for i in range(depth)) + " x"
        field = rng.choice(["send_time", "calendar", "people", "milestones", "project", "include", "zz"])
        text = data.decode("utf-8", "replace")
        data = bytearray((f"{field}: {value}\n" + text if rng.random() < 0.5 else text + f"\n{field}: {value}\n")
                         .encode())
        desc = f"nest {style.strip() or 'dash'}×{depth} at {field} in {target}"
    elif kind == "huge":
        size = rng.choice([1_000_000, 5_000_000])
        what = rng.choice(["send_time", "title", "key", "url", "comment", "id", "timezone", "line"])
        big = rng.choice(["x", "9", "é", "{{", "\\"]) * (size // 2 if rng.random() < 0.3 else size)
        if what == "send_time":
            text = f'send_time: "{big}"\n' + main.decode().replace('send_time: "09:00"\n', "")
            data, target = bytearray(text.encode()), "main"
        elif what == "title":
            text = sched.decode().replace("title: Ombygningen er gennemført", f"title: '{big}'")
            data, target = bytearray(text.encode()), "sched"
        elif what == "key":
            data = bytearray(data + f"\n{big}: 1\n".encode())
        elif what == "url":
            text = main.decode().replace("http://127.0.0.1:9/hooks/T000/B000/s3cr3tF0zz", "http://127.0.0.1:9/" + big)
            data, target = bytearray(text.encode()), "main"
        elif what == "comment":
            data = bytearray(data + f"\n# {big}\n".encode())
        elif what == "id":
            text = sched.decode().replace("id: moede", f"id: {big}")
            data, target = bytearray(text.encode()), "sched"
        elif what == "timezone":
            text = main.decode().replace("timezone: Europe/Copenhagen", f"timezone: {big}")
            data, target = bytearray(text.encode()), "main"
        else:
            data = bytearray(data.rstrip(b"\n") + big.encode())
        desc = f"huge {what} ({big[:2]!r}…, {len(big.encode()) / 1e6:g} MB) in {target}"
    elif kind == "utf8":
        bad = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf", b"\x00",
               b"\xef\xbb\xbf", b"\xe2\x82", b"\x80\x80\x80", b"\xf4\x90\x80\x80", b"\x1b[2J"]
        k = rng.randint(1, 6)
        for _ in range(k):
            i = rng.randrange(len(data) + 1)
            data[i:i] = rng.choice(bad)
        if rng.random() < 0.15:
            data = bytearray(b"\xff\xfe" + bytes(data).decode("utf-8", "replace").encode("utf-16-le"))
            desc = f"utf-16 {target}"
        else:
            desc = f"invalid utf-8 ×{k} in {target}"
    elif kind == "glob":
        parts = [rng.choice(GLOB_PIECES) for _ in range(rng.randint(1, 6))]
        glob = "/".join(parts) if rng.random() < 0.7 else "".join(parts)
        if rng.random() < 0.15:
            glob = "../" + glob
        if rng.random() < 0.1:
            glob = "/nonexistent/" + glob
        if rng.random() < 0.05:
            glob = "*" * 10_000
        glob = glob.replace("\\", "\\\\").replace('"', '\\"')
        if rng.random() < 0.08:
            glob += "\\0x"          # a NUL byte inside the pattern
        many = rng.random() < 0.2
        value = "[" + ", ".join(f'"{glob}"' for _ in range(rng.randint(2, 50))) + "]" if many else f'["{glob}"]'
        if rng.random() < 0.1:
            value = rng.choice(["~", "42", "{a: b}", "[[x]]", "''", "[schedules/*.yaml, schedules/*.yaml]"])
        text = main.decode().replace("include: [schedules/*.yaml]", f"include: {value}")
        data, target = bytearray(text.encode()), "main"
        desc = f"include: {shorten(value, 70)}"
    elif kind == "value":
        text = data.decode()
        spots = [m for m in re.finditer(r"(:\s+)([^\s{\[][^\n]*)", text)]
        k = rng.randint(1, 3)
        chosen = []
        for _ in range(k):
            m = rng.choice(spots)
            v = rng.choice(INTERESTING)
            chosen.append((m.start(2), m.end(2), v))
        for start, end, v in sorted(chosen, reverse=True):
            text = text[:start] + v + text[end:]
        data = bytearray(text.encode())
        desc = f"values {[c[2] for c in chosen]} in {target}"
    elif kind == "lines":
        lines = bytes(data).split(b"\n")
        op = rng.choice(["dup", "drop", "swap", "indent", "repeat"])
        i = rng.randrange(len(lines))
        j = rng.randrange(len(lines))
        if op == "dup":
            lines.insert(j, lines[i])
        elif op == "drop":
            del lines[i]
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = b" " * rng.choice([1, 3, 7, 40]) + lines[i]
        else:
            lines[i:i] = [lines[i]] * rng.choice([100, 10_000])
        data = bytearray(b"\n".join(lines))
        desc = f"lines {op} {i}/{j} in {target}"
    else:   # alias: the billion laughs
        levels = rng.choice([5, 9, 12])
        text = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for lv in range(1, levels):
            text += f"lol{lv}: &l{lv} [" + ", ".join([f"*l{lv - 1}"] * 10) + "]\n"
        field = rng.choice(["people", "calendar", "closed", "milestones", "before"])
        if field == "closed":
            text += f"calendar: {{closed: *l{levels - 1}}}\n"
        elif field == "before":
            text += f"defaults: {{before: *l{levels - 1}}}\n"
        else:
            text += f"{field}: *l{levels - 1}\n"
        data = bytearray((text + data.decode()).encode())
        desc = f"alias bomb 10^{levels} at {field} in {target}"
    if target == "main":
        return desc, bytes(data), sched
    return desc, main, bytes(data)


def run_check(frist: str, folder: str, timeout: float, mem_kb: int) -> dict:
    out_path, err_path = os.path.join(folder, "check.out"), os.path.join(folder, "check.err")
    with open(out_path, "wb") as so, open(err_path, "wb") as se:
        t0 = time.monotonic()
        # ulimit -v keeps an alias bomb or an endless read from taking the machine down with it.
        p = REG.add(subprocess.Popen(["/bin/sh", "-c", f'ulimit -v {mem_kb} 2>/dev/null; exec "$0" "$@"', frist,
                                      "check", "--config", os.path.join(folder, "frist.yaml")],
                                     cwd=folder, env=clean_env(), stdin=subprocess.DEVNULL, stdout=so, stderr=se,
                                     start_new_session=True))
        timed_out = False
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(10)
        seconds = time.monotonic() - t0
    with REG.lock:
        if p in REG.procs:
            REG.procs.remove(p)
    err_size = os.path.getsize(err_path)
    out_size = os.path.getsize(out_path)

    def ends(path, size):
        with open(path, "rb") as f:
            head = f.read(65536)
            if size > 131072:
                f.seek(size - 65536)
            return (head + f.read(65536)).decode("utf-8", "replace")
    text = ends(err_path, err_size) + "\n" + ends(out_path, out_size)
    trace = next((pat.pattern for pat in TRACE_PATTERNS if pat.search(text)), None)
    first = next((line for line in ends(err_path, err_size).splitlines() if line.strip()), "")
    longest = lines = 0
    with open(err_path, "rb") as f:
        for line in f:
            lines += 1
            longest = max(longest, len(line))
    return {"code": p.returncode, "timed_out": timed_out, "seconds": seconds, "err_size": err_size,
            "err_lines": lines, "longest_line": longest, "trace": trace, "first": first}


def scenario_fuzz(ctx: Context, res: Result) -> Result:
    k = ctx.args.fuzz
    time_bound, stderr_bound, mem_kb = 10.0, 64 * 1024, 4 * 1024 * 1024
    base = ctx.folder("fuzz")
    main, sched = FUZZ_BASE_MAIN.encode(), FUZZ_BASE_SCHEDULE.encode()
    # The unmutated base must be valid, or the fuzzing says nothing.
    write(os.path.join(base, "frist.yaml"), main)
    write(os.path.join(base, "schedules", "tf.yaml"), sched)
    r = run_check(ctx.frist, base, 30, mem_kb)
    if r["code"] != 0:
        raise ScenarioError(f"the fuzz base config is refused (exit {r['code']}): {r['first']}")
    seed = ctx.args.seed
    cases = []
    rng = random.Random(f"{seed}-fuzz")
    for i in range(k):
        cases.append((i,) + fuzz_case(rng, main, sched))
    keep = ctx.args.keep_failures
    failures = []
    stats = {"exit0": 0, "exit78": 0}
    largest = (0, "")
    slowest = (0.0, "")
    lock = threading.Lock()

    budget_end = time.monotonic() + ctx.args.fuzz_budget
    skipped = []

    def one(case):
        i, desc, m, s = case
        if time.monotonic() > budget_end:
            skipped.append(i)
            return i, desc, None, []
        folder = os.path.join(base, f"case{i}")
        write(os.path.join(folder, "frist.yaml"), m)
        write(os.path.join(folder, "schedules", "tf.yaml"), s)
        r = run_check(ctx.frist, folder, time_bound, mem_kb)
        why = []
        if r["timed_out"]:
            why.append(f"no exit within {time_bound:.0f} s")
        elif r["code"] < 0 or r["code"] >= 128:
            sig = -r["code"] if r["code"] < 0 else r["code"] - 128
            why.append(f"signal {signal.Signals(sig).name if sig in signal.valid_signals() else sig}")
        elif r["code"] not in (0, 78):
            why.append(f"exit {r['code']}")
        if r["trace"]:
            why.append(f"stack trace ({r['trace']})")
        if r["err_size"] > stderr_bound:
            shape = "a line echoes a huge value" if r["longest_line"] > 4096 else "too many lines"
            why.append(f"stderr {r['err_size']} bytes in {r['err_lines']} lines ({shape})")
        if why and keep:
            dest = os.path.join(keep, f"case{i}")
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(folder, dest)
        shutil.rmtree(folder, ignore_errors=True)
        return i, desc, r, why

    workers = max(1, min(2, os.cpu_count() or 1))
    t0 = time.monotonic()
    pool = ThreadPoolExecutor(workers)
    try:
        for i, desc, r, why in pool.map(one, cases):
            if r is None:
                continue
            with lock:
                if r["code"] == 0:
                    stats["exit0"] += 1
                elif r["code"] == 78:
                    stats["exit78"] += 1
                if r["err_size"] > largest[0]:
                    largest = (r["err_size"], desc)
                if r["seconds"] > slowest[0]:
                    slowest = (r["seconds"], desc)
                if why:
                    failures.append((i, desc, why, r["first"]))
    finally:
        # On Ctrl-C: the queued cases are dropped, the running ones end within the time bound.
        pool.shutdown(wait=True, cancel_futures=True)
    elapsed = time.monotonic() - t0
    by_reason: dict = {}
    for _, desc, why, _ in failures:
        for w in why:
            label = re.sub(r"stderr \d+ bytes in \d+ lines", "stderr too big", w)
            label = re.sub(r" \(\S+\)$", "", label) if label.startswith("stack") else label
            by_reason[label] = by_reason.get(label, 0) + 1
    res.figures = {"cases": k - len(skipped), "seed": seed, "not_run_budget": len(skipped), "exit_0": stats["exit0"], "exit_78": stats["exit78"],
                   "failed": len(failures), "by_reason": by_reason, "largest_stderr_bytes": largest[0],
                   "largest_stderr_case": largest[1], "slowest_s": round(slowest[0], 2),
                   "slowest_case": slowest[1], "seconds": round(elapsed, 1),
                   "failing_cases": [f"#{i} {desc}: {', '.join(why)}" for i, desc, why, _ in sorted(failures)[:12]]}
    res.promise(not failures, f"{len(failures)} of {k - len(skipped)} cases broke a promise")
    res.promise(not skipped, f"{len(skipped)} cases not run: the {ctx.args.fuzz_budget:.0f} s budget ran out")
    for i, desc, why, first in sorted(failures)[:12]:
        log(f"fuzz case #{i} ({desc}): {', '.join(why)}; stderr: {shorten(first, 120)}")
    return res.finish(f"{k - len(skipped)} configs (seed {seed}): {stats['exit0']} exit 0, {stats['exit78']} exit 78, "
                      f"{len(failures)} broke a promise {by_reason or ''}; largest stderr {largest[0]} bytes "
                      f"({largest[1]}); slowest {slowest[0]:.2f} s ({slowest[1]})")


# ================================================================ 7. sighup_storm

def scenario_sighup_storm(ctx: Context, res: Result) -> Result:
    n = ctx.n
    hups = 50
    folder = ctx.folder("sighup_storm")
    sink = Sink(folder, "sighup_storm", [{"status": 200, "delay": 0.03}])
    d = None
    try:
        config = burst_config(folder, sink.url(), n)
        want = expected_keys(ctx.frist, config, n)
        schedule_path = os.path.join(folder, "schedules", "tf.yaml")
        full = burst_schedule(n).encode()
        d = Daemon(ctx.frist, config, "daemon", BURST_START, 10.0)
        d.wait_running()
        if not sink.wait_count(1, 60):
            raise ScenarioError("the burst did not start")
        at_storm = sink.unique()
        sent = half = 0
        cuts = []
        t0 = time.monotonic()
        while sent < hups and d.alive() and time.monotonic() - t0 < 60:
            if sent % 5 == 2 and sent + 2 <= hups:
                # An editor writing the file in place: part of it, a reload, then the rest.
                cut = ctx.rng.randrange(1, len(full))
                if half % 2 == 0:
                    # At a line end: the half-written file is valid, with fewer milestones.
                    cut = full.rindex(b"\n", 0, cut) + 1 if b"\n" in full[:cut] else cut
                valid_prefix = full[cut - 1:cut] == b"\n"
                with open(schedule_path, "r+b") as f:
                    f.truncate(0)
                    f.write(full[:cut])
                    f.flush()
                    os.fsync(f.fileno())
                    seen = len(d.lines())
                    d.signal(signal.SIGHUP)
                    sent += 1
                    # A slow editor: the half file stays until the daemon has read it (≤ 3 s).
                    deadline = time.monotonic() + 3
                    while time.monotonic() < deadline and d.alive():
                        new = d.lines()[seen:]
                        if valid_prefix and any(re.search(r"configuration reloaded: (\d+) milestones", x)
                                                and int(re.search(r"reloaded: (\d+)", x).group(1)) < n
                                                for x in new):
                            break
                        if not valid_prefix and any("reload refused" in x for x in new):
                            break
                        time.sleep(0.005)
                    time.sleep(ctx.rng.uniform(0.0, 0.05))
                    f.write(full[cut:])
                    f.flush()
                    os.fsync(f.fileno())
                d.signal(signal.SIGHUP)
                sent += 1
                half += 1
                cuts.append(cut)
            else:
                d.signal(signal.SIGHUP)
                sent += 1
            time.sleep(ctx.rng.uniform(0.005, 0.04))
        storm_s = time.monotonic() - t0
        at_end_of_storm = sink.unique()
        complete = sink.wait_unique(n, 120, [d])
        sink.settle(1.0)
        alive = d.alive()
        code = d.stop()
        lines = d.lines()
        keys = sink.deliveries()
        got = set(keys) & want
        outbox = outbox_line(ctx.frist, config)
        sizes = [int(m.group(1)) for m in (re.search(r"configuration reloaded: (\d+) milestones", line)
                                           for line in lines) if m]
        shrunk = sorted(set(x for x in sizes if x < n))
        reloaded = sum(1 for line in lines if "configuration reloaded" in line)
        refused = sum(1 for line in lines if "reload refused" in line)
        res.figures = {"delivered": f"{len(got)}/{n}", "sighups": sent, "half_written": half,
                       "reloaded_lines": reloaded, "refused_lines": refused, "still_running": alive,
                       "reloads_with_fewer_milestones": shrunk, "outbox_at_stop": outbox,
                       "repeats": repeats(keys), "storm_s": round(storm_s, 2),
                       "delivered_at_storm_start": at_storm, "delivered_at_storm_end": at_end_of_storm,
                       "exit": code, "first_problem": first_problem(lines)}
        res.promise(complete and len(got) == n, f"{n - len(got)} reminders not delivered")
        res.promise(alive, f"daemon exited {d.returncode} during the storm")
        res.promise(code == 0, f"exit {code} on SIGTERM")
        promise_outbox(res, outbox, n)
        return res.finish(f"{sent} SIGHUPs in {storm_s:.1f} s ({half} with a half-written schedule) from "
                          f"{at_storm}/{n} delivered: {len(got)}/{n} delivered, running {alive}, "
                          f"{reloaded} reloads / {refused} refused logged (partial files loaded with "
                          f"{shrunk} milestones), repeats {repeats(keys)}; outbox at stop: {outbox}")
    finally:
        stop_all(d, sink)


# ================================================================ 8. disk_full

def scenario_disk_full(ctx: Context, res: Result) -> Result:
    n = ctx.n
    if os.geteuid() != 0:
        return res.skip("skipped: needs root and tmpfs")
    folder = ctx.folder("disk_full")
    mnt = os.path.join(folder, "statefs")
    os.makedirs(mnt)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", mnt],
                       capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        return res.skip(f"skipped: needs root and tmpfs ({shorten(r.stderr, 80)})")
    REG.mounts.append(mnt)
    sink = None
    d = None
    try:
        sink = Sink(folder, "disk_full", [{"status": 200, "delay": 0.005}])
        config = burst_config(folder, sink.url(), n, state_dir=os.path.join(mnt, "state"))
        want = expected_keys(ctx.frist, config, n)
        d = Daemon(ctx.frist, config, "daemon", "2021-09-30T08:59:50+02:00", 2.0)
        d.wait_running()
        # Leave 256 KiB free, so that the burst (outbox rows, WAL) fills the rest.
        filler = os.path.join(mnt, "filler")
        st = os.statvfs(mnt)
        free = st.f_bavail * st.f_frsize
        with open(filler, "wb") as f:
            left = max(0, free - 256 * 1024)
            while left > 0:
                try:
                    f.write(b"\0" * min(65536, left))
                    f.flush()
                except OSError:
                    break
                left -= 65536
        lines0 = len(d.lines())
        # Until the file system is full and the daemon noticed, or 15 s.
        full_seen = False
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and d.alive():
            st = os.statvfs(mnt)
            if st.f_bavail * st.f_frsize < 16 * 1024:
                full_seen = True
            if full_seen and any(is_problem(line) for line in d.lines()[lines0:]):
                break
            if sink.unique() >= n:
                break
            time.sleep(0.05)
        time.sleep(2.0)                 # let it be full a while
        at_full = sink.unique()
        problems_full = [line for line in d.lines()[lines0:] if is_problem(line)]
        alive_full = d.alive()
        r = subprocess.run(["mount", "-o", "remount,size=64m", mnt], capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise ScenarioError(f"remount failed: {r.stderr.strip()}")
        os.unlink(filler)
        complete = sink.wait_unique(n, 120, [d])
        sink.settle(1.0)
        alive = d.alive()
        exit_in_run = None if alive else d.returncode
        code = d.stop()
        outbox = outbox_line(ctx.frist, config)
        keys = sink.deliveries()
        got = set(keys) & want
        after_restart = None
        if not (complete and alive):
            after_restart = restart_and_finish(ctx, config, sink, want, d, 2.0, "daemon-restart")
        res.figures = {"filled": full_seen, "delivered_when_full": at_full,
                       "delivered_without_restart": "yes" if complete and alive else "no",
                       "delivered": f"{len(got)}/{n}", "daemon_exit_during_run": exit_in_run,
                       "alive_while_full": alive_full, "warning_lines_while_full": len(problems_full),
                       "first_problem": shorten(problems_full[0]) if problems_full else "",
                       "outbox_at_stop": outbox, "after_restart": after_restart, "repeats": repeats(keys)}
        res.promise(full_seen, "the 2 MB tmpfs never filled (raise --reminders)")
        res.promise(complete and alive, "not everything delivered without a restart")
        res.promise(code == 0 or not alive, f"exit {code} on SIGTERM")
        promise_outbox(res, outbox, n)
        return res.finish(f"delivered without restart: {res.figures['delivered_without_restart']} "
                          f"({len(got)}/{n}); tmpfs full at {at_full}/{n} delivered, "
                          f"{len(problems_full)} warning+ lines while full"
                          + (f", daemon exited {exit_in_run}" if exit_in_run is not None else "")
                          + (f"; after a restart {after_restart}" if after_restart else ""))
    finally:
        stop_all(d, sink)
        unmount(mnt)
        if mnt in REG.mounts:
            REG.mounts.remove(mnt)


# ================================================================ 9. echo_secrets

class EchoHandler(BaseHTTPRequestHandler):
    """Answers 400 to everything, echoing the path and URL back in every common form."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        host = self.headers.get("Host", "127.0.0.1")
        url = f"http://{host}{self.path}"
        self.server.seen.append(self.path)
        body = json.dumps({"error": "invalid_payload", "message": f"no such hook: {self.path}",
                           "url": url, "url_escaped": url.replace("/", "\\/"),
                           "token": self.path.rsplit("/", 1)[-1].split("?")[0]})
        body = body.replace("\\\\/", "\\/") + f"\nPOST {url} rejected\n{self.path}\n"
        data = body.encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Echo-Url", url)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = handle_any


def scenario_echo_secrets(ctx: Context, res: Result) -> Result:
    folder = ctx.folder("echo_secrets")
    token = "s3cr3t" + "".join(ctx.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
                               for _ in range(20))
    query_secret = "q" + "".join(ctx.rng.choice("0123456789abcdef") for _ in range(24))
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    server.daemon_threads = True
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    d = None
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hooks/T0ABC/B0DEF/{token}?sig={query_secret}"
        config = burst_config(folder, url, 1, extra="dead_letters: [console]")
        secrets = [token, query_secret]

        def leaks(data: bytes) -> list:
            return [s for s in secrets if s.encode() in data]

        st = subprocess.run([ctx.frist, "send-test", "hook", "--config", config], cwd=folder, env=clean_env(),
                            capture_output=True, timeout=60)
        send_test_out = st.stdout + st.stderr
        found = {"send-test output": leaks(send_test_out)}
        d = Daemon(ctx.frist, config, "daemon", "2021-09-30T08:59:58+02:00", 2.0)
        d.wait_running()
        dead = d.wait_log("dead letters", 30)
        time.sleep(0.5)
        state = os.path.join(folder, "state")

        def state_bytes() -> bytes:
            blob = b""
            for name in sorted(os.listdir(state)) if os.path.isdir(state) else []:
                path = os.path.join(state, name)
                if os.path.isfile(path):
                    with open(path, "rb") as f:
                        blob += f.read()
            return blob
        running_state = state_bytes()
        code = d.stop()
        found["state files (daemon running)"] = leaks(running_state)
        found["state files (after stop)"] = leaks(state_bytes())
        with open(d.stderr_path, "rb") as f1, open(d.stdout_path, "rb") as f2:
            found["daemon log (extra)"] = leaks(f1.read() + f2.read())
        status = subprocess.run([ctx.frist, "status", "--config", config], cwd=folder, env=clean_env(),
                                capture_output=True, timeout=60)
        found["frist status (extra)"] = leaks(status.stdout + status.stderr)
        echoed = any(token in p for p in server.seen)
        # Which of the gateway's echoes got through unmasked (the full string of each form).
        path = url.split("127.0.0.1:", 1)[1].split("/", 1)[1]
        forms = {"url": url, "path": "/" + path, "url_escaped": url.replace("/", "\\/"),
                 "path_escaped": ("/" + path.split("?")[0]).replace("/", "\\/"),
                 "bare_token": f'"token": "{token}"'}
        unmasked = sorted(name for name, text in forms.items()
                          if text.encode() in send_test_out + running_state)
        res.figures = {"gateway_saw_secret": echoed, "send_test_exit": st.returncode,
                       "send_test_output": shorten(send_test_out.decode("utf-8", "replace"), 140),
                       "dead_lettered": dead, "state_bytes": len(running_state),
                       "echo_forms_unmasked": ",".join(unmasked) or "none",
                       **{f"leak in {k}": bool(v) for k, v in found.items()}}
        res.promise(echoed, "the echo gateway never received the secret path (test set-up)")
        res.promise(not found["send-test output"], "secret in send-test output")
        res.promise(not found["state files (daemon running)"] and not found["state files (after stop)"],
                    "secret in the state database")
        res.promise(not found["daemon log (extra)"], "secret in the daemon's log")
        res.promise(not found["frist status (extra)"], "secret in frist status")
        res.promise(dead, "the 400 was never dead-lettered (state not exercised)")
        leaked = [k for k, v in found.items() if v]
        return res.finish((f"secret leaked into: {', '.join(leaked)} (echo forms not masked: "
                           f"{', '.join(unmasked) or 'none'})") if leaked else
                          f"no leak (send-test exit {st.returncode}; state {len(running_state)} bytes, log, status checked)")
    finally:
        stop_all(d)
        server.shutdown()
        server.server_close()


# ================================================================ driver

SCENARIOS = [
    ("kill9", scenario_kill9),
    ("outage", scenario_outage),
    ("retry_after", scenario_retry_after),
    ("lock", scenario_lock),
    ("two_daemons", scenario_two_daemons),
    ("fuzz", scenario_fuzz),
    ("sighup_storm", scenario_sighup_storm),
    ("disk_full", scenario_disk_full),
    ("echo_secrets", scenario_echo_secrets),
]


def fmt_figure(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def main() -> int:
    names = [n for n, _ in SCENARIOS]
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="scenarios: " + ", ".join(names))
    p.add_argument("--frist", default=os.environ.get("FRIST", os.path.join(REPO, ".build", "debug", "frist")),
                   help="the frist binary (default $FRIST, else .build/debug/frist)")
    p.add_argument("--only", action="append", default=[], help="scenario name(s), comma-separated; repeatable")
    p.add_argument("--reminders", type=int, default=2000, help="reminders per burst (default 2000)")
    p.add_argument("--crashes", type=int, default=5, help="kill -9 count in kill9 (default 5)")
    p.add_argument("--fuzz", type=int, default=500, help="mutated configs in fuzz (default 500)")
    p.add_argument("--fuzz-budget", type=float, default=240, metavar="S",
                   help="fuzz stops starting cases after S seconds (default 240)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock, printed)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, records, states)")
    p.add_argument("--keep-failures", metavar="DIR", help="copy each failing fuzz case's config into DIR")
    p.add_argument("--json", metavar="FILE", help="also write every result with its figures as JSON")
    args = p.parse_args()
    if args.seed is None:
        args.seed = int(time.time() * 1000) % 1_000_000
    only = [x for group in args.only for x in group.split(",") if x]
    unknown = [x for x in only if x not in names]
    if unknown:
        p.error(f"unknown scenario {unknown}; choose from {', '.join(names)}")
    if not (os.path.isfile(args.frist) and os.access(args.frist, os.X_OK)):
        p.error(f"no executable frist at {args.frist}")
    if args.reminders < 20:
        p.error("--reminders must be at least 20")
    args.frist = os.path.abspath(args.frist)
    if args.keep_failures:
        os.makedirs(args.keep_failures, exist_ok=True)
        args.keep_failures = os.path.abspath(args.keep_failures)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    root = tempfile.mkdtemp(prefix="frist-soak.")
    version = subprocess.run([args.frist, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    print(f"soak: {version or args.frist}; seed {args.seed}; {args.reminders} reminders per burst; "
          f"folder {root}", flush=True)
    results: list[Result] = []
    t_all = time.monotonic()
    interrupted = False
    try:
        for name, fn in SCENARIOS:
            if only and name not in only:
                continue
            res = Result(name)
            ctx = Context(args, root)
            ctx.rng = random.Random(f"{args.seed}-{name}")
            t0 = time.monotonic()
            log(f"{name}: starting")
            try:
                fn(ctx, res)
            except Stop:
                res.verdict, res.summary = "ERROR", "interrupted"
                res.seconds = time.monotonic() - t0
                results.append(res)
                raise
            except ScenarioError as e:
                res.verdict, res.summary = "ERROR", f"could not run: {e}"
            except Exception as e:   # a bug of this script: report it, go on with the next
                import traceback
                traceback.print_exc()
                res.verdict, res.summary = "ERROR", f"soak.py failed: {type(e).__name__}: {e}"
            finally:
                REG.stop_all()
            res.seconds = time.monotonic() - t0
            if res.broken and res.verdict == "FAILED":
                res.summary += "; BROKEN: " + "; ".join(res.broken)
            print(f"RESULT {name}: {res.verdict} ({res.seconds:.1f} s) — {res.summary}", flush=True)
            if res not in results:
                results.append(res)
    except Stop:
        interrupted = True
        log("interrupted; cleaning up")
    finally:
        REG.stop_all()
        REG.unmount_all()
        if args.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    total = time.monotonic() - t_all
    print()
    print("| scenario | verdict | s | figures |")
    print("| --- | --- | ---: | --- |")
    for r in results:
        figs = "; ".join(f"{k}={fmt_figure(v)}" for k, v in r.figures.items()
                         if k not in ("failing_cases",) and v not in ("", None))
        print(f"| {r.name} | {r.verdict} | {r.seconds:.0f} | {figs or r.summary} |")
    held = [r for r in results if r.verdict == "HELD"]
    skipped = [r for r in results if r.verdict == "SKIPPED"]
    bad = [r for r in results if r.verdict in ("FAILED", "ERROR")]
    print(f"\n{len(held)} held, {len(bad)} failed, {len(skipped)} skipped in {total:.0f} s (seed {args.seed})")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"seed": args.seed, "version": version, "seconds": round(total, 1),
                       "results": [{"name": r.name, "verdict": r.verdict, "seconds": round(r.seconds, 1),
                                    "summary": r.summary, "broken": r.broken, "figures": r.figures}
                                   for r in results]}, f, ensure_ascii=False, indent=1, default=str)
    if interrupted:
        return 130
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
