#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python reference for include/didit/detail/webhook_canonical.hpp (Didit X-Signature-V2 canonical JSON).

The canonical form is what Didit's (Python) server signs:
    json.dumps(shorten_floats(json.loads(body)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

Modes:
  canon [--ascii]            read one body from stdin, write its canonical form to stdout
                             (exit 1 = rejected, exit 2 = SKIP, reason on stderr)
  check [--ascii | --both]   read one hex-encoded body per line from stdin; write one line per body:
                               OK <hex of canonical utf-8>          (--both: OK <hex> <hex of ascii variant>)
                               ERR <reason>                         Python rejects the body
                               SKIP <reason>                        Python's answer is not meaningful
  gen --seed S --count N     write N random hex-encoded bodies, one per line (valid and invalid)
  bench --file F             print microseconds per json.loads+json.dumps of F, then with shorten_floats

SKIP covers what Python accepts but the C++ side deliberately rejects: NaN/Infinity literals,
float literals overflowing to inf, lone surrogate escapes (anywhere in the body, even in a value a
later duplicate key discards), and RecursionError on deep nesting.
Bodies are decoded as strict UTF-8 first (json.loads(bytes) would use 'surrogatepass' and sniff
UTF-16/32; webhook bodies are UTF-8 and the C++ side rejects anything else).
"""

import argparse
import json
import random
import re
import sys

if hasattr(sys, "set_int_max_str_digits"):
    # Python ints are unbounded in the spec; 3.11's 4300-digit DoS guard is a CPython setting,
    # and the C++ side bounds bodies by size instead.
    sys.set_int_max_str_digits(0)


# The C++ side's default max_depth is 512 and the differential test compares bodies up to ~600 deep
# with a raised limit; recursive shorten_floats needs two frames per level.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))


class Skip(Exception):
    pass


# The hooks below only detect what the C++ side rejects by design; they return exactly what
# json.loads would build by default, so the canonical form is unaffected. They are needed because a
# duplicate key can discard a NaN/inf/lone-surrogate value that json.dumps would never see.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse_constant(name):
    raise Skip("non-finite literal %s" % name)


def _parse_float(text):
    v = float(text)
    if v in (float("inf"), float("-inf")):
        raise Skip("float literal overflows to inf")
    return v


def _check_discarded(value):
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _SURROGATE.search(v):
                raise Skip("lone surrogate in a value discarded by a duplicate key")
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def _object_pairs(pairs):
    d = dict(pairs)
    if len(d) != len(pairs):
        for k, v in pairs:
            if d[k] is not v:
                _check_discarded(v)
    return d


def shorten_floats(v):
    if isinstance(v, dict):
        return {k: shorten_floats(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shorten_floats(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def canonical(body: bytes, ensure_ascii: bool, both: bool = False):
    """Returns (canonical_bytes, None), (None, 'reason') if Python rejects the body, or raises Skip.

    With both=True the first element is a pair (ensure_ascii=False form, ensure_ascii=True form).
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, "invalid utf-8: %s" % e.reason
    try:
        value = json.loads(text, parse_float=_parse_float, parse_constant=_parse_constant,
                           object_pairs_hook=_object_pairs)
    except RecursionError:
        raise Skip("recursion limit in json.loads")
    except ValueError as e:  # JSONDecodeError
        return None, str(e).replace("\n", " ")
    try:
        value = shorten_floats(value)
        # allow_nan=False turns NaN/Infinity (literals or overflowed floats) into ValueError.
        unicode_form = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                  allow_nan=False).encode("utf-8")
        # ^ lone surrogates survive json.loads as code points but cannot be encoded: UnicodeEncodeError.
        if not (ensure_ascii or both):
            return unicode_form, None
        ascii_form = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"),
                                allow_nan=False).encode("ascii")
        return ((unicode_form, ascii_form) if both else ascii_form), None
    except RecursionError:
        raise Skip("recursion limit in shorten_floats/json.dumps")
    except UnicodeEncodeError:
        raise Skip("lone surrogate")
    except ValueError:
        raise Skip("non-finite float")


