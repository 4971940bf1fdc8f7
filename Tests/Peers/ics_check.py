#!/usr/bin/env python3
"""Reads an iCalendar feed with the `icalendar` package, as a calendar program would, and prints
a JSON summary for the tests: the calendar's properties, the number of each component, every
VTIMEZONE's observances, and per to-do or event its UID, SUMMARY, STATUS, due time (DUE, or
DTSTART of an event) with its UTC offset resolved through the feed's own VTIMEZONE, COMPLETED
and alarm triggers (UTC).

Exit 1, with the reason on stderr, when the text is not a valid feed: a line not ending in CRLF,
a line over 75 octets, a part that is not UTF-8, or anything icalendar reports as broken.

Usage: ics_check.py FILE  (or - for standard input)
"""
import datetime
import json
import sys

import icalendar


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(1)


def check_lines(data):
    if not data.endswith(b"\r\n"):
        fail("the feed does not end with CRLF")
    longest = 0
    for number, line in enumerate(data[:-2].split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            fail(f"line {number}: a bare CR or LF")
        if len(line) > 75:
            fail(f"line {number}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            fail(f"line {number}: not UTF-8 on its own ({error})")
        longest = max(longest, len(line))
    return longest


def own_timezones(calendar):
    """TZID -> tzinfo built from the feed's VTIMEZONE, not looked up by name."""
    zones = {}
    for vtimezone in calendar.walk("VTIMEZONE"):
        try:
            zones[str(vtimezone["TZID"])] = vtimezone.to_tz(lookup_tzid=False)
        except TypeError:  # icalendar < 6 always builds the zone from the component
            zones[str(vtimezone["TZID"])] = vtimezone.to_tz()
    return zones


def localize(naive, tz):
    return tz.localize(naive) if hasattr(tz, "localize") else naive.replace(tzinfo=tz)


def ical(value):
    """A property's value as written (icalendar gives bytes or str, by version and type)."""
    text = value.to_ical()
    return text.decode() if isinstance(text, bytes) else text


def utc(value):
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(component, name, zones):
    """A DATE as YYYY-MM-DD; a DATE-TIME as local ISO with its offset from the feed's own zone,
    plus its UTC instant and the instant the system's zone database gives for the same TZID."""
    prop = component.get(name)
    if prop is None:
        return None
    value = prop.dt
    if not isinstance(value, datetime.datetime):
        return {"date": value.isoformat()}
    tzid = prop.params.get("TZID")
    if tzid is None:
        return {"utc": utc(value)}
    if tzid not in zones:
        fail(f"{name}: TZID {tzid} has no VTIMEZONE")
    own = localize(value.replace(tzinfo=None), zones[tzid])
    return {"local": own.isoformat(), "utc": utc(own), "tzid": tzid,
            "utc_by_zone_database": utc(value) if value.tzinfo else None}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "-"
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    longest = check_lines(data)
    calendar = icalendar.Calendar.from_ical(data)
    broken = [(c.name, c.errors) for c in calendar.walk() if getattr(c, "errors", None)]
    if broken:
        fail(f"icalendar reports errors: {broken}")
    zones = own_timezones(calendar)
    counts = {}
    for component in calendar.walk():
        counts[component.name] = counts.get(component.name, 0) + 1
    items = []
    for component in calendar.walk():
        if component.name not in ("VTODO", "VEVENT"):
            continue
        categories = component.get("CATEGORIES")
        completed = component.get("COMPLETED")
        items.append({
            "component": component.name,
            "uid": str(component["UID"]),
            "summary": str(component.get("SUMMARY", "")),
            "description": str(component.get("DESCRIPTION", "")),
            "categories": [str(c) for c in categories.cats] if categories is not None else [],
            "status": str(component["STATUS"]) if "STATUS" in component else None,
            "percent_complete": int(component["PERCENT-COMPLETE"]) if "PERCENT-COMPLETE" in component else None,
            "completed": utc(completed.dt) if completed is not None else None,
            "dtstamp": utc(component["DTSTAMP"].dt),
            "due": when(component, "DUE" if component.name == "VTODO" else "DTSTART", zones),
            "end": when(component, "DTEND", zones),
            "transp": str(component["TRANSP"]) if "TRANSP" in component else None,
            "alarms": [{"action": str(a["ACTION"]), "description": str(a["DESCRIPTION"]),
                        "trigger": utc(a["TRIGGER"].dt)} for a in component.walk("VALARM")],
        })
    timezones = {}
    for vtimezone in calendar.walk("VTIMEZONE"):
        timezones[str(vtimezone["TZID"])] = [{
            "kind": part.name,
            "dtstart": part["DTSTART"].dt.isoformat(),
            "from": ical(part["TZOFFSETFROM"]),
            "to": ical(part["TZOFFSETTO"]),
            "rrule": ical(part["RRULE"]) if "RRULE" in part else None,
        } for part in vtimezone.subcomponents]
    properties = {name: value if isinstance(value, str) else ical(value) for name, value in calendar.items()}
    print(json.dumps({"calendar": properties, "counts": counts, "longest_line": longest,
                      "timezones": timezones, "items": items}, ensure_ascii=False))


main()
