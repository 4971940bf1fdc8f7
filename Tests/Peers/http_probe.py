#!/usr/bin/env python3
"""A small HTTP client for the tests, as a script or a scraper would use the daemon's listener.

  http_probe.py request METHOD URL [--token T] [--body TEXT]
      prints {"status": N, "headers": {lower-case name: value}, "body": text}
  http_probe.py metrics URL
      scrapes Prometheus text with prometheus_client's own parser and prints
      [{"name", "type", "samples": [{"name", "labels", "value"}]}]; a page the parser
      rejects exits 1 with the reason.

Loopback only; every request has a 20 s timeout.
"""
import argparse
import json
import sys
import urllib.error
import urllib.request


def fetch(method, url, token=None, body=None):
    if not url.startswith("http://127.0.0.1:") and not url.startswith("http://[::1]:"):
        sys.exit("http_probe: loopback URLs only")
    data = body.encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("request")
    r.add_argument("method")
    r.add_argument("url")
    r.add_argument("--token")
    r.add_argument("--body")
    m = sub.add_parser("metrics")
    m.add_argument("url")
    a = parser.parse_args()
    if a.command == "request":
        status, headers, body = fetch(a.method, a.url, a.token, a.body)
        print(json.dumps({"status": status, "headers": {k.lower(): v for k, v in headers.items()}, "body": body}))
        return
    from prometheus_client.parser import text_string_to_metric_families
    status, headers, body = fetch("GET", a.url)
    if status != 200:
        sys.exit(f"http_probe: /metrics answered {status}")
    try:
        families = [{"name": f.name, "type": f.type,
                     "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
                    for f in text_string_to_metric_families(body)]
    except Exception as error:  # the parser's own complaint is the test's failure message
        sys.exit(f"http_probe: prometheus_client cannot parse /metrics: {error}")
    print(json.dumps(families))


if __name__ == "__main__":
    main()