def cmd_canon(args):
    body = sys.stdin.buffer.read()
    try:
        out, err = canonical(body, args.ascii)
    except Skip as e:
        sys.stderr.write("SKIP %s\n" % e)
        return 2
    if err is not None:
        sys.stderr.write("ERR %s\n" % err)
        return 1
    sys.stdout.buffer.write(out)
    return 0


def cmd_check(args):
    write = sys.stdout.write
    for line in sys.stdin:
        line = line.strip()
        try:
            body = bytes.fromhex(line)
        except ValueError:
            write("ERR bad hex line\n")
            continue
        try:
            out, err = canonical(body, args.ascii, args.both)
            if err is not None:
                write("ERR %s\n" % err)
            elif args.both:
                write("OK %s %s\n" % (out[0].hex(), out[1].hex()))
            else:
                write("OK %s\n" % out.hex())
        except Skip as e:
            write("SKIP %s\n" % e)
    return 0


# ---------------------------------------------------------------------------------------------
# Generator: builds Python values, serialises them with random layout/number spellings, and
# sometimes corrupts the result. It is independent from the C++ driver's generator on purpose.

KEYS = ["a", "b", "A", "", "id", "ab", "a\x00", "\u00e9", "\uffff", "\U0001F600", "z" * 3, "\u2028", "key"]


def rand_float_text(r):
    pick = r.random()
    if pick < 0.25:
        v = r.uniform(-1e6, 1e6)
    elif pick < 0.45:
        v = r.choice([-1, 1]) * 10 ** r.uniform(-330, 308.2)
    elif pick < 0.6:
        v = float(r.randint(-10 ** 6, 10 ** 6))
    elif pick < 0.7:
        return r.choice(["0.0", "-0.0", "1E+2", "1e-05", "1.5e-07", "0.0001", "1e300", "-1e19", "1e21",
                         "95.0", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
                         "1000000000000000.5", "5.33548", "1e-400", "-1e-400", "0e5", "12.5E-1"])
    else:
        mant = str(r.randint(1, 10 ** r.randint(1, 25)))
        cut = r.randint(1, len(mant))
        text = mant[:cut] + ("." + mant[cut:] if cut < len(mant) else "")
        if r.random() < 0.7:
            text += r.choice("eE") + r.choice(["", "+", "-"]) + str(r.randint(0, 320))
        return r.choice(["", "-"]) + text
    if v != v or v in (float("inf"), float("-inf")):
        v = 0.5
    style = r.random()
    if style < 0.4:
        return repr(v)
    if style < 0.6:
        text = "%.17g" % v
        return text if ("." in text or "e" in text) else text + ".0"
    if style < 0.8:
        return "%.*e" % (r.randint(0, 20), v)
    return "%.15E" % v


def rand_string(r):
    n = r.randint(0, 12)
    chars = []
    for _ in range(n):
        p = r.random()
        if p < 0.5:
            chars.append(chr(r.randint(0x20, 0x7e)))
        elif p < 0.65:
            chars.append(chr(r.randint(0, 0x1f)))
        elif p < 0.8:
            chars.append(chr(r.randint(0x80, 0xd7ff)))
        elif p < 0.9:
            chars.append(chr(r.randint(0x10000, 0x10ffff)))
        else:
            chars.append(r.choice(["\u2028", "\u2029", "\x7f", "/", "\\", '"', "\ufeff", "\ue000"]))
    return "".join(chars)


def rand_value(r, depth):
    p = r.random()
    if depth > 0 and p < 0.2:
        return {(r.choice(KEYS) if r.random() < 0.5 else rand_string(r)): rand_value(r, depth - 1)
                for _ in range(r.randint(0, 6))}
    if depth > 0 and p < 0.35:
        return [rand_value(r, depth - 1) for _ in range(r.randint(0, 6))]
    if p < 0.5:
        return rand_string(r)
    if p < 0.6:
        return r.choice([True, False, None])
    if p < 0.75:
        return r.choice([0, -1, 1, r.randint(-10 ** 30, 10 ** 30), r.randint(-2 ** 70, 2 ** 70), r.randint(-999, 999)])
    return _RawFloat(rand_float_text(r))


