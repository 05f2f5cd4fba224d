#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python reference for the webhook benchmark, and the comparison table.

    webhook_bench.py measure <out-dir> <round> [seconds-per-measurement=0.5]
    webhook_bench.py report <out-dir>

`measure` reads the bodies and V2 signatures that webhook_bench (C++) wrote to <out-dir>,
checks that Python computes the same signatures as the C++ signer, times the reference
verification in-process with time.perf_counter (json.loads, shorten_floats,
json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")), HMAC-SHA256,
compare_digest, timestamp window) on the same bytes, and writes py-results-<round>.tsv.
`report` prints one table from every round's cpp-results-<round>.tsv and py-results-<round>.tsv,
each method at its best over the rounds. bench/run_webhook_bench.sh runs it all.
"""

import hashlib
import hmac
import json
import os
import sys
import time

SECRET = b"whsec_bench_0123456789abcdef0123456789abcdef"
TIMESTAMP = 1767225600
LABELS = ["2KB", "20KB", "200KB"]
TARGET_LABEL, TARGET_RATIO = "20KB", 8.0


def shorten_floats(v):
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    if isinstance(v, dict):
        return {k: shorten_floats(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shorten_floats(x) for x in v]
    return v


def verify(body: bytes, signature: str, now: int) -> bool:
    """What Didit's Python SDK does for X-Signature-V2."""
    value = json.loads(body)
    if abs(now - value["timestamp"]) > 300:
        return False
    canonical = json.dumps(shorten_floats(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    expected = hmac.new(SECRET, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def measure(seconds, fn):
    """Best of five batches, each at least seconds/5 long: calls per second (as the C++ side)."""
    best = 0.0
    for _ in range(5):
        n = 0
        start = time.perf_counter()
        while True:
            for _ in range(4):
                if not fn():
                    raise SystemExit("webhook_bench.py: a verification failed during timing")
            n += 4
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / 5:
                break
        best = max(best, n / elapsed)
    return best


def read_tsv(path, results, sizes):
    """Keeps the best rate per (label, method) seen so far."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, size, method, rate = line.rstrip("\n").split("\t")
            results[(label, method)] = max(results.get((label, method), 0.0), float(rate))
            sizes[label] = int(size)


def measure_round(out, rnd, seconds):
    """Times the Python reference on the bodies the C++ side wrote; writes py-results-<round>.tsv."""
    lines = []
    for label in LABELS:
        with open(os.path.join(out, "body-%s.json" % label), "rb") as f:
            body = f.read()
        with open(os.path.join(out, "body-%s.sig" % label), encoding="ascii") as f:
            sig = f.read().strip()
        if not verify(body, sig, TIMESTAMP):
            raise SystemExit("webhook_bench.py: Python does not accept the C++ signature of the %s body" % label)
        rate = measure(seconds, lambda: verify(body, sig, TIMESTAMP))
        lines.append("%s\t%d\tPython reference\t%r\n" % (label, len(body), rate))
    with open(os.path.join(out, "py-results-%s.tsv" % rnd), "w", encoding="utf-8") as f:
        f.writelines(lines)


def report(out):
    """The table: for each method the best rate over all rounds, then the target and each round's ratio."""
    rounds = sorted(n[len("cpp-results-"):-len(".tsv")] for n in os.listdir(out)
                    if n.startswith("cpp-results-") and n.endswith(".tsv"))
    results, sizes = {}, {}
    per_round = []
    for rnd in rounds:
        one, _ = {}, {}
        for side in ("cpp", "py"):
            path = os.path.join(out, "%s-results-%s.tsv" % (side, rnd))
            read_tsv(path, results, sizes)
            read_tsv(path, one, _)
        per_round.append(one[(TARGET_LABEL, "didit Verifier (V2 only)")] / one[(TARGET_LABEL, "Python reference")])
    print("Python reference accepts every C++ X-Signature-V2 (canonical forms agree byte for byte)")
    print("best of %d round(s), each side timed alternately in every round" % len(rounds))
    print()

    methods = ["didit Verifier (V2 only)", "didit Verifier + decision()", "didit V2 check, no decode",
               "nlohmann DOM + HMAC", "Python reference", "HMAC alone"]
    header = "%-6s %8s  %-28s %12s %9s %10s %9s" % ("body", "bytes", "method", "verif/s", "MB/s", "vs Python",
                                                    "vs HMAC")
    print(header)
    print("-" * len(header))
    for label in LABELS:
        py = results[(label, "Python reference")]
        hm = results[(label, "HMAC alone")]
        for i, m in enumerate(methods):
            rate = results[(label, m)]
            print("%-6s %8s  %-28s %12.0f %9.1f %9.2fx %8.3fx" % (
                label if i == 0 else "", sizes[label] if i == 0 else "", m, rate, rate * sizes[label] / 1e6,
                rate / py, rate / hm))
        print()

    py = results[(TARGET_LABEL, "Python reference")]
    ratio = results[(TARGET_LABEL, "didit Verifier (V2 only)")] / py
    print("target: didit Verifier >= %.0fx the Python reference on the %s body: %.1fx -- %s" % (
        TARGET_RATIO, TARGET_LABEL, ratio, "met" if ratio >= TARGET_RATIO else "NOT met"))
    print("        with the typed decision decoded too: %.1fx" % (
        results[(TARGET_LABEL, "didit Verifier + decision()")] / py))
    print("        within each round alone: %s" % ", ".join("%.1fx" % r for r in per_round))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "measure":
        measure_round(sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.5)
    elif len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
