#!/usr/bin/env python3
"""Turn bench/daemon/run.sh's raw result lines into the markdown table it prints.

    report.py RAW_FILE

RAW_FILE holds lines `WHAT key=value ...` (WHAT: env, ready, ready_summary, idle,
lateness, lateness_key_example, burst, apprise, wrk, problem, note). Prints the table,
the goal checks, notes, and the raw lines in a code block.
"""

import sys


def parse(line: str):
    what, _, rest = line.partition(" ")
    fields = {}
    for tok in rest.split(" "):
        k, sep, v = tok.partition("=")
        if sep and k not in fields:
            fields[k] = v
    return what, fields


def num(v, default=None):
    try:
        return float(str(v).rstrip("/s"))
    except (TypeError, ValueError):
        return default


def mb(kb) -> str:
    """kB (KiB) from /proc -> MB (10^6 bytes)."""
    return f"{int(kb) * 1024 / 1e6:.0f} MB"


def verdict(ok) -> str:
    return "n/a" if ok is None else ("met" if ok else "**NOT met**")


def main() -> int:
    lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    recs = [(l, *parse(l)) for l in lines]
    env = next((f for _, w, f in recs if w == "env"), {})
    summaries = {f["label"]: f for _, w, f in recs if w == "ready_summary"}
    runs = {}
    for _, w, f in recs:
        if w == "ready":
            runs.setdefault(f["label"], []).append(f)
    idle = next((f for _, w, f in recs if w == "idle"), None)
    late = next((f for _, w, f in recs if w == "lateness"), None)
    burst = next((f for _, w, f in recs if w == "burst"), None)
    apprise = next((f for _, w, f in recs if w == "apprise"), None)
    wrk = next((f for _, w, f in recs if w == "wrk"), None)
    problems = [l for l, w, _ in recs if w == "problem"]
    notes = [l.partition(" ")[2] for l, w, _ in recs if w == "note"]

    rows = []   # (measure, result, goal, verdict)

    def ready_rows(label, name, ready_goal_ms, rss_goal_mb):
        s = summaries.get(label)
        if not s:
            rows.append((f"Start to READY, {name}", "not measured", f"< {ready_goal_ms:g} ms", "n/a"))
            return
        med = num(s["ready_ms_median"])
        shown = f"{med:.0f} ms" if med < 1000 else f"{med / 1000:.2f} s"
        rows.append((f"Start to READY, {name}",
                     f"{shown} (median of {s['runs']}; {num(s['ready_ms_min']):.0f}–{num(s['ready_ms_max']):.0f} ms)",
                     f"< {ready_goal_ms:g} ms" if ready_goal_ms < 1000 else f"< {ready_goal_ms / 1000:g} s",
                     verdict(med < ready_goal_ms)))
        rs = runs.get(label, [])
        rss = sorted(int(r["rss_kb"]) for r in rs)
        hwm = max(int(r["hwm_kb"]) for r in rs)
        med_rss = rss[len(rss) // 2]
        rows.append((f"Memory after READY, {name}", f"VmRSS {mb(med_rss)}, VmHWM {mb(hwm)}",
                     f"< {rss_goal_mb} MB", verdict(hwm * 1024 / 1e6 < rss_goal_mb)))

    ready_rows("example", "shipped example (config/frist.yaml)", 300, 60)
    ready_rows("100k", "100,000 milestones (gen_config.py, seed 1)", 2000, 300)

    if idle:
        rows.append((f"Idle CPU over {num(idle['seconds']):.0f} s, 100,000 milestones loaded",
                     f"{idle['cpu_s']} s utime+stime (tick {idle['tick_s']} s; scheduler: {idle['sched_ms']} ms, "
                     f"{idle['ctx_switches']} context switches)",
                     "< 0.05 s", verdict(num(idle["cpu_s"], 99) < 0.05)))
    else:
        rows.append(("Idle CPU, 100,000 milestones loaded", "not measured", "< 0.05 s", "n/a"))

    if late:
        ok = num(late["p99_ms"], 1e9) < 50 and late["arrived"] == late["count"]
        rows.append((f"Lateness, {late['count']} reminders due at one instant (webhook, real clock)",
                     f"p50 {late['p50_ms']} ms, p99 {late['p99_ms']} ms, max {late['max_ms']} ms "
                     f"(first {late['min_ms']} ms; {late['arrived']}/{late['count']} arrived)",
                     "p99 < 50 ms", verdict(ok)))
    else:
        rows.append(("Lateness", "not measured", "p99 < 50 ms", "n/a"))

    ratio = None
    if burst:
        if burst.get("throughput", "na") != "na":
            res = (f"{num(burst['seconds']):.2f} s from the due instant, **{num(burst['throughput']):,.0f}/s** "
                   f"(first request after {burst['first_ms']} ms; {burst['arrived']}/{burst['count']} counted by nginx)")
        else:
            res = f"did not finish: {burst['arrived']}/{burst['count']} counted by nginx"
        rows.append((f"Burst: {int(burst['count']):,} reminders due at one instant, daemon + outbox → nginx",
                     res, "", ""))
    if apprise:
        trunc = " (budget ran out: rate over those sent)" if apprise.get("truncated") == "1" else ""
        rows.append((f"Apprise {apprise.get('version', '')}, notify() per notification → same nginx",
                     f"{int(apprise['sent']):,} in {num(apprise['seconds']):.1f} s, {num(apprise['throughput']):,.0f}/s{trunc}",
                     "", ""))
    if burst and apprise and num(burst.get("throughput")) and num(apprise.get("throughput")):
        ratio = num(burst["throughput"]) / num(apprise["throughput"])
        rows.append(("frist daemon / Apprise throughput", f"**{ratio:.1f}×**", "≥ 20×", verdict(ratio >= 20)))
    if wrk:
        rows.append(("wrk -t2 -c32 → same nginx (loopback limit)", f"{num(wrk['rps']):,.0f}/s", "", ""))

    print()
    print(f"`frist run` on {env.get('cores', '?')} cores, {env.get('date', '?')}: release build of "
          f"{env.get('built', '?')} (HEAD {env.get('commit', '?')}); nginx {env.get('nginx', '?')}, "
          f"{env.get('python', '?').replace('_', ' ')}, Apprise {env.get('apprise', '?')}")
    print()
    print("| measure | result | goal | |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    for n in notes:
        print(f"- {n}")
    if burst and late:
        print(f"- Daemon CPU during the burst: {burst.get('cpu_s')} s; RSS after it {mb(burst.get('rss_kb', 0))}; "
              f"outbox afterwards: {burst.get('outbox')}. Lateness run outbox: {late.get('outbox')}; "
              f"sink capacity (wrk -c16 on the Python sink): {late.get('sink_rps', 'n/a')}/s.")
    exits = [f.get("exit") for _, w, f in recs if w in ("ready", "lateness", "burst")]
    if problems:
        print("- Daemon stderr at warning level or worse / bad exits:")
        for p in problems:
            print(f"  - `{p}`")
    else:
        print("- Daemon stderr: no line at warning level or worse in any run.")
    if exits and all(e == "0" for e in exits):
        print(f"- All {len(exits)} daemons stopped on SIGTERM with exit status 0.")
    else:
        print(f"- Daemon exit statuses on SIGTERM: {', '.join(str(e) for e in exits) or 'none recorded'}.")
    print()
    print("Raw:")
    print("```")
    for l, w, _ in recs:
        if w not in ("note",):
            print(l)
    print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
