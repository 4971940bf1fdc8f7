#!/usr/bin/env python3
"""Send N webhook notifications with Apprise (PyPI `apprise`, 2.x) and time them.

    python3 bench/delivery/apprise_bench.py --url http://127.0.0.1:18080/hook \
        [--count 20000] [--mode sequential|fanout] [--fanout 32] [--max-seconds 120]

Apprise's generic JSON webhook plugin (`json://host:port/path`) POSTs
{"version","title","message","attachments","type"} to the endpoint, one HTTP
request per notification (the plugin uses `requests.request`, so a new TCP
connection each time: that is how Apprise sends, not a choice made here).

Modes:
  sequential (primary)  one Apprise object holding the one URL; notify() once
                        per notification, each with its own title and body,
                        as a program using Apprise sends reminders. Latency of
                        a notification = the time around its notify() call.
  fanout                Apprise's own parallelism: one Apprise object holding
                        F copies of the URL (distinct paths), so each notify()
                        sends F notifications at once through Apprise's shared
                        thread pool. All F carry the same message (that is what
                        a fan-out is). Latency of each of the F = the time of
                        its notify() call (each finished no later than that).

--max-seconds bounds the run: if the time is spent before --count
notifications are sent, it stops after the notify() call in progress and
reports what was actually sent (`sent=` is then below `requested=`, and
`truncated=1`); throughput is sent/seconds over what ran, never extrapolated
to notifications that were not sent.

Prints one line, keys as frist-bench-delivery prints them plus a few:
  sent=N seconds=S throughput=X/s p50_ms=.. p99_ms=.. tool=apprise ...
Exit status 1 if any notify() reported failure.
"""

import argparse
import logging
import math
import sys
import time
import urllib.parse


def percentile(sorted_values, p):
    """Nearest-rank percentile (the smallest value with at least p% at or below it)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def to_apprise_url(url):
    """http://127.0.0.1:18080/hook -> json://127.0.0.1:18080/hook"""
    u = urllib.parse.urlsplit(url)
    if u.scheme == "json":
        return url
    if u.scheme != "http":
        raise SystemExit(f"apprise_bench: only http:// URLs on loopback: {url}")
    host = u.hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise SystemExit(f"apprise_bench: refusing a non-loopback host: {host}")
    netloc = u.netloc
    return urllib.parse.urlunsplit(("json", netloc, u.path or "/", u.query, ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:18080/hook")
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--mode", choices=("sequential", "fanout"), default="sequential")
    ap.add_argument("--fanout", type=int, default=32,
                    help="URLs per notify() in fanout mode (default 32)")
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="stop after this much sending time (0: no limit)")
    args = ap.parse_args()
    if args.count < 1 or args.fanout < 1:
        ap.error("--count and --fanout must be >= 1")

    import apprise  # timed work starts after the import and the add()

    # Apprise logs a warning per failed notification; keep them on stderr but
    # do not let INFO/DEBUG logging cost time in the loop.
    logging.getLogger("apprise").setLevel(logging.WARNING)

    base = to_apprise_url(args.url)
    ap_obj = apprise.Apprise()
    if args.mode == "sequential":
        per_call = 1
        if not ap_obj.add(base):
            raise SystemExit(f"apprise_bench: Apprise rejected URL {base}")
    else:
        per_call = args.fanout
        sep = "" if base.endswith("/") else "/"
        for i in range(per_call):
            if not ap_obj.add(f"{base}{sep}{i}"):
                raise SystemExit(f"apprise_bench: Apprise rejected URL {base}{sep}{i}")
    if len(ap_obj) != per_call:
        raise SystemExit(f"apprise_bench: expected {per_call} services, have {len(ap_obj)}")

    calls = math.ceil(args.count / per_call)
    latencies = []          # seconds, one per notification
    failed_calls = 0
    sent = 0
    truncated = False
    deadline = None
    t0 = time.perf_counter()
    if args.max_seconds > 0:
        deadline = t0 + args.max_seconds
    for i in range(calls):
        n = min(per_call, args.count - sent) if args.mode == "sequential" else per_call
        s = time.perf_counter()
        ok = ap_obj.notify(
            title=f"Frist bench: milestone {i} due in 3 days",
            body=f"Milestone m{i:06d} (project bench) is due 2024-10-04. Reminder {i + 1} of {calls}.",
        )
        e = time.perf_counter()
        if not ok:
            failed_calls += 1
        latencies.extend([e - s] * n)
        sent += n
        if deadline is not None and e >= deadline and i + 1 < calls:
            truncated = True
            break
    total = time.perf_counter() - t0

    latencies.sort()
    fields = [
        f"sent={sent}",
        f"seconds={total:.3f}",
        f"throughput={sent / total:.1f}/s",
        f"p50_ms={percentile(latencies, 50) * 1000:.3f}",
        f"p99_ms={percentile(latencies, 99) * 1000:.3f}",
        "tool=apprise",
        f"version={apprise.__version__}",
        f"mode={args.mode}",
        f"per_call={per_call}",
        f"failed_calls={failed_calls}",
        f"requested={args.count}",
        f"truncated={int(truncated)}",
    ]
    print(" ".join(fields), flush=True)
    return 1 if failed_calls else 0


if __name__ == "__main__":
    sys.exit(main())
