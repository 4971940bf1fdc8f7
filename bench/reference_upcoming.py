#!/usr/bin/env python3
"""Reference implementation of `frist upcoming --json` (test oracle and benchmark
baseline for the Swift implementation).

    python3 bench/reference_upcoming.py --config PATH --from YYYY-MM-DD \
        (--to YYYY-MM-DD | --days N)

Prints one JSON object per reminder whose local reminder date lies in
[from, to), sorted by (UTC instant, key), exactly like `frist upcoming --json`.

Written for clarity, not speed.  Dependencies: PyYAML, python-dateutil, zoneinfo.
Config errors are reported as one line on stderr with exit code 78.

Semantics (see shared/DESIGN.md, "Reminder semantics"):
  * occurrences: a one-off `due`, or `repeat` (RFC 5545 RRULE) expanded from
    `start` (which must be the rule's first occurrence) through
    min(`until`, the RRULE's UNTIL), COUNT honoured; an occurrence is named
    by its original date;
  * shifted due D: a closed original date moves to the previous (`shift:
    before`, default) or next (`after`) working day, or stays (`none`);
  * reminders from D: before Nd (D-N, then previous working day if closed),
    before Nbd (the N-th working day strictly before D), due (D), overdue
    k=1..times (D+k*every, then next working day), escalation (D+after, then
    next working day, sent to escalate.to);
  * `done: DATE` drops every reminder dated on or after DATE;
  * instant: reminder date at the milestone's own time of day (date-time
    due/start) else send_time, in the configured zone; a nonexistent local
    time moves forward by the gap, an ambiguous one takes the first instant.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from dateutil.easter import easter
from dateutil.rrule import rrulestr

EXIT_CONFIG = 78


class ConfigError(Exception):
    pass


# --------------------------------------------------------------------------
# YAML: keep dates, date-times, times ("09:00") and numbers as strings.  Only
# null and booleans are resolved (so `on_due: false` and `before: null` work).
# --------------------------------------------------------------------------

def _stringy(base):
    """A loader class based on `base` that resolves only null and booleans."""
    cls = type("Stringy" + base.__name__, (base,), {})
    cls.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers
                if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool")]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return cls


# libyaml's parser when PyYAML was built with it (same resolvers, ~3x faster
# loading); FRIST_REF_PURE_YAML=1 forces the pure-Python parser.
if getattr(yaml, "CSafeLoader", None) and not os.environ.get("FRIST_REF_PURE_YAML"):
    StringyLoader = _stringy(yaml.CSafeLoader)
else:
    StringyLoader = _stringy(yaml.SafeLoader)


def load_yaml(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=StringyLoader)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}")
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: invalid YAML: {e}")


# --------------------------------------------------------------------------
# Small parsers
# --------------------------------------------------------------------------

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$")
HHMM_RE = re.compile(r"^(\d{2}):(\d{2})$")
BEFORE_RE = re.compile(r"^(\d+)(bd|d)$")
DAYS_RE = re.compile(r"^(\d+)d$")

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday"]


def parse_date(value, what: str) -> date:
    s = str(value)
    m = DATE_RE.match(s)
    if not m:
        raise ConfigError(f"{what}: expected YYYY-MM-DD, got {s!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ConfigError(f"{what}: invalid date {s!r}")


MONTH_DAY = re.compile(r"(\d\d)-(\d\d)")


def parse_month_day(value: str, what: str) -> date:
    """'MM-DD' (closed every year) as that day of the leap year 2000."""
    m = MONTH_DAY.fullmatch(value)
    try:
        return date(2000, int(m[1]), int(m[2]))
    except (TypeError, ValueError):
        raise ConfigError(f"{what}: invalid day of the year {value!r}")


def parse_date_or_datetime(value, what: str) -> tuple[date, time | None]:
    """'YYYY-MM-DD' -> (date, None); 'YYYY-MM-DDTHH:MM[:SS]' -> (date, time)."""
    s = str(value)
    if DATE_RE.match(s):
        return parse_date(s, what), None
    m = DATETIME_RE.match(s)
    if not m:
        raise ConfigError(f"{what}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {s!r}")
    try:
        return (date(int(m[1]), int(m[2]), int(m[3])),
                time(int(m[4]), int(m[5]), int(m[6] or 0)))
    except ValueError:
        raise ConfigError(f"{what}: invalid date-time {s!r}")


def parse_hhmm(value, what: str) -> time:
    s = str(value)
    m = HHMM_RE.match(s)
    if not m:
        raise ConfigError(f"{what}: expected \"HH:MM\", got {s!r}")
    try:
        return time(int(m[1]), int(m[2]))
    except ValueError:
        raise ConfigError(f"{what}: invalid time {s!r}")


def parse_days(value, what: str) -> int:
    m = DAYS_RE.match(str(value))
    if not m:
        raise ConfigError(f"{what}: expected Nd (e.g. 7d), got {value!r}")
    return int(m[1])


def parse_int(value, what: str) -> int:
    s = str(value)
    if not re.fullmatch(r"\d+", s):
        raise ConfigError(f"{what}: expected a non-negative integer, got {value!r}")
    return int(s)


def as_id_list(value, what: str) -> list[str]:
    """A person/channel id or a list of them."""
    if value is None:
        return []
    if isinstance(value, list):
        for v in value:
            if not isinstance(v, str):
                raise ConfigError(f"{what}: expected ids, got {v!r}")
        return list(value)
    if isinstance(value, str):
        return [value]
    raise ConfigError(f"{what}: expected an id or a list of ids, got {value!r}")


# --------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------

def danish_holidays(year: int) -> set[date]:
    e = easter(year)  # Western (Gregorian) Easter Sunday
    days = {
        date(year, 1, 1),            # Nytårsdag
        e - timedelta(days=3),       # Skærtorsdag
        e - timedelta(days=2),       # Langfredag
        e,                           # Påskedag
        e + timedelta(days=1),       # 2. påskedag
        e + timedelta(days=39),      # Kristi Himmelfartsdag
        e + timedelta(days=49),      # Pinsedag
        e + timedelta(days=50),      # 2. pinsedag
        date(year, 12, 25),          # Juledag
        date(year, 12, 26),          # 2. juledag
    }
    if year <= 2023:
        days.add(e + timedelta(days=26))  # Store Bededag (abolished from 2024)
    return days


class WorkCalendar:
    def __init__(self, weekend: set[int], denmark: bool, closed: set[date],
                 yearly: set[tuple[int, int]] = frozenset()):
        if len(weekend) == 7:
            raise ConfigError("calendar.weekend: every day is a weekend day")
        self.weekend = weekend
        self.denmark = denmark
        self.closed = closed
        self.yearly = yearly
        self._holidays: dict[int, set[date]] = {}
        self._working: dict[date, bool] = {}

    def is_working(self, d: date) -> bool:
        w = self._working.get(d)
        if w is None:
            w = True
            if d.weekday() in self.weekend:
                w = False
            elif d in self.closed or (d.month, d.day) in self.yearly:
                w = False
            elif self.denmark:
                hs = self._holidays.get(d.year)
                if hs is None:
                    hs = self._holidays[d.year] = danish_holidays(d.year)
                w = d not in hs
            self._working[d] = w
        return w

    def previous_working(self, d: date) -> date:
        """d itself if working, else the nearest earlier working day."""
        while not self.is_working(d):
            d -= timedelta(days=1)
        return d

    def next_working(self, d: date) -> date:
        """d itself if working, else the nearest later working day."""
        while not self.is_working(d):
            d += timedelta(days=1)
        return d

    def nth_working_before(self, d: date, n: int) -> date:
        """The n-th working day strictly before d (n=1: latest working day < d)."""
        count = 0
        while count < n:
            d -= timedelta(days=1)
            if self.is_working(d):
                count += 1
        return d


# --------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------

POLICY_KEYS = ("before", "on_due", "overdue", "escalate")

BUILTIN_POLICY = {
    "before": ["14d", "3d"],
    "on_due": True,
    "overdue": {"every": "7d", "times": 4},
    "escalate": None,
}


@dataclass
class Policy:
    before: list[tuple[int, bool, str]]   # (N, is_business_days, key suffix)
    on_due: bool
    overdue: tuple[int, int] | None       # (every days, times)
    escalate: tuple[int, list[str]] | None  # (after days, to)


def resolve_policy(levels: list[tuple[dict, str]]) -> Policy:
    """levels: [(mapping, where)] from most to least specific.  Each key is
    taken from the first level that has it (present with null counts)."""
    raw = {}
    where = {}
    for key in POLICY_KEYS:
        for mapping, w in levels:
            if key in mapping:
                raw[key] = mapping[key]
                where[key] = w
                break
        else:
            raw[key] = BUILTIN_POLICY[key]
            where[key] = "built-in policy"

    # before
    before = []
    v = raw["before"]
    if v is None:
        v = []
    if not isinstance(v, list):
        raise ConfigError(f"{where['before']}: before: expected a list like [14d, 3d]")
    for item in v:
        m = BEFORE_RE.match(str(item))
        if not m:
            raise ConfigError(f"{where['before']}: before: expected Nd or Nbd, got {item!r}")
        n, unit = int(m[1]), m[2]
        before.append((n, unit == "bd", f"before-{n}{unit}"))

    # on_due
    v = raw["on_due"]
    if v is None:
        on_due = False
    elif isinstance(v, bool):
        on_due = v
    else:
        raise ConfigError(f"{where['on_due']}: on_due: expected true or false, got {v!r}")

    # overdue
    v = raw["overdue"]
    if v is None or v == [] or v == {}:
        overdue = None
    elif isinstance(v, dict):
        if "every" not in v or "times" not in v:
            raise ConfigError(f"{where['overdue']}: overdue: needs every and times")
        overdue = (parse_days(v["every"], f"{where['overdue']}: overdue.every"),
                   parse_int(v["times"], f"{where['overdue']}: overdue.times"))
    else:
        raise ConfigError(f"{where['overdue']}: overdue: expected {{every: Nd, times: N}} or null")

    # escalate
    v = raw["escalate"]
    if v is None or v == [] or v == {}:
        escalate = None
    elif isinstance(v, dict):
        if "after" not in v or "to" not in v:
            raise ConfigError(f"{where['escalate']}: escalate: needs after and to")
        escalate = (parse_days(v["after"], f"{where['escalate']}: escalate.after"),
                    as_id_list(v["to"], f"{where['escalate']}: escalate.to"))
    else:
        raise ConfigError(f"{where['escalate']}: escalate: expected {{after: Nd, to: [..]}} or null")

    return Policy(before, on_due, overdue, escalate)


# --------------------------------------------------------------------------
# Time zone handling
# --------------------------------------------------------------------------

def format_offset(off: timedelta) -> str:
    total = int(off.total_seconds())
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 3600:02d}:{(total % 3600) // 60:02d}"


class Clock:
    """Turns a local date and time of day into (utc instant, 'at', 'local')."""

    def __init__(self, zone: ZoneInfo):
        self.zone = zone
        self._cache: dict[tuple[date, time], tuple[datetime, str, str]] = {}

    def instant(self, d: date, tod: time) -> tuple[datetime, str, str]:
        k = (d, tod)
        r = self._cache.get(k)
        if r is None:
            # fold=0: for an ambiguous wall time this is the first (earlier)
            # instant; for a nonexistent one (DST gap) zoneinfo applies the
            # offset in force *before* the transition, so converting to UTC
            # and back moves the wall time forward by the length of the gap.
            wall = datetime.combine(d, tod).replace(tzinfo=self.zone, fold=0)
            utc = wall.astimezone(timezone.utc)
            local = utc.astimezone(self.zone)
            r = (utc,
                 utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 local.strftime("%Y-%m-%dT%H:%M:%S") + format_offset(local.utcoffset()))
            self._cache[k] = r
        return r


# --------------------------------------------------------------------------
# Config
# --------------------------------------------------------------------------

@dataclass
class Milestone:
    project: str
    id: str
    where: str
    due: date | None           # one-off
    repeat: str | None         # RRULE
    start: date | None
    until: date | None
    tod: time | None           # own time of day (date-time due/start)
    done: date | None
    shift: str
    policy: Policy
    recipients: list[str]
    channels: list[str]


@dataclass
class Config:
    zone: ZoneInfo
    send_time: time
    calendar: WorkCalendar
    milestones: list[Milestone]


def load_config(path: str) -> Config:
    top = load_yaml(path)
    if top is None:
        top = {}
    if not isinstance(top, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    base = os.path.dirname(os.path.abspath(path))

    tzname = top.get("timezone", "Europe/Copenhagen")
    try:
        zone = ZoneInfo(str(tzname))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: timezone: unknown zone {tzname!r}")

    send_time = parse_hhmm(top.get("send_time", "09:00"), f"{path}: send_time")

    cal = top.get("calendar") or {}
    if not isinstance(cal, dict):
        raise ConfigError(f"{path}: calendar: expected a mapping")
    holidays = cal.get("holidays", "denmark")
    if holidays not in ("denmark", "none"):
        raise ConfigError(f"{path}: calendar.holidays: expected denmark or none, got {holidays!r}")
    weekend_names = cal.get("weekend", ["saturday", "sunday"])
    if weekend_names is None:
        weekend_names = []
    if not isinstance(weekend_names, list):
        raise ConfigError(f"{path}: calendar.weekend: expected a list of weekday names")
    weekend = set()
    for name in weekend_names:
        if name not in WEEKDAYS:
            raise ConfigError(f"{path}: calendar.weekend: unknown weekday {name!r}")
        weekend.add(WEEKDAYS.index(name))
    closed = set()
    yearly = set()  # (month, day) closed every year
    for item in cal.get("closed") or []:
        s = str(item).strip()
        a, _, b = s.partition("..")
        b = b or a
        if MONTH_DAY.fullmatch(a.strip()) and MONTH_DAY.fullmatch(b.strip()):
            # MM-DD or MM-DD..MM-DD every year; a range may cross the new year.
            lo = parse_month_day(a.strip(), f"{path}: calendar.closed")
            hi = parse_month_day(b.strip(), f"{path}: calendar.closed")
            if hi < lo:
                hi = hi.replace(year=2001)
            d = lo
            while d <= hi:
                yearly.add((d.month, d.day))
                d += timedelta(days=1)
            continue
        lo = parse_date(a.strip(), f"{path}: calendar.closed")
        hi = parse_date(b.strip(), f"{path}: calendar.closed")
        if hi < lo:
            raise ConfigError(f"{path}: calendar.closed: empty range {s!r}")
        d = lo
        while d <= hi:
            closed.add(d)
            d += timedelta(days=1)
    calendar = WorkCalendar(weekend, holidays == "denmark", closed, yearly)

    defaults = top.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ConfigError(f"{path}: defaults: expected a mapping")

    includes = top.get("include") or []
    if isinstance(includes, str):
        includes = [includes]
    files: list[str] = []
    for pattern in includes:
        for f in sorted(glob.glob(os.path.join(base, str(pattern)))):
            if f not in files:
                files.append(f)

    milestones: list[Milestone] = []
    project_ids: set[str] = set()
    for f in files:
        milestones.extend(load_schedule(f, defaults, project_ids))
    return Config(zone, send_time, calendar, milestones)


def load_schedule(path: str, defaults: dict, project_ids: set[str]) -> list[Milestone]:
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("project"), dict):
        raise ConfigError(f"{path}: expected a mapping with project: and milestones:")
    proj = doc["project"]
    pid = proj.get("id")
    if not isinstance(pid, str) or not re.fullmatch(r"[a-z0-9-]+", pid):
        raise ConfigError(f"{path}: project.id: expected [a-z0-9-]+, got {pid!r}")
    if pid in project_ids:
        raise ConfigError(f"{path}: project.id: duplicate {pid!r}")
    project_ids.add(pid)

    result = []
    seen: set[str] = set()
    for i, m in enumerate(doc.get("milestones") or []):
        where = f"{path}: milestones[{i}]"
        if not isinstance(m, dict):
            raise ConfigError(f"{where}: expected a mapping")
        mid = m.get("id")
        if not isinstance(mid, str) or not mid:
            raise ConfigError(f"{where}: id: missing")
        if mid in seen:
            raise ConfigError(f"{where}: id: duplicate {mid!r}")
        seen.add(mid)
        where = f"{path}: {pid}/{mid}"

        due = repeat = start = until = tod = None
        if "due" in m and "repeat" in m:
            raise ConfigError(f"{where}: give either due or repeat, not both")
        if "due" in m:
            due, tod = parse_date_or_datetime(m["due"], f"{where}: due")
        elif "repeat" in m:
            repeat = str(m["repeat"])
            if "start" not in m:
                raise ConfigError(f"{where}: repeat needs start")
            start, tod = parse_date_or_datetime(m["start"], f"{where}: start")
            if m.get("until") is not None:
                until, _ = parse_date_or_datetime(m["until"], f"{where}: until")
        else:
            raise ConfigError(f"{where}: needs due or repeat")

        done = None
        if m.get("done") is not None:
            done, _ = parse_date_or_datetime(m["done"], f"{where}: done")

        shift = m.get("shift", "before")
        if shift not in ("before", "after", "none"):
            raise ConfigError(f"{where}: shift: expected before, after or none, got {shift!r}")

        policy = resolve_policy([(m, where), (proj, f"{path}: project"),
                                 (defaults, "defaults")])

        # owner / notify: the milestone's if given (non-null), else the project's
        owner = m.get("owner") if m.get("owner") is not None else proj.get("owner")
        notify = m.get("notify") if m.get("notify") is not None else proj.get("notify")
        recipients = as_id_list(owner, f"{where}: owner")
        channels = as_id_list(notify, f"{where}: notify") if notify is not None else ["console"]

        result.append(Milestone(pid, mid, where, due, repeat, start, until, tod,
                                done, shift, policy, recipients, channels))
    return result


# --------------------------------------------------------------------------
# Occurrences and reminders
# --------------------------------------------------------------------------

def split_until(rule: str, where: str) -> tuple[str, date | None]:
    """Remove UNTIL from an RRULE string; return (rule without UNTIL, its date).

    UNTIL is applied by date (inclusive) together with the milestone's
    `until`, so the time of day of a date-time start cannot cut off the last
    occurrence and a UTC 'Z' UNTIL does not clash with a naive start."""
    body = rule.strip()
    prefix = ""
    if body.upper().startswith("RRULE:"):
        prefix, body = body[:6], body[6:]
    parts = []
    until = None
    for part in body.split(";"):
        if part.upper().startswith("UNTIL="):
            v = part[6:]
            m = re.match(r"^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$", v)
            if not m:
                raise ConfigError(f"{where}: repeat: bad UNTIL {v!r}")
            until = date(int(m[1]), int(m[2]), int(m[3]))
        else:
            parts.append(part)
    return prefix + ";".join(parts), until


def occurrences(ms: Milestone):
    """Yield the original dates of the milestone's occurrences, in order."""
    if ms.due is not None:
        yield ms.due
        return
    rule_text, rule_until = split_until(ms.repeat, ms.where)
    limits = [u for u in (ms.until, rule_until) if u is not None]
    until = min(limits) if limits else None
    try:
        rule = rrulestr(rule_text, dtstart=datetime.combine(ms.start, time(0, 0)))
    except (ValueError, TypeError) as e:
        raise ConfigError(f"{ms.where}: repeat: {e}")
    first = True
    for dt in rule:
        d = dt.date()
        if first:
            if d != ms.start:
                raise ConfigError(f"{ms.where}: start {ms.start} is not the first "
                                  f"occurrence of {ms.repeat} (that is {d})")
            first = False
        if until is not None and d > until:
            return
        yield d
    if first:
        raise ConfigError(f"{ms.where}: repeat: the rule has no occurrence")


