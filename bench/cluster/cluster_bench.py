#!/usr/bin/env python3
"""Measure a cluster of `frist run` nodes on one PostgreSQL: burst rate, takeover, round trips.

Called by bench/cluster/run.sh (read it first). It reuses bench/daemon/daemon_bench.py
(the Daemon class: spawn, READY=1 on a notify socket, bounded stop; the configs with one
due minute; nginx's stub_status counter). Each subcommand prints result lines
`WHAT key=value ...` on stdout, progress on stderr, and stops every process it started.

    cluster_bench.py burst    --frist BIN --nginx-port P --pg-port Q --pg-bin DIR
                              [--nodes 2] [--count 20000] [--min-lead 15] [--timeout 120]
    cluster_bench.py takeover --frist BIN --nginx-port P --pg-port Q --pg-bin DIR
                              [--count 20000] [--kill-at 0.25] [--min-lead 15] [--timeout 120]

burst     a fresh database; N milestones due at one local minute (real clock), webhook to
          nginx; --nodes nodes started (all READY before the instant). Rate = count over
          first to last arrival at nginx (stub_status polled every 50 ms). Round trips:
          pg_stat_statements calls and pg_stat_database xact_commit of the database between
          a snapshot once the nodes are READY and one after they stopped, over count.
takeover  the same with two nodes; when the share --kill-at of the burst has arrived, the
          node with the most rows claimed (state inflight, claimed_by it) is killed -9. Then
          the outbox is polled: takeover = kill -> first of those rows sent by the other node,
          and kill -> all of them sent; also kill -> burst complete at nginx.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))
import daemon_bench as db  # noqa: E402  (the single-node bench's pieces)
from daemon_bench import Daemon, StubStatus, due_minute, log, out, write_config  # noqa: E402

ROLE = "frist"


class Pg:
    """psql on the throw-away server, as its superuser over 127.0.0.1 (trusted)."""

    def __init__(self, bin_dir: str, port: int):
        self.psql, self.port = os.path.join(bin_dir, "psql"), port

    def q(self, sql: str, database: str = "postgres") -> str:
        r = subprocess.run([self.psql, "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                            "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"psql {sql[:80]}: {r.stderr.strip()}")
        return r.stdout.strip()

    def fresh_database(self) -> str:
        name = f"frist_bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
        self.q(f"CREATE DATABASE {name} OWNER {ROLE}")
        return name

    def has_statements(self) -> bool:
        return self.q("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'") == "1"

    def counters(self, database: str) -> dict:
        row = self.q("SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, "
                     f"tup_deleted FROM pg_stat_database WHERE datname = '{database}'").split("|")
        keys = ["xact_commit", "xact_rollback", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted"]
        c = {k: int(v) for k, v in zip(keys, row)}
        c["statements"] = int(self.q(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            f"WHERE d.datname = '{database}'") or 0) if self.has_statements() else -1
        return c


def config(d: str, count: int, due: str, nginx_port: int, pg_port: int, database: str) -> str:
    path = write_config(d, count, due, f'{{type: webhook, url: "http://127.0.0.1:{nginx_port}/hook"}}')
    with open(path, "a") as f:
        f.write(f'store: {{url: "postgresql://{ROLE}@127.0.0.1:{pg_port}/{database}?sslmode=disable", '
                "heartbeat: 1s, lease: 4s}\n")
    db.check_config(a_frist, path)
    return path


def start_nodes(a, workdir: str, path: str, names: list[str]) -> list[Daemon]:
    nodes = []
    for name in names:
        d = Daemon(a.frist, path, workdir, name)
        nodes.append(d)
        os.environ["FRIST_NODE"] = name   # Daemon.start passes its environment on: --node by another name
        d.start(a.ready_timeout)
    os.environ.pop("FRIST_NODE", None)
    return nodes


def wait_until(epoch: float, nodes: list[Daemon]) -> None:
    """Sleeps until `epoch` (bounded by it), failing at once if a node exits meanwhile."""
    while time.time() < epoch:
        time.sleep(min(0.5, max(0.0, epoch - time.time())))
        for d in nodes:
            if not d.alive():
                raise RuntimeError(f"{d.label} exited before the due instant: {d.stderr_tail()}")


def poll_burst(stub: StubStatus, count: int, end: float, poll: float, on_tick=None):
    """(first arrival, last arrival or None, arrived) from nginx's counter, our polls subtracted."""
    base, reads0 = stub.read(), stub.reads
    first = done = None
    got = 0
    t_next = time.time()
    while True:
        v = stub.read()
        now = time.time()
        got = v - base - (stub.reads - reads0)
        if got > 0 and first is None:
            first = now
        if on_tick is not None:
            on_tick(now, got)
        if got >= count:
            done = now
            break
        if now >= end:
            break
        t_next += poll
        time.sleep(max(0.0, t_next - time.time()))
    return first, done, got


