#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Starts didit-sim on a free loopback port, runs one command against it, and stops it (SIGTERM).
"""Run a command against a fresh didit-sim.

    run.py --sim build/examples/didit-sim [--log FILE] -- COMMAND [ARGS...]

The command gets DIDIT_BASE_URL, DIDIT_AUTH_BASE_URL and DIDIT_API_KEY (the seeded
application's key) in its environment. Fails (exit 1) when the server does not start within
20 s, when the command fails or runs longer than --timeout, or when the server does not exit 0
within 10 s of SIGTERM. Every wait is bounded. The server's log is printed on failure.
"""
import argparse
import os
import secrets
import select
import signal
import string
import subprocess
import sys
import tempfile
import time


def start_sim(sim, log, extra):
    """Starts didit-sim, returns (process, base_url). Raises RuntimeError on failure."""
    alphabet = string.ascii_letters + string.digits
    api_key = "sk_test_" + "".join(secrets.choice(alphabet) for _ in range(43))
    proc = subprocess.Popen([sim, "--port", "0", "--api-key", api_key] + extra,
                            stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            proc.kill()
            proc.wait(timeout=10)
            raise RuntimeError("didit-sim did not print its listening line within 20 s (got %r)" % line)
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 1)
            if not chunk:
                continue
            line += chunk
    text = line.decode().strip()
    prefix = "didit-sim listening on "
    if not text.startswith(prefix + "http://127.0.0.1:"):
        proc.kill()
        proc.wait(timeout=10)
        raise RuntimeError("unexpected first line from didit-sim: %r" % text)
    return proc, text[len(prefix):], api_key


def stop_sim(proc):
    """SIGTERM, then at most 10 s for a clean exit 0. Returns an error text or None."""
    if proc.poll() is not None:
        return "didit-sim exited early with status %s" % proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        return "didit-sim did not stop within 10 s of SIGTERM"
    if rc != 0:
        return "didit-sim exited with status %d after SIGTERM" % rc
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sim", required=True, help="path of the didit-sim binary")
    ap.add_argument("--sim-arg", action="append", default=[], help="extra didit-sim argument (repeatable)")
    ap.add_argument("--timeout", type=float, default=150, help="seconds the command may run (default 150)")
    ap.add_argument("--log", help="keep didit-sim's log in this file")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command given")

    log = open(args.log, "w+b") if args.log else tempfile.TemporaryFile()
    try:
        proc, base, api_key = start_sim(args.sim, log, args.sim_arg)
    except RuntimeError as e:
        log.seek(0)
        sys.stderr.write(log.read().decode(errors="replace"))
        print("run.py: %s" % e, file=sys.stderr)
        return 1

    env = dict(os.environ)
    env["DIDIT_BASE_URL"] = base
    env["DIDIT_AUTH_BASE_URL"] = base + "/auth/v2"
    env["DIDIT_API_KEY"] = api_key
    # Loopback traffic must never go through a proxy from the environment.
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    print("run.py: didit-sim at %s; running %s" % (base, " ".join(cmd)), flush=True)
    failure = None
    try:
        rc = subprocess.run(cmd, env=env, timeout=args.timeout, stdin=subprocess.DEVNULL).returncode
        if rc != 0:
            failure = "%s exited with status %d" % (cmd[0], rc)
    except subprocess.TimeoutExpired:
        failure = "%s ran longer than %.0f s" % (cmd[0], args.timeout)
    except OSError as e:
        failure = "cannot run %s: %s" % (cmd[0], e)
    stop_error = stop_sim(proc)
    failure = failure or stop_error
    if failure:
        log.seek(0)
        sys.stderr.write("---- didit-sim log ----\n" + log.read().decode(errors="replace") + "----\n")
        print("run.py: FAILED: %s" % failure, file=sys.stderr)
        if stop_error and stop_error != failure:
            print("run.py: also: %s" % stop_error, file=sys.stderr)
        return 1
    print("run.py: ok (didit-sim stopped cleanly)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