def shifted_due(cal: WorkCalendar, original: date, shift: str) -> date:
    if cal.is_working(original) or shift == "none":
        return original
    if shift == "before":
        return cal.previous_working(original)
    return cal.next_working(original)


def reminders_for(cal: WorkCalendar, ms: Milestone, D: date):
    """Yield (reminder date, kind, suffix, recipients) for shifted due D."""
    p = ms.policy
    for n, business, suffix in p.before:
        if business:
            r = D if n == 0 else cal.nth_working_before(D, n)
        else:
            r = cal.previous_working(D - timedelta(days=n))
        yield r, "before", suffix, ms.recipients
    if p.on_due:
        yield D, "due", "due", ms.recipients
    if p.overdue is not None:
        every, times = p.overdue
        for k in range(1, times + 1):
            yield (cal.next_working(D + timedelta(days=k * every)),
                   "overdue", f"overdue-{k}", ms.recipients)
    if p.escalate is not None:
        after, to = p.escalate
        yield cal.next_working(D + timedelta(days=after)), "escalation", "escalation", to


def upcoming(cfg: Config, frm: date, to: date) -> list[tuple[datetime, str, str]]:
    """All reminders with local date in [frm, to): (utc, key, json line)."""
    clock = Clock(cfg.zone)
    cal = cfg.calendar
    out = []
    for ms in cfg.milestones:
        tod = ms.tod if ms.tod is not None else cfg.send_time
        # Every reminder date is a non-decreasing function of the occurrence
        # date, so once an occurrence's earliest reminder is at or past the
        # window end (or the done date) no later occurrence can contribute.
        horizon = to if ms.done is None else min(to, ms.done)
        for occ in occurrences(ms):
            D = shifted_due(cal, occ, ms.shift)
            rems = list(reminders_for(cal, ms, D))
            if not rems or min(r[0] for r in rems) >= horizon:
                break
            for rdate, kind, suffix, recipients in rems:
                if ms.done is not None and rdate >= ms.done:
                    continue
                if not (frm <= rdate < to):
                    continue
                utc, at, local = clock.instant(rdate, tod)
                key = f"{ms.project}/{ms.id}@{occ:%Y-%m-%d}#{suffix}"
                line = json.dumps({
                    "key": key,
                    "at": at,
                    "local": local,
                    "kind": kind,
                    "project": ms.project,
                    "milestone": ms.id,
                    "occurrence": f"{occ:%Y-%m-%d}",
                    "due": f"{D:%Y-%m-%d}",
                    "recipients": recipients,
                    "channels": ms.channels,
                }, ensure_ascii=False, separators=(",", ":"))
                out.append((utc, key, line))
    # ties by key: Python compares str by code point = UTF-8 byte order
    out.sort(key=lambda t: (t[0], t[1]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Reference `frist upcoming --json`.")
    ap.add_argument("--config", required=True)
    ap.add_argument("--from", dest="frm", required=True, help="YYYY-MM-DD (inclusive)")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--to", help="YYYY-MM-DD (exclusive)")
    g.add_argument("--days", type=int)
    args = ap.parse_args(argv)
    try:
        frm = parse_date(args.frm, "--from")
        to = parse_date(args.to, "--to") if args.to else frm + timedelta(days=args.days)
        cfg = load_config(args.config)
        rows = upcoming(cfg, frm, to)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    out = sys.stdout
    chunk = []
    for _, _, line in rows:
        chunk.append(line)
        if len(chunk) >= 10000:
            out.write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        out.write("\n".join(chunk) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