class _RawFloat:
    def __init__(self, text):
        self.text = text


def ws(r):
    if r.random() < 0.7:
        return ""
    return "".join(r.choice(" \t\n\r") for _ in range(r.randint(1, 3)))


def serialise(r, v, ensure_ascii):
    if isinstance(v, _RawFloat):
        return v.text
    if isinstance(v, dict):
        items = list(v.items())
        if items and r.random() < 0.3:  # duplicate key, different value
            k, _ = r.choice(items)
            items.append((k, rand_value(r, 0)))
        if r.random() < 0.25:
            items.sort(key=lambda kv: kv[0])  # already canonical order: the C++ side skips sorting
        else:
            r.shuffle(items)
        return "{" + ws(r) + ("," + ws(r)).join(
            serialise(r, k, ensure_ascii) + ws(r) + ":" + ws(r) + serialise(r, x, ensure_ascii) + ws(r)
            for k, x in items) + "}"
    if isinstance(v, list):
        return "[" + ws(r) + ",".join(ws(r) + serialise(r, x, ensure_ascii) + ws(r) for x in v) + "]"
    if isinstance(v, str):
        s = json.dumps(v, ensure_ascii=ensure_ascii)
        if r.random() < 0.3:
            s = re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), s)
        if r.random() < 0.3:
            s = s.replace("/", "\\/")
        return s
    return json.dumps(v)


CORRUPTIONS = [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xe2\x82", b"\\x",
               b"\\u12G4", b"\\ud800", b"\x01", b",", b"01", b"]", b"}", b":", b"'", b"NaN", b"Infinity",
               b"\\udc00\\ud800", b"-", b"1.", b".5", b"+1", b"tru", b"\xef\xbb\xbf"]


def gen_body(r):
    v = rand_value(r, r.randint(0, 5))
    body = (ws(r) + serialise(r, v, r.random() < 0.5) + ws(r)).encode("utf-8", "surrogatepass")
    p = r.random()
    if p < 0.08 and len(body) > 1:
        body = body[:r.randint(0, len(body) - 1)]
    elif p < 0.18:
        at = r.randint(0, len(body))
        body = body[:at] + r.choice(CORRUPTIONS) + body[at:]
    elif p < 0.2:
        body = body + r.choice([b" x", b",", b"{}", b"\x00"])
    return body


def cmd_gen(args):
    r = random.Random(args.seed)
    out = sys.stdout.write
    for _ in range(args.count):
        out(gen_body(r).hex() + "\n")
    return 0


def cmd_bench(args):
    """Prints microseconds per body for json.loads+json.dumps, then for the full recipe with shorten_floats."""
    import timeit
    with open(args.file, "rb") as f:
        body = f.read()

    def plain():
        value = json.loads(body.decode("utf-8"))
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def recipe():
        value = shorten_floats(json.loads(body.decode("utf-8")))
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    n = args.iterations
    for fn in (plain, recipe):
        fn()
        print("%.3f" % (min(timeit.repeat(fn, number=n, repeat=5)) / n * 1e6))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("canon")
    c.add_argument("--ascii", action="store_true")
    k = sub.add_parser("check")
    k.add_argument("--ascii", action="store_true")
    k.add_argument("--both", action="store_true")
    g = sub.add_parser("gen")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--count", type=int, default=1000)
    b = sub.add_parser("bench")
    b.add_argument("--file", required=True)
    b.add_argument("--iterations", type=int, default=2000)
    args = ap.parse_args()
    return {"canon": cmd_canon, "check": cmd_check, "gen": cmd_gen, "bench": cmd_bench}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
