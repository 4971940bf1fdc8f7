#!/usr/bin/env python3
"""Write a synthetic Frist config directory for benchmarks and oracle tests.

    python3 bench/gen_config.py OUTDIR --milestones N --seed S [--variety]

Writes OUTDIR/frist.yaml and OUTDIR/schedules/pNNNN.yaml (about 100 milestones
per project file).  Deterministic for a given (N, seed, variety).

  * 70% one-off milestones: due dates over 2021-2025, some local date-times
    (some of them inside a DST gap or fold of the configured zone), some `done`.
  * 30% repeating milestones (RRULE) with until <= 2025-12-31 (as `until:`, as
    an RRULE UNTIL, or both; COUNT variants), `start` = the rule's first
    occurrence on or after a random candidate date (computed with dateutil).
  * Mixed policies on defaults, project and milestone level: before lists with
    d and bd, overdue null/on, escalate on/off, shift before/after/none,
    on_due false sometimes, keys set to null / [] to switch parts off.
  * --variety also randomises the top level: timezone, weekend, holidays,
    send_time and closed dates.

People p0..p9; the only channel is `console`.
"""

from __future__ import annotations

import argparse
import os
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

PER_FILE = 100
FIRST = date(2021, 1, 1)
LAST = date(2025, 12, 31)

ZONES = ["Europe/Copenhagen", "America/New_York", "Australia/Sydney",
         "Asia/Kolkata", "Europe/London"]
SEND_TIMES = ["09:00", "02:30", "00:15", "23:45", "07:05"]

# (rule, weight).  Weekly/daily rules have many occurrences; keep them rarer so
# the output size stays reasonable.
RULES = [
    ("FREQ=WEEKLY;BYDAY=MO,TH", 2),
    ("FREQ=MONTHLY;BYMONTHDAY=31", 4),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", 4),
    ("FREQ=MONTHLY;BYMONTHDAY=15", 4),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", 5),
    ("FREQ=MONTHLY;BYDAY=-1FR", 4),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", 4),
    ("FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=1", 4),
    ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=10", 2),
    ("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10", 2),
    ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=10", 1),
    ("FREQ=DAILY;INTERVAL=10", 3),
    ("FREQ=DAILY;INTERVAL=10;COUNT=10", 1),
]

BEFORE_LISTS = [
    ["14d", "3d"], ["1bd"], ["5bd", "1d"], ["30d", "7d", "2bd"], ["7d"],
    ["0d"], ["10bd", "3bd", "1bd"], ["2d"], [], None,
]
OVERDUE = [
    {"every": "7d", "times": 4}, {"every": "3d", "times": 2},
    {"every": "1d", "times": 3}, {"every": "14d", "times": 1}, None,
]
ESCALATE = [
    {"after": "14d", "to": ["p9"]}, {"after": "3d", "to": ["p8", "p9"]},
    {"after": "0d", "to": ["p7"]}, None,
]


def rand_date(rng: random.Random, lo: date = FIRST, hi: date = LAST) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def dst_days(zone: str) -> list[date]:
    """Local dates in 2021-2025 on which the zone's UTC offset changes."""
    tz = ZoneInfo(zone)
    out = []
    d = FIRST
    prev = datetime.combine(d, datetime.min.time(), tz).utcoffset()
    while d <= LAST:
        d += timedelta(days=1)
        off = datetime.combine(d, datetime.min.time(), tz).utcoffset()
        if off != prev:
            # the offset at midnight changed, so the transition happened on d-1
            out.append(d - timedelta(days=1))
        prev = off
    return out


# ---------------------------------------------------------------- YAML text

