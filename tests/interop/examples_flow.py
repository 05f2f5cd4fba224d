#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Runs the example programs against didit-sim, the way their usage text tells a person to.
"""Run the examples against a didit-sim (started by tests/interop/run.py).

    examples_flow.py --bin-dir build/check-gcc/examples

Needs DIDIT_BASE_URL, DIDIT_AUTH_BASE_URL and DIDIT_API_KEY (run.py sets them). Runs
setup_account (register, verify with the emailed code, login), manage_workflows (list,
create, get, update, delete), create_session, screen_transaction (a wallet screening, a payment,
a refused payment), and webhook_receiver on a real delivery
(headers and body as received from didit-sim, verified with the application's secret; a
wrong secret must be refused), then quickstart, custom_transport, kiosk_check (an ID document and a
selfie, tiny PNGs written here) and async_asio when they were built.
Every program must exit 0 (the refused webhook: 1). Each run is limited to 60 s.
"""
import argparse
import http.server
import json
import os
import queue
import subprocess
import sys
import tempfile
import struct
import threading
import time
import uuid
import zlib

import requests

TIMEOUT = 30
passed = []


def run(bin_dir, name, *args, env=None, expect_rc=0):
    path = os.path.join(bin_dir, name)
    cmd = [path] + list(args)
    print("$ " + " ".join([name] + ["'%s'" % a if " " in a else a for a in args]), flush=True)
    p = subprocess.run(cmd, env=env or os.environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=60)
    out = p.stdout.decode(errors="replace")
    err = p.stderr.decode(errors="replace")
    if p.returncode != expect_rc:
        raise AssertionError("%s exited %d (expected %d)\n--- stdout\n%s--- stderr\n%s" %
                             (name, p.returncode, expect_rc, out, err))
    passed.append(name + " " + (args[0] if args else ""))
    return out