@contextlib.contextmanager
def burst_rig(a, kind: str, names: list[str]):
    """A fresh database, `a.count` milestones due at the next whole minute, the named nodes on it
    and the status stub on nginx; all stopped and removed afterwards. Yields what the run needs."""
    pg = Pg(a.pg_bin, a.pg_port)
    workdir = tempfile.mkdtemp(prefix=f"frist-bench-{kind}.", dir=a.workdir)
    nodes: list[Daemon] = []
    stub = StubStatus(a.nginx_port)
    try:
        database = pg.fresh_database()
        due, due_epoch = due_minute(a.min_lead)
        path = config(os.path.join(workdir, "cfg"), a.count, due, a.nginx_port, a.pg_port, database)
        nodes += start_nodes(a, workdir, path, names)
        yield pg, database, nodes, stub, due, due_epoch
    finally:
        stub.close()
        for d in nodes:
            d.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def cmd_burst(a) -> int:
    with burst_rig(a, "cluster", [f"node{i + 1}" for i in range(a.nodes)]) as (pg, database, nodes, stub, due, due_epoch):
        log(f"burst: {a.count} milestones due {due} (in {due_epoch - time.time():.0f} s), {a.nodes} nodes -> nginx")
        if a.marker:
            open(a.marker, "w").close()
        wait_until(due_epoch - 2.0, nodes)
        before = pg.counters(database)
        t0 = time.time()
        first, done, got = poll_burst(stub, a.count, due_epoch + a.timeout, a.poll)
        for d in nodes:
            d.stop()
        time.sleep(0.5)   # the backends' statistics go out when their sessions end
        after = pg.counters(database)
        fields = dict(nodes=a.nodes, count=a.count, arrived=got, due=due)
        if done is not None and first is not None:
            fields.update(seconds=f"{done - first:.3f}", rate=f"{a.count / max(1e-9, done - first):.0f}/s",
                          from_due_seconds=f"{done - due_epoch:.3f}", first_ms=f"{(first - due_epoch) * 1000:.0f}")
        else:
            fields.update(seconds="timeout", rate="na")
        delta = {k: after[k] - before[k] for k in before}
        window = time.time() - t0
        fields.update(window_s=f"{window:.1f}", **{f"d_{k}": v for k, v in delta.items()})
        fields.update(commits_per_reminder=f"{delta['xact_commit'] / a.count:.3f}",
                      statements_per_reminder=(f"{delta['statements'] / a.count:.3f}" if after["statements"] >= 0 else "na"))
        fields.update(outbox=pg.q("SELECT string_agg(state || ':' || n, ';' ORDER BY state) FROM "
                                  "(SELECT state, count(*) n FROM outbox GROUP BY state) s", database))
        fields.update(per_node=";".join(f"{d.label}:{sum(1 for l in d.stderr_lines() if ' sent ' in l)}" for d in nodes))
        fields.update(exits=";".join(f"{d.label}:{d.exit_code}" for d in nodes))
        out("cluster_burst", **fields)
        for d in nodes:
            d.print_problems()
        return 0 if done is not None else 1