def y(v) -> str:
    """Render a value as a YAML flow scalar/collection (inputs are simple)."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(y(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {y(x)}" for k, x in v.items()) + "}"
    s = str(v)
    if ":" in s and "T" not in s:  # times like 09:00 must be quoted
        return '"' + s + '"'
    return s


def policy_lines(rng: random.Random, indent: str, p_each: float) -> list[str]:
    """Randomly set some policy keys (each with probability p_each)."""
    lines = []
    if rng.random() < p_each:
        lines.append(f"{indent}before: {y(rng.choice(BEFORE_LISTS))}")
    if rng.random() < p_each / 2:
        lines.append(f"{indent}on_due: {y(rng.choice([False, False, True, None]))}")
    if rng.random() < p_each:
        lines.append(f"{indent}overdue: {y(rng.choice(OVERDUE))}")
    if rng.random() < p_each:
        lines.append(f"{indent}escalate: {y(rng.choice(ESCALATE))}")
    return lines


def owner_value(rng: random.Random):
    if rng.random() < 0.2:
        return rng.sample([f"p{i}" for i in range(10)], rng.choice([2, 3]))
    return f"p{rng.randrange(10)}"


# ---------------------------------------------------------------- milestones

def one_off(rng: random.Random, dst: list[date]) -> list[str]:
    lines = []
    r = rng.random()
    if r < 0.06 and dst:
        d = rng.choice(dst)
        due = f"{d:%Y-%m-%d}T{rng.choice(['02:30', '01:30', '02:00', '03:30'])}"
    elif r < 0.20:
        d = rand_date(rng)
        due = f"{d:%Y-%m-%d}T{rng.randrange(24):02d}:{rng.choice([0, 15, 30, 45]):02d}"
    else:
        d = rand_date(rng)
        due = f"{d:%Y-%m-%d}"
    lines.append(f"    due: {due}")
    if rng.random() < 0.2:
        done = d + timedelta(days=rng.randrange(-40, 60))
        lines.append(f"    done: {done:%Y-%m-%d}")
    return lines


def repeating(rng: random.Random) -> list[str]:
    rule = rng.choices([r for r, _ in RULES], weights=[w for _, w in RULES])[0]
    candidate = rand_date(rng, FIRST, date(2025, 6, 30))
    timed = rng.random() < 0.15
    hh_mm = f"{rng.randrange(24):02d}:{rng.choice([0, 30]):02d}"
    has_count = "COUNT=" in rule

    # start := first occurrence of the rule on or after the candidate date
    probe = rrulestr(rule.replace(";COUNT=10", ""),
                     dtstart=datetime.combine(candidate, datetime.min.time()))
    start = next(iter(probe)).date()

    until = None
    rule_until = None
    if not has_count or rng.random() < 0.5:
        lo = min(start + timedelta(days=60), LAST)
        u = rand_date(rng, lo, LAST)
        mode = rng.random()
        if has_count or mode < 0.6:
            until = u
        elif mode < 0.8:
            rule_until = u
        else:
            until = u
            rule_until = rand_date(rng, min(start + timedelta(days=30), LAST), LAST)
    if rule_until is not None:
        rule = f"{rule};UNTIL={rule_until:%Y%m%d}"

    lines = [f"    repeat: {rule}"]
    lines.append(f"    start: {start:%Y-%m-%d}" + (f"T{hh_mm}" if timed else ""))
    if until is not None:
        lines.append(f"    until: {until:%Y-%m-%d}")
    if rng.random() < 0.15:
        done = rand_date(rng, start, LAST)
        lines.append(f"    done: {done:%Y-%m-%d}")
    return lines


def milestone(rng: random.Random, idx: int, dst: list[date]) -> list[str]:
    kind = "r" if rng.random() < 0.30 else "o"
    lines = [f"  - id: m{idx:03d}-{kind}",
             f"    title: Milepæl {idx} – {'gentagen' if kind == 'r' else 'frist'}"]
    lines += repeating(rng) if kind == "r" else one_off(rng, dst)
    if rng.random() < 0.5:
        lines.append(f"    shift: {rng.choice(['before', 'after', 'none'])}")
    if rng.random() < 0.15:
        lines.append(f"    owner: {y(owner_value(rng))}")
    if rng.random() < 0.05:
        lines.append("    notify: [console]")
    lines += policy_lines(rng, "    ", 0.3)
    return lines


# ---------------------------------------------------------------- top level

def top_level(rng: random.Random, variety: bool) -> tuple[list[str], str]:
    if variety:
        zone = rng.choice(ZONES)
        weekend = rng.choice([["saturday", "sunday"], ["friday", "saturday"]])
        holidays = rng.choice(["denmark", "none"])
        send_time = rng.choice(SEND_TIMES)
        closed = []
        for _ in range(rng.randrange(0, 8)):
            d = rand_date(rng)
            if rng.random() < 0.3:
                closed.append(f"{d:%Y-%m-%d}..{d + timedelta(days=rng.randrange(1, 10)):%Y-%m-%d}")
            else:
                closed.append(f"{d:%Y-%m-%d}")
    else:
        zone = "Europe/Copenhagen"
        weekend = ["saturday", "sunday"]
        holidays = "denmark"
        send_time = "09:00"
        closed = ["2021-12-24", "2021-12-31", "2022-12-24..2022-12-31",
                  "2023-06-05", "2024-06-05", "2025-12-24"]
    lines = [
        "# generated by bench/gen_config.py",
        f"timezone: {zone}",
        "language: da",
        f"send_time: {y(send_time)}",
        "state_dir: state",
        "calendar:",
        f"  holidays: {holidays}",
        f"  closed: {y(closed)}",
        f"  weekend: {y(weekend)}",
    ]
    if variety:
        d = policy_lines(rng, "  ", 0.6)
    else:
        d = ["  before: [14d, 3d]", "  on_due: true",
             "  overdue: {every: 7d, times: 4}", "  escalate: {after: 14d, to: [p9]}"]
    if d:
        lines += ["defaults:"] + d
    lines += ["people:"]
    lines += [f"  p{i}: {{name: Person {i}, email: p{i}@example.dk}}" for i in range(10)]
    lines += ["channels:", "  console: {type: console}", "include: [schedules/*.yaml]"]
    return lines, zone


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--milestones", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variety", action="store_true")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.outdir, "schedules"), exist_ok=True)
    top, zone = top_level(rng, args.variety)
    with open(os.path.join(args.outdir, "frist.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(top) + "\n")
    dst = dst_days(zone)

    remaining = args.milestones
    p = 0
    while remaining > 0:
        p += 1
        n = min(PER_FILE, remaining)
        remaining -= n
        lines = [
            "project:",
            f"  id: proj-{p:04d}",
            f"  name: Projekt {p} – Afdeling for Børn og Familie",
            f"  owner: {y(owner_value(rng))}",
        ]
        if rng.random() < 0.5:
            lines.append("  notify: [console]")
        lines += policy_lines(rng, "  ", 0.25)
        lines.append("milestones:")
        for i in range(1, n + 1):
            lines += milestone(rng, i, dst)
        with open(os.path.join(args.outdir, "schedules", f"p{p:04d}.yaml"), "w",
                  encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