def tiny_png(text):
    """A valid 1x1 PNG carrying `text` in a tEXt chunk (didit-sim reads DIDIT-SIM markers from it)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b"tEXt", b"Comment\x00" + text.encode() + b" ") + chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x80")) +
            chunk(b"IEND", b""))


def json_out(text):
    try:
        return json.loads(text)
    except ValueError as e:
        raise AssertionError("not JSON on stdout: %s\n%s" % (e, text))


class Receiver:
    """Records webhook POSTs (raw headers as received, raw body)."""

    def __init__(self):
        self.got = queue.Queue()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.got.put((str(self.headers), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/hook" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", required=True, help="the build's examples directory")
    args = ap.parse_args()
    bins = args.bin_dir
    base = os.environ["DIDIT_BASE_URL"]
    http_ = requests.Session()
    http_.trust_env = False

    # setup_account: register -> (read the email) -> verify -> login.
    email = "examples-%s@gmail.com" % uuid.uuid4().hex[:10]
    password = "MyStr0ng!Pass"
    reg = json_out(run(bins, "setup_account", "register", email, password))
    assert reg.get("email") == email, reg
    box = http_.get(base + "/_sim/outbox/", timeout=TIMEOUT).json()
    code = [m["code"] for m in box if m.get("to") == email][-1]
    creds = json_out(run(bins, "setup_account", "verify", email, code))
    assert creds.get("api_key") and creds.get("org_uuid") and creds.get("app_uuid"), creds
    login = json_out(run(bins, "setup_account", "login", email, password))
    assert login.get("access_token"), "login printed no access_token"

    # "Next: export DIDIT_API_KEY=<api_key above>"
    env = dict(os.environ)
    env["DIDIT_API_KEY"] = creds["api_key"]

    # manage_workflows: the skill document's commands.
    run(bins, "manage_workflows", "list", env=env)
    wf = json_out(run(bins, "manage_workflows", "create", "--label", "My KYC", "--type", "kyc",
                      "--liveness", "--face-match", env=env))
    assert wf.get("uuid") and wf.get("workflow_label") == "My KYC", wf
    got = json_out(run(bins, "manage_workflows", "get", wf["uuid"], env=env))
    assert got.get("uuid") == wf["uuid"], got
    upd = json_out(run(bins, "manage_workflows", "update", wf["uuid"], "--enable-aml", "--aml-threshold", "75",
                       env=env))
    assert upd.get("uuid"), upd
    workflow_id = upd.get("workflow_id") or upd["uuid"]

    # create_session.
    sess = json_out(run(bins, "create_session", "--workflow-id", workflow_id, "--vendor-data", "user-123",
                        "--callback", "https://myapp.example/done", env=env))
    assert sess.get("session_id") and sess.get("url"), sess

    # webhook_receiver on a real delivery: point the application's webhook at a local receiver,
    # let the simulated user finish the session, hand the captured request to the program.
    receiver = Receiver()
    try:
        hdr = {"x-api-key": creds["api_key"], "Content-Type": "application/json"}
        r = http_.patch(base + "/v3/webhook/", headers=hdr,
                        json={"webhook_url": receiver.url, "webhook_version": "v3"}, timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        secret = r.json()["secret_shared_key"]
        r = http_.post(base + "/_sim/sessions/%s/complete/" % sess["session_id"], json={"outcome": "approved"},
                       timeout=TIMEOUT)
        assert 200 <= r.status_code < 300, r.text
        deadline = time.monotonic() + 20
        while True:
            left = deadline - time.monotonic()
            assert left > 0, "no Approved webhook within 20 s"
            try:
                headers, body = receiver.got.get(timeout=left)
            except queue.Empty:
                continue
            if json.loads(body).get("status") == "Approved":
                break
    finally:
        receiver.close()
    with tempfile.TemporaryDirectory() as tmp:
        hpath, bpath = os.path.join(tmp, "headers.txt"), os.path.join(tmp, "body.json")
        with open(hpath, "w") as f:
            f.write(headers)
        with open(bpath, "wb") as f:
            f.write(body)
        henv = dict(env)
        henv["DIDIT_WEBHOOK_SECRET"] = secret
        out = run(bins, "webhook_receiver", "--headers", hpath, "--body", bpath, env=henv)
        assert sess["session_id"] in out, out
        henv["DIDIT_WEBHOOK_SECRET"] = "not-the-secret"
        run(bins, "webhook_receiver", "--headers", hpath, "--body", bpath, env=henv, expect_rc=1)

    run(bins, "manage_workflows", "delete", wf["uuid"], env=env)

    # screen_transaction: a wallet screening, a payment to a clean wallet, and a refused one.
    out = run(bins, "screen_transaction", "wallet", "--chain", "ETH", "--address", "0xclean0001", env=env)
    assert "risk 3/100, LOW" in out, out
    out = run(bins, "screen_transaction", "pay", "--id", "order-" + uuid.uuid4().hex[:8], "--amount", "1500",
              "--currency", "EUR", "--vendor-data", "user-123", "--chain", "ETH", "--address", "0xclean0001",
              env=env)
    assert ": APPROVED, score 0" in out, out
    out = run(bins, "screen_transaction", "pay", "--id", "order-" + uuid.uuid4().hex[:8], "--amount", "20000",
              "--currency", "EUR", "--vendor-data", "user-123", env=env)
    assert ": IN_REVIEW, score 60" in out, out
    out = run(bins, "screen_transaction", "pay", "--id", "order-x", "--amount", "10", "--currency", "EUR",
              "--vendor-data", "user-123", "--chain", "BTC", "--address", "bc1-sanctioned", env=env, expect_rc=3)
    assert "SANCTIONS HIT" in out and "not paying" in out, out
    run(bins, "screen_transaction", "wallet", "--chain", "AVAX", "--address", "x", env=env, expect_rc=1)

    # custom_policy: its own pipeline steps see the call (a request id) and each attempt.
    p = subprocess.run([os.path.join(bins, "custom_policy")], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60)
    err = p.stderr.decode(errors="replace")
    assert p.returncode == 0, "custom_policy exited %d\n%s" % (p.returncode, err)
    assert p.stdout.decode().strip().endswith(" workflows"), p.stdout
    assert "WorkflowsList attempt 1: HTTP 200 in " in err and ", req-" in err, err
    passed.append("custom_policy")

    # The lead's walkthroughs, when built: quickstart against this server (DIDIT_API_KEY set)
    # and in-process (no key); custom_transport against this server.
    if os.path.exists(os.path.join(bins, "quickstart")):
        run(bins, "quickstart", env=env)
        plain = {k: v for k, v in os.environ.items() if k not in ("DIDIT_API_KEY", "DIDIT_BASE_URL",
                                                                  "DIDIT_AUTH_BASE_URL")}
        run(bins, "quickstart", env=plain)
    if os.path.exists(os.path.join(bins, "custom_transport")):
        run(bins, "custom_transport", env=env)
    # kiosk_check: an ID document and a selfie of the same person (DIDIT-SIM-FACE) are approved;
    # an expired document and a spoofed selfie are declined (exit 1); a file that is no image is
    # refused before sending (exit 3).
    if os.path.exists(os.path.join(bins, "kiosk_check")):
        with tempfile.TemporaryDirectory() as tmp:
            files = {"id.png": "DIDIT-SIM-FACE:kiosk-alice id card",
                     "selfie.png": "DIDIT-SIM-FACE:kiosk-alice selfie",
                     "expired.png": "DIDIT-SIM-FACE:kiosk-alice DIDIT-SIM:DOCUMENT_EXPIRED",
                     "spoof.png": "DIDIT-SIM-FACE:kiosk-alice DIDIT-SIM:LIVENESS_FACE_ATTACK"}
            for name, text in files.items():
                with open(os.path.join(tmp, name), "wb") as f:
                    f.write(tiny_png(text))
            with open(os.path.join(tmp, "notes.txt"), "w") as f:
                f.write("not an image")
            f = {name: os.path.join(tmp, name) for name in list(files) + ["notes.txt"]}
            out = run(bins, "kiosk_check", f["id.png"], f["selfie.png"], env=env)
            assert "document: Approved" in out and "liveness: Approved" in out, out
            assert "face match: Approved" in out and out.strip().endswith("outcome: approved"), out
            out = run(bins, "kiosk_check", f["expired.png"], f["selfie.png"], env=env, expect_rc=1)
            assert "DOCUMENT_EXPIRED (error)" in out and "outcome: declined (document)" in out, out
            out = run(bins, "kiosk_check", f["id.png"], f["spoof.png"], env=env, expect_rc=1)
            assert "LIVENESS_FACE_ATTACK" in out and "outcome: declined (liveness)" in out, out
            out = run(bins, "kiosk_check", f["id.png"], f["notes.txt"], env=env, expect_rc=3)
            assert "outcome: error" in out, out
    # async_asio (built when Boost is found): two calls at once through client.async() on an
    # Asio loop.
    if os.path.exists(os.path.join(bins, "async_asio")):
        out = run(bins, "async_asio", env=env)
        assert "balance: " in out and "workflows: " in out and "on this page" in out, out

    print("examples_flow: %d runs passed: %s" % (len(passed), ", ".join(passed)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (AssertionError, KeyError, IndexError, ValueError, requests.RequestException,
            subprocess.TimeoutExpired) as e:
        print("examples_flow: FAILED: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
