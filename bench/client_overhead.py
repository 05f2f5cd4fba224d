# SPDX-License-Identifier: MIT
"""Python requests.Session on the same loopback server, then the comparison table.

    client_overhead.py --port N --fixtures DIR --cxx RESULTS [--seconds 0.5]

Times the two single-threaded workloads of client_overhead.cpp with requests.Session (the same
requests, `r.json()` and the same fields picked out), reads the C++ results written by
`client_overhead run`, and prints calls/s, microseconds per call and the ratios against the
targets. Run it through bench/run_client_bench.sh.
"""
import argparse
import json
import sys
import time

import requests

WORKFLOW_ID = "a1b2c3d4-5678-90ab-cdef-111111111111"
API_KEY = "sk_bench_0000000000000000000000000000000000000"


def measure(call, seconds):
    """(calls per second, CPU microseconds per call of this thread)."""
    call()  # warm: connection open
    n = 0
    start = time.perf_counter()
    cpu0 = time.thread_time()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        if not call():
            sys.exit("python: a call failed")
        n += 1
    cpu = time.thread_time() - cpu0
    return n / (time.perf_counter() - start), cpu / n * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--seconds", type=float, default=0.4)
    args = ap.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    with open(f"{args.fixtures}/session-create-request-1.json", encoding="utf-8") as f:
        request_body = json.load(f)

    s = requests.Session()
    s.trust_env = False  # no proxy lookup per request; loopback only
    s.headers.update({"x-api-key": API_KEY, "Accept": "application/json"})

    def get():
        r = s.get(f"{base}/v3/workflows/{WORKFLOW_ID}/", timeout=60)
        if r.status_code != 200:
            return False
        j = r.json()
        wf = {k: j.get(k) for k in ("uuid", "workflow_id", "workflow_label", "workflow_type", "workflow_url",
                                     "status", "published_at", "created_at", "updated_at", "is_default",
                                     "is_archived", "is_simple_workflow", "is_editable", "total_price",
                                     "min_price", "max_price", "max_retry_attempts", "retry_window_days",
                                     "version", "session_expiration_time")}
        wf["features"] = [p.strip() for p in (j.get("features") or "").split("+") if p.strip()]
        return wf["uuid"] == WORKFLOW_ID and len(wf["features"]) == 3

    def post():
        r = s.post(f"{base}/v3/session/", json=request_body, timeout=60)
        if r.status_code != 201:
            return False
        j = r.json()
        sess = {k: j.get(k) for k in ("session_id", "session_number", "session_token", "url", "vendor_data",
                                       "metadata", "status", "workflow_id", "workflow_version", "callback")}
        return bool(sess["session_id"])

    py = {"get": [0.0, 1e18], "post": [0.0, 1e18]}
    for _ in range(5):
        for wl, fn in (("get", get), ("post", post)):
            rate, cpu = measure(fn, args.seconds)
            py[wl] = [max(py[wl][0], rate), min(py[wl][1], cpu)]

    cxx = {}
    with open(args.cxx, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6 and parts[0] == "cxx":
                cxx[(parts[1], parts[2], int(parts[3]))] = (float(parts[4]), float(parts[5]))

    print(f"Python: {sys.implementation.name} {sys.version.split()[0]}, requests {requests.__version__}")
    print("wall = calls/s of the whole round trip (server and kernel included);")
    print("cpu  = CPU time of the calling thread per call, i.e. the client's own overhead")
    print()
    print(f"{'workload':<14}{'client':<32}{'calls/s':>9}{'wall us':>9}{'cpu us':>8}   ratios (wall, cpu)")
    print("-" * 100)
    verdicts = []
    for wl, label in (("get", "GET workflow"), ("post", "POST session")):
        (d, dc), (r, rc), (p, pc) = cxx[(wl, "didit", 1)], cxx[(wl, "raw", 1)], py[wl]
        over_wall, over_cpu = r / d, dc / rc
        fast_wall, fast_cpu = d / p, pc / dc
        print(f"{label:<14}{'didit Client<CurlTransport>':<32}{d:>9.0f}{1e6 / d:>9.1f}{dc:>8.1f}   "
              f"{over_wall:.3f}x, {over_cpu:.3f}x the raw call's time")
        print(f"{'':<14}{'raw libcurl + nlohmann by hand':<32}{r:>9.0f}{1e6 / r:>9.1f}{rc:>8.1f}   1.000x")
        print(f"{'':<14}{'Python requests.Session':<32}{p:>9.0f}{1e6 / p:>9.1f}{pc:>8.1f}   "
              f"didit is {fast_wall:.1f}x, {fast_cpu:.1f}x faster")
        verdicts.append((f"{label}: didit/raw {over_wall:.3f}x wall, {over_cpu:.3f}x cpu (target <= 1.10x)",
                         over_wall <= 1.10, over_cpu <= 1.10))
        verdicts.append((f"{label}: didit vs Python {fast_wall:.1f}x wall, {fast_cpu:.1f}x cpu (target >= 15x)",
                         fast_wall >= 15, fast_cpu >= 15))
    print()
    print(f"{'threads':<10}{'didit, one shared Client':>28}{'raw, a handle per thread':>28}   throughput ratio")
    print("-" * 100)
    for t in (1, 2, 4, 8):
        (d, dc), (r, rc) = cxx[("get-mt", "didit", t)], cxx[("get-mt", "raw", t)]
        print(f"{t:<10}{d:>14.0f} /s {dc:>7.1f} cpu us{r:>14.0f} /s {rc:>7.1f} cpu us   {d / r:.3f}x")
        if t == 8:
            verdicts.append((f"8 threads: didit/raw throughput {d / r:.3f}x (target >= 0.9x)", d / r >= 0.9,
                             d / r >= 0.9))
    print()
    print("wall   cpu")
    for text, ok_wall, ok_cpu in verdicts:
        print(f"{'met   ' if ok_wall else 'MISSED'} {'met   ' if ok_cpu else 'MISSED'} {text}")


if __name__ == "__main__":
    main()
