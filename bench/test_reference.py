#!/usr/bin/env python3
"""Hand-computed checks of bench/reference_upcoming.py (the test oracle).

    python3 -m unittest bench/test_reference.py      (or: pytest bench/)

Every expected value here was worked out by hand from the rules in
shared/DESIGN.md, not by running the reference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_upcoming as ref  # noqa: E402

D = date.fromisoformat


class Holidays(unittest.TestCase):
    # Danish public holidays 2021-2025, written out from the calendar.
    TABLE = {
        2021: ["01-01", "04-01", "04-02", "04-04", "04-05", "04-30", "05-13",
               "05-23", "05-24", "12-25", "12-26"],
        2022: ["01-01", "04-14", "04-15", "04-17", "04-18", "05-13", "05-26",
               "06-05", "06-06", "12-25", "12-26"],
        2023: ["01-01", "04-06", "04-07", "04-09", "04-10", "05-05", "05-18",
               "05-28", "05-29", "12-25", "12-26"],
        2024: ["01-01", "03-28", "03-29", "03-31", "04-01", "05-09",
               "05-19", "05-20", "12-25", "12-26"],          # no Store Bededag
        2025: ["01-01", "04-17", "04-18", "04-20", "04-21", "05-29",
               "06-08", "06-09", "12-25", "12-26"],
    }

    def test_table(self):
        for year, days in self.TABLE.items():
            self.assertEqual(ref.danish_holidays(year),
                             {D(f"{year}-{md}") for md in days}, year)

    def test_closed_every_year(self):
        got = lines({"frist.yaml": TOP.replace(
            "closed: [2021-12-24, 2021-12-31, 2022-07-11..2022-07-15]",
            "closed: [12-24, 12-30..01-02]"), "schedules/a.yaml": """\
            project: {id: a, owner: anne}
            milestones:
              - {id: jul, due: 2025-12-24, before: [], on_due: true, overdue: null, escalate: null}
              - {id: nyt, due: 2027-01-01, before: [], on_due: true, overdue: null, escalate: null}
            """}, frm="2025-01-01", to="2028-01-01")
        # Both shift to the working day before: juleaften is closed in 2025 too, the range wraps.
        self.assertEqual([(r["milestone"], r["due"]) for r in got], [("jul", "2025-12-23"), ("nyt", "2026-12-29")])

    def test_working_days(self):
        cal = ref.WorkCalendar({5, 6}, True, {D("2021-12-24")})
        self.assertFalse(cal.is_working(D("2021-12-24")))      # closed
        self.assertFalse(cal.is_working(D("2022-04-14")))      # Skærtorsdag
        self.assertTrue(cal.is_working(D("2024-04-26")))       # ex-Store Bededag
        self.assertFalse(cal.is_working(D("2023-05-05")))      # Store Bededag
        # 1bd before Tue 2022-04-19: 18 (2. påskedag) .. 14 closed, 13 Wed
        self.assertEqual(cal.nth_working_before(D("2022-04-19"), 1), D("2022-04-13"))
        self.assertEqual(cal.nth_working_before(D("2022-04-19"), 2), D("2022-04-12"))
        self.assertEqual(cal.previous_working(D("2022-04-17")), D("2022-04-13"))
        self.assertEqual(cal.next_working(D("2022-04-14")), D("2022-04-19"))
        fri_sat = ref.WorkCalendar({4, 5}, False, set())
        self.assertTrue(fri_sat.is_working(D("2022-04-17")))   # Sunday
        self.assertEqual(fri_sat.previous_working(D("2022-04-16")), D("2022-04-14"))


class Instants(unittest.TestCase):
    CASES = [
        # zone, date, time, at, local
        ("Europe/Copenhagen", "2021-03-28", "02:30", "2021-03-28T01:30:00Z", "2021-03-28T03:30:00+02:00"),
        ("Europe/Copenhagen", "2021-10-31", "02:30", "2021-10-31T00:30:00Z", "2021-10-31T02:30:00+02:00"),
        ("Europe/Copenhagen", "2021-09-16", "09:00", "2021-09-16T07:00:00Z", "2021-09-16T09:00:00+02:00"),
        ("America/New_York", "2021-03-14", "02:30", "2021-03-14T07:30:00Z", "2021-03-14T03:30:00-04:00"),
        ("America/New_York", "2021-11-07", "01:30", "2021-11-07T05:30:00Z", "2021-11-07T01:30:00-04:00"),
        ("America/New_York", "2021-01-04", "23:45", "2021-01-05T04:45:00Z", "2021-01-04T23:45:00-05:00"),
        ("Australia/Sydney", "2021-10-03", "02:30", "2021-10-02T16:30:00Z", "2021-10-03T03:30:00+11:00"),
        ("Australia/Sydney", "2021-04-04", "02:30", "2021-04-03T15:30:00Z", "2021-04-04T02:30:00+11:00"),
        ("Europe/London", "2021-03-28", "01:30", "2021-03-28T01:30:00Z", "2021-03-28T02:30:00+01:00"),
        ("Europe/London", "2021-10-31", "01:30", "2021-10-31T00:30:00Z", "2021-10-31T01:30:00+01:00"),
        ("Europe/London", "2021-01-04", "09:00", "2021-01-04T09:00:00Z", "2021-01-04T09:00:00+00:00"),
        ("Asia/Kolkata", "2021-03-01", "00:15", "2021-02-28T18:45:00Z", "2021-03-01T00:15:00+05:30"),
    ]

    def test_cases(self):
        for zone, d, t, at, local in self.CASES:
            clock = ref.Clock(ZoneInfo(zone))
            _, got_at, got_local = clock.instant(D(d), time.fromisoformat(t))
            self.assertEqual((got_at, got_local), (at, local), (zone, d, t))


def run_reference(files: dict[str, str], frm="2021-01-01", to="2026-01-01"):
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))
        p = subprocess.run([sys.executable, os.path.join(HERE, "reference_upcoming.py"),
                            "--config", os.path.join(tmp, "frist.yaml"),
                            "--from", frm, "--to", to],
                           capture_output=True, text=True)
    return p


def lines(files, **kw):
    p = run_reference(files, **kw)
    assert p.returncode == 0, p.stderr
    return [json.loads(x) for x in p.stdout.splitlines()]


TOP = """\
timezone: Europe/Copenhagen
send_time: "09:00"
calendar:
  holidays: denmark
  closed: [2021-12-24, 2021-12-31, 2022-07-11..2022-07-15]
