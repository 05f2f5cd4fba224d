#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python reference for the webhook benchmark, and the comparison table.

    webhook_bench.py <out-dir> [seconds-per-measurement=0.5]

Reads the bodies and V2 signatures that webhook_bench (C++) wrote to <out-dir>, times the
reference verification in-process with time.perf_counter (json.loads, shorten_floats,
json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")), HMAC-SHA256,
compare_digest, timestamp window) on the same bytes, checks that Python computes the same
signatures as the C++ signer, then prints one table with the C++ results from cpp-results.tsv.
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
    """What Didit's Python SDK does for X-Signature-V2 (api-notes 3.4, 3.5)."""
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


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5

    results = {}  # (label, method) -> verifications per second
    sizes = {}
    with open(os.path.join(out, "cpp-results.tsv"), encoding="utf-8") as f:
        for line in f:
            label, size, method, rate = line.rstrip("\n").split("\t")
            results[(label, method)] = float(rate)
            sizes[label] = int(size)

    for label in LABELS:
        with open(os.path.join(out, "body-%s.json" % label), "rb") as f:
            body = f.read()
        with open(os.path.join(out, "body-%s.sig" % label), encoding="ascii") as f:
            sig = f.read().strip()
        if not verify(body, sig, TIMESTAMP):
            raise SystemExit("webhook_bench.py: Python does not accept the C++ signature of the %s body" % label)
        results[(label, "Python reference")] = measure(seconds, lambda: verify(body, sig, TIMESTAMP))
        sizes[label] = len(body)
    print("Python reference accepts every C++ X-Signature-V2 (canonical forms agree byte for byte)")
    print()

    methods = ["didit Verifier (V2 only)", "didit V2 check, no decode", "nlohmann DOM + HMAC", "Python reference",
               "HMAC alone"]
    header = "%-6s %8s  %-26s %12s %9s %10s %9s" % ("body", "bytes", "method", "verif/s", "MB/s", "vs Python",
                                                    "vs HMAC")
    print(header)
    print("-" * len(header))
    for label in LABELS:
        py = results[(label, "Python reference")]
        hm = results[(label, "HMAC alone")]
        for i, m in enumerate(methods):
            rate = results[(label, m)]
            print("%-6s %8s  %-26s %12.0f %9.1f %9.2fx %8.3fx" % (
                label if i == 0 else "", sizes[label] if i == 0 else "", m, rate, rate * sizes[label] / 1e6,
                rate / py, rate / hm))
        print()

    ratio = results[(TARGET_LABEL, "didit Verifier (V2 only)")] / results[(TARGET_LABEL, "Python reference")]
    print("target: didit Verifier >= %.0fx the Python reference on the %s body: %.1fx -- %s" % (
        TARGET_RATIO, TARGET_LABEL, ratio, "met" if ratio >= TARGET_RATIO else "NOT met"))


if __name__ == "__main__":
    main()
