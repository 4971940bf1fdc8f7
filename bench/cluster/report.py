#!/usr/bin/env python3
"""Turn bench/cluster/run.sh's raw result lines into the markdown table it prints.

    report.py RAW_FILE

RAW_FILE holds lines `WHAT key=value ...` (WHAT: env, apprise, cluster_burst, takeover,
problem, note); the parsing is bench/daemon/report.py's.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "daemon"))
from report import num, parse, verdict  # noqa: E402


def main() -> int:
    lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    recs = [(l, *parse(l)) for l in lines]
    env = next((f for _, w, f in recs if w == "env"), {})
    apprise = next((f for _, w, f in recs if w == "apprise"), None)
    burst = next((f for _, w, f in recs if w == "cluster_burst"), None)
    take = next((f for _, w, f in recs if w == "takeover"), None)
    problems = [l for l, w, _ in recs if w == "problem"]
    notes = [l.partition(" ")[2] for l, w, _ in recs if w == "note"]
    rows = []
    rate = num(burst.get("rate")) if burst else None
    ap = num(apprise.get("throughput")) if apprise else None
    if burst:
        rows.append((f"Cluster burst ({burst.get('nodes')} nodes, {burst.get('count')} reminders)",
                     f"{burst.get('rate')} ({burst.get('seconds')} s first to last arrival; "
                     f"first {burst.get('first_ms')} ms after due; per node {burst.get('per_node')}; "
                     f"outbox {burst.get('outbox')})", "—", ""))
    if apprise:
        rows.append(("Apprise, same nginx", f"{apprise.get('throughput')} ({apprise.get('sent')} in {apprise.get('seconds')} s)",
                     "—", ""))
    if rate and ap:
        rows.append(("cluster / Apprise", f"{rate / ap:.0f}×", "≥ 10×", verdict(rate / ap >= 10)))
    if burst:
        n = num(burst.get("count"), 1)
        st = num(burst.get("d_statements"), -1)
        rows.append(("Database round trips per reminder",
                     (f"{burst.get('statements_per_reminder')} statements (pg_stat_statements), " if st >= 0 else "")
                     + f"{burst.get('commits_per_reminder')} commits (xact_commit); per reminder: "
                     + ", ".join(f"{k[4:]} {num(burst.get(k), 0) / n:.2f}" for k in
                                 ("d_tup_returned", "d_tup_fetched", "d_tup_inserted", "d_tup_updated", "d_tup_deleted")),
                     "—", ""))
    if take:
        first = num(take.get("first_taken_s"))
        rows.append(("Takeover after kill -9",
                     f"first of the dead node's {take.get('held')} rows sent {take.get('first_taken_s')} s after the kill, "
                     f"all {take.get('all_taken_s')} s; burst complete {take.get('complete_s')} s after the kill "
                     f"(victim {take.get('victim')}; outbox {take.get('outbox')})",
                     "< 5 s", verdict(first is not None and first < 5)))
    print(f"Machine: {env.get('cores', '?')} cores, kernel {env.get('kernel', '?')}; PostgreSQL {env.get('postgresql', '?')} "
          f"({env.get('pg_settings', '')}), pg_stat_statements={env.get('pg_stat_statements', '?')}; "
          f"{env.get('nginx', '')}; Apprise {env.get('apprise', '?')}; frist {env.get('commit', '?')} built {env.get('built', '?')}; "
          f"{env.get('date', '')}\n")
    print("| measure | result | goal | verdict |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    if problems:
        print("\nProblems (stderr lines at warning or worse, bad exits):\n")
        for p in problems:
            print(f"- `{p}`")
    if notes:
        print("\nNotes:\n")
        for n in notes:
            print(f"- {n}")
    print("\nRaw:\n\n```")
    for l in lines:
        print(l)
    print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
