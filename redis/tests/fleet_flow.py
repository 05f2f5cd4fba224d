#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Two fleet_receiver instances on one redis-server behind didit-sim: each delivery handled once.
"""Run under tests/interop/run.py (which starts didit-sim and sets DIDIT_BASE_URL, DIDIT_API_KEY):

    run.py --sim <didit-sim> -- fleet_flow.py --bin-dir <build>/examples --redis-server redis-server

Starts redis-server on a free loopback port and two receivers, A and B, each the destination of
one webhook destination, so didit-sim delivers every event to both. A answers 500 after handling
(its acknowledgement "lost"), so didit-sim delivers it to A again: 3 deliveries per event across 2
processes. A's first handling also fails, releasing its key. A third instance waits in
await_decision for one session. Checks: every event handled exactly once, the failed one handled
later, 3 attempts per event, and the waiting instance printed the decision. Every wait is bounded.
"""
import argparse
import os
import select
import signal
import socket
import subprocess
import sys
import time

import requests

TIMEOUT = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_line(proc, seconds):
    deadline = time.monotonic() + seconds
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("no line from %s within %d s (got %r)" % (proc.args[0], seconds, line))
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            b = os.read(proc.stdout.fileno(), 1)  # unbuffered, so select() sees what is left
            if not b:
                raise AssertionError("%s exited before printing a line (got %r)" % (proc.args[0], line))
            line += b
    return line.decode()


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate(timeout=10)
    return out.decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--redis-server", required=True)
    ap.add_argument("--sessions", type=int, default=4)
    args = ap.parse_args()
    base = os.environ["DIDIT_BASE_URL"]
    key = os.environ["DIDIT_API_KEY"]
    http = requests.Session()
    http.trust_env = False
    hdr = {"x-api-key": key, "Content-Type": "application/json"}
    receiver = os.path.join(args.bin_dir, "fleet_receiver")
    procs = []
    try:
        rport = free_port()
        redis = subprocess.Popen([args.redis_server, "--port", str(rport), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--loglevel", "warning"], stdout=subprocess.DEVNULL)
        procs.append(redis)
        for _ in range(500):
            try:
                with socket.create_connection(("127.0.0.1", rport), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                time.sleep(0.02)
        else:
            raise AssertionError("redis-server did not answer")
        common = ["--redis-port", str(rport), "--prefix", "fleet-flow"]

        ports = {"A": free_port(), "B": free_port()}
        secrets = []
        for name in ("A", "B"):
            r = http.post(base + "/v3/webhook/destinations/", headers=hdr, timeout=TIMEOUT,
                          json={"label": name, "url": "http://127.0.0.1:%d/webhook" % ports[name],
                                "subscribed_events": ["status.updated"]})
            assert r.status_code == 201, r.text
            secrets.append(r.json()["secret_shared_key"])
        env = dict(os.environ, DIDIT_WEBHOOK_SECRET=",".join(secrets))
        rx = {}
        for name, extra in (("A", ["--lose-ack", "--fail-first"]), ("B", [])):
            p = subprocess.Popen([receiver, "--port", str(ports[name])] + common + extra, env=env,
                                 stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
            procs.append(p)
            rx[name] = p
            assert "listening" in read_line(p, 20)

        wfs = http.get(base + "/v3/workflows/", headers=hdr, timeout=TIMEOUT).json()
        rows = wfs if isinstance(wfs, list) else wfs["results"]
        wf = rows[0]["workflow_id"]
        ids = []
        for _ in range(args.sessions):
            r = http.post(base + "/v3/session/", headers=hdr, json={"workflow_id": wf}, timeout=TIMEOUT)
            assert r.status_code == 201, r.text
            ids.append(r.json()["session_id"])
        waiter = subprocess.Popen([receiver, "--await", ids[0], "--seconds", "60"] + common,
                                  stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        procs.append(waiter)
        time.sleep(0.5)  # let it subscribe and read "Not Started" once (it would poll anyway)
        for i, sid in enumerate(ids):
            r = http.post(base + "/_sim/sessions/%s/complete/" % sid, timeout=TIMEOUT,
                          json={"outcome": "approved" if i % 2 == 0 else "declined"})
            assert 200 <= r.status_code < 300, r.text

        deadline = time.monotonic() + 60
        while True:
            ds = http.get(base + "/_sim/deliveries/", timeout=TIMEOUT).json()
            if ds and all(d["outcome"] not in ("", "pending") for d in ds):
                break
            assert time.monotonic() < deadline, "deliveries still pending after 60 s: %r" % ds
            time.sleep(0.1)
        decision = read_line(waiter, 60).split()
        assert decision == ["decision", ids[0], "Approved"], decision
        out = {name: stop(p) for name, p in rx.items()}

        events = {}
        for d in ds:
            assert d["outcome"] == "delivered", d
            events.setdefault(d["event_id"], 0)
            events[d["event_id"]] += d["attempts"]
        handled, failed, dups = {}, [], 0
        for name, text in out.items():
            for line in text.splitlines():
                words = line.split()
                if words[0] == "handled":
                    handled.setdefault(words[1], []).append(name)
                elif words[0] == "failed":
                    failed.append(words[1])
                elif words[0] == "duplicate":
                    dups += 1
        total = sum(events.values())
        print("fleet_flow: %d events, %d deliveries (attempts), handled %d (A %d, B %d), duplicates skipped %d, "
              "failed and released %d" % (len(events), total, sum(len(v) for v in handled.values()),
                                           sum(v.count("A") for v in handled.values()),
                                           sum(v.count("B") for v in handled.values()), dups, len(failed)))
        assert all(n == 3 for n in events.values()), events
        assert set(handled) == {"event:" + e for e in events}, (handled, events)
        assert all(len(v) == 1 for v in handled.values()), handled
        assert len(failed) == 1 and failed[0] in handled, (failed, handled)
        assert dups == total - len(events) - len(failed), (dups, total)
        print("fleet_flow: ok")
        return 0
    except (AssertionError, KeyError, IndexError, ValueError, requests.RequestException) as e:
        print("fleet_flow: FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        for p in reversed(procs):  # redis-server last
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
