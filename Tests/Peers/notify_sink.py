#!/usr/bin/env python3
"""A stand-in for systemd's notification socket: binds an AF_UNIX datagram socket at PATH and
appends every datagram it receives as one JSON line ({"n", "fields": {NAME: value}}) to RECORD.
Prints "READY" once bound. Exits on SIGTERM/SIGINT, or when its parent goes away."""
import argparse, json, os, signal, socket, sys, time

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--path", required=True)
    p.add_argument("--record", required=True)
    p.add_argument("--port", default="0")  # accepted for the common peer interface; unused
    args = p.parse_args()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if os.path.exists(args.path):
        os.unlink(args.path)
    s.bind(args.path)
    s.settimeout(0.5)
    parent = os.getppid()
    print("READY 0", flush=True)
    n = 0
    with open(args.record, "a", encoding="utf-8") as out:
        while os.getppid() == parent:
            try:
                data = s.recv(65536)
            except socket.timeout:
                continue
            n += 1
            fields = {}
            for line in data.decode("utf-8", "replace").split("\n"):
                if "=" in line:
                    k, v = line.split("=", 1)
                    fields[k] = v
            out.write(json.dumps({"n": n, "fields": fields, "t": time.time()}) + "\n")
            out.flush()

if __name__ == "__main__":
    main()