people:
  anne: {name: Anne, email: anne@example.dk}
  chef: {name: Chef, email: chef@example.dk}
include: [schedules/*.yaml]
"""


class EndToEnd(unittest.TestCase):
    def test_design_example_line(self):
        out = run_reference({"frist.yaml": TOP, "schedules/t.yaml": """\
            project: {id: taskforce, owner: anne, notify: [mail, teams]}
            milestones:
              - {id: apv-handleplan, due: 2021-09-30, overdue: null}
            """}).stdout.splitlines()
        self.assertEqual(out[0], '{"key":"taskforce/apv-handleplan@2021-09-30#before-14d",'
                         '"at":"2021-09-16T07:00:00Z","local":"2021-09-16T09:00:00+02:00",'
                         '"kind":"before","project":"taskforce","milestone":"apv-handleplan",'
                         '"occurrence":"2021-09-30","due":"2021-09-30","recipients":["anne"],'
                         '"channels":["mail","teams"]}')
        self.assertEqual([json.loads(x)["key"].split("#")[1] for x in out],
                         ["before-14d", "before-3d", "due"])

    def test_policy_and_shift(self):
        got = lines({"frist.yaml": TOP + "defaults: {before: [7d], escalate: {after: 14d, to: [chef]}}\n",
                     "schedules/a.yaml": """\
            project: {id: a, owner: anne, on_due: false, overdue: {every: 3d, times: 2}}
            milestones:
              # Sun 2022-04-17 (Påskedag) shifts back to Wed 04-13
              - {id: easter, due: 2022-04-17, before: [1bd, 0d, 2d]}
              # shift after: 04-19; escalate off, overdue from project
              - {id: after, due: 2022-04-17, shift: after, before: [], escalate: null}
              # shift none: D stays Sunday; on_due back on; 0d -> previous working day 04-13
              - {id: none, due: 2022-04-17, shift: none, before: [0d], on_due: true,
                 overdue: null, escalate: null, owner: [chef, anne], notify: [console]}
            """})
        rows = {(r["milestone"], r["key"].split("#")[1]): (r["local"][:10], r["due"], r["recipients"])
                for r in got}
        self.assertEqual(rows, {
            ("easter", "before-1bd"): ("2022-04-12", "2022-04-13", ["anne"]),
            ("easter", "before-0d"): ("2022-04-13", "2022-04-13", ["anne"]),
            ("easter", "before-2d"): ("2022-04-11", "2022-04-13", ["anne"]),
            ("easter", "overdue-1"): ("2022-04-19", "2022-04-13", ["anne"]),   # 04-16 Sat -> Tue
            ("easter", "overdue-2"): ("2022-04-19", "2022-04-13", ["anne"]),
            ("easter", "escalation"): ("2022-04-27", "2022-04-13", ["chef"]),
            ("after", "overdue-1"): ("2022-04-22", "2022-04-19", ["anne"]),
            ("after", "overdue-2"): ("2022-04-25", "2022-04-19", ["anne"]),
            ("none", "before-0d"): ("2022-04-13", "2022-04-17", ["chef", "anne"]),
            ("none", "due"): ("2022-04-17", "2022-04-17", ["chef", "anne"]),
        })
        self.assertTrue(all(r["channels"] == ["console"] for r in got))

    def test_monthly_31_skips_short_months_and_until(self):
        got = lines({"frist.yaml": TOP, "schedules/a.yaml": """\
            project: {id: a, owner: anne}
            milestones:
              - id: m31
                repeat: FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20221001
                start: 2022-01-31
                until: 2022-12-31
                shift: none
                before: []
                overdue: null
            """})
        self.assertEqual([r["occurrence"] for r in got],
                         ["2022-01-31", "2022-03-31", "2022-05-31", "2022-07-31", "2022-08-31"])

    def test_count_setpos_and_time_of_day(self):
        got = lines({"frist.yaml": TOP, "schedules/a.yaml": """\
            project: {id: a, owner: anne}
            milestones:
              - id: lastwd
                repeat: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3
                start: 2022-04-29T14:30
                before: []
                overdue: null
            """})
        self.assertEqual([(r["occurrence"], r["due"], r["local"]) for r in got], [
            ("2022-04-29", "2022-04-29", "2022-04-29T14:30:00+02:00"),
            ("2022-05-31", "2022-05-31", "2022-05-31T14:30:00+02:00"),
            ("2022-06-30", "2022-06-30", "2022-06-30T14:30:00+02:00"),
        ])

    def test_quarterly_last_day_with_closed_range(self):
        got = lines({"frist.yaml": TOP, "schedules/a.yaml": """\
            project: {id: a, owner: anne}
            milestones:
              - id: q
                repeat: FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1
                start: 2021-03-31
                until: 2022-01-01
                before: [1bd]
                on_due: false
                overdue: {every: 7d, times: 1}
            """})
        rows = [(r["occurrence"], r["due"], r["kind"], r["local"][:10]) for r in got]
        self.assertEqual(rows, [
            ("2021-03-31", "2021-03-31", "before", "2021-03-30"),
            ("2021-03-31", "2021-03-31", "overdue", "2021-04-07"),
            ("2021-06-30", "2021-06-30", "before", "2021-06-29"),
            ("2021-06-30", "2021-06-30", "overdue", "2021-07-07"),
            ("2021-09-30", "2021-09-30", "before", "2021-09-29"),
            ("2021-09-30", "2021-09-30", "overdue", "2021-10-07"),
            # 12-31 closed -> 12-30; 1bd -> 12-29; +7 = 01-06
            ("2021-12-31", "2021-12-30", "before", "2021-12-29"),
            ("2021-12-31", "2021-12-30", "overdue", "2022-01-06"),
        ])

    def test_done_window_and_sort(self):
        got = lines({"frist.yaml": TOP, "schedules/b.yaml": """\
            project: {id: b, owner: anne}
            milestones:
              - {id: w, repeat: "FREQ=WEEKLY;BYDAY=MO,TH", start: 2022-07-04,
                 done: 2022-07-21, before: [], overdue: null}
              - {id: a, due: 2022-07-07, before: [], overdue: null}
            """}, frm="2022-07-06", to="2022-08-01")
        # 07-11..15 are closed: the Mon 11 and Thu 14 occurrences shift to Fri 07-08
        self.assertEqual([r["key"] for r in got], [
            "b/a@2022-07-07#due", "b/w@2022-07-07#due",
            "b/w@2022-07-11#due", "b/w@2022-07-14#due",
            "b/w@2022-07-18#due",
        ])

    def test_bad_start_is_config_error(self):
        p = run_reference({"frist.yaml": TOP, "schedules/a.yaml": """\
            project: {id: a, owner: anne}
            milestones:
              - {id: x, repeat: FREQ=MONTHLY;BYMONTHDAY=15, start: 2022-01-14}
            """})
        self.assertEqual(p.returncode, 78)
        self.assertIn("not the first occurrence", p.stderr)


if __name__ == "__main__":
    unittest.main()