def cmd_takeover(a) -> int:
    with burst_rig(a, "takeover", ["node1", "node2"]) as (pg, database, nodes, stub, due, due_epoch):
        log(f"takeover: {a.count} milestones due {due} (in {due_epoch - time.time():.0f} s); kill -9 at {a.kill_at:.0%}")
        wait_until(due_epoch - 2.0, nodes)
        state = {"killed": None, "victim": None, "held": []}

        def strike(now, got):
            if state["killed"] is None and got >= a.kill_at * a.count:
                rows = pg.q("SELECT claimed_by, count(*) FROM outbox WHERE state = 'inflight' GROUP BY claimed_by "
                            "ORDER BY 2 DESC LIMIT 1", database)
                name = rows.split("|")[0] if rows else "node1"
                victim = next(d for d in nodes if d.label == name)
                os.kill(victim.pid, signal.SIGKILL)
                state["killed"] = time.time()
                state["victim"] = victim
                victim.proc.wait(10)
                # Whatever it held when it died: rows inflight under its claim.
                held = pg.q(f"SELECT count(*) FROM outbox WHERE state = 'inflight' AND claimed_by = '{name}'", database)
                state["held"] = int(held or 0)
                pg.q(f"CREATE TABLE bench_held AS SELECT key, channel FROM outbox WHERE state = 'inflight' "
                     f"AND claimed_by = '{name}'", database)

        first, done, got = poll_burst(stub, a.count, due_epoch + a.timeout, a.poll, strike)
        killed = state["killed"]
        fields = dict(count=a.count, arrived=got, victim=state["victim"].label if state["victim"] else "none",
                      held=state["held"])
        if killed is None:
            out("takeover", **fields, result="the burst ended before the kill")
            return 1
        # The other node sends the dead one's rows once their lease has run out: poll the outbox.
        first_taken = all_taken = None
        end = time.time() + a.timeout
        while time.time() < end:
            sent = int(pg.q("SELECT count(*) FROM outbox o JOIN bench_held h USING (key, channel) "
                            "WHERE o.state = 'sent'", database) or 0)
            now = time.time()
            if sent > 0 and first_taken is None:
                first_taken = now
            if sent >= state["held"]:
                all_taken = now
                break
            time.sleep(a.poll)
        taken_by = pg.q("SELECT string_agg(DISTINCT coalesce(claimed_by, '-'), ',') FROM outbox o JOIN bench_held h "
                        "USING (key, channel)", database)
        fields.update(first_taken_s=f"{first_taken - killed:.2f}" if first_taken else "na",
                      all_taken_s=f"{all_taken - killed:.2f}" if all_taken else "na",
                      complete_s=f"{done - killed:.2f}" if done else "na", taken_by=taken_by or "-",
                      outbox=pg.q("SELECT string_agg(state || ':' || n, ';' ORDER BY state) FROM "
                                  "(SELECT state, count(*) n FROM outbox GROUP BY state) s", database))
        for d in nodes:
            d.stop()
        out("takeover", **fields)
        for d in nodes:
            if d is not state["victim"]:
                d.print_problems()
        return 0 if all_taken is not None and done is not None else 1


a_frist = ""


def main() -> int:
    global a_frist
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--frist", required=True)
    common.add_argument("--workdir", default=os.environ.get("TMPDIR", "/tmp"))
    common.add_argument("--ready-timeout", type=float, default=60)
    common.add_argument("--nginx-port", type=int, required=True)
    common.add_argument("--pg-port", type=int, required=True)
    common.add_argument("--pg-bin", required=True)
    common.add_argument("--count", type=int, default=20000)
    common.add_argument("--min-lead", type=float, default=15)
    common.add_argument("--timeout", type=float, default=120)
    common.add_argument("--poll", type=float, default=0.05)
    b = sub.add_parser("burst", parents=[common])
    b.add_argument("--nodes", type=int, default=2)
    b.add_argument("--marker", help="touched once the nodes are READY (run.sh starts Apprise then)")
    t = sub.add_parser("takeover", parents=[common])
    t.add_argument("--kill-at", type=float, default=0.25)
    a = ap.parse_args()
    a_frist = a.frist
    signal.signal(signal.SIGTERM, db.on_signal)
    signal.signal(signal.SIGINT, db.on_signal)
    try:
        return cmd_burst(a) if a.cmd == "burst" else cmd_takeover(a)
    except db.Stop as e:
        log(f"stopped: {e}")
        return 130
    except RuntimeError as e:
        log(str(e))
        print("problem " + "error=" + str(e).replace(" ", "_")[:300], flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
