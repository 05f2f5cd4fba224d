#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The skill document's Python quickstart and "Full KYC Onboarding" flow, with requests, against didit-sim.
"""Interop: what a Python integrator following the skill document does, run against didit-sim.

    skill_quickstart.py [--base-url URL] [--auth-base-url URL]

The URLs default to DIDIT_BASE_URL and DIDIT_AUTH_BASE_URL (tests/interop/run.py sets them).
Steps follow an older Didit guide ("Getting Started — Zero to Verifying", "Common
Workflows"); where that document is wrong about the real API the script does what the real API does and says why. The only simulator-specific calls are the
ones a person would do by hand: reading the email (GET /_sim/outbox/) and finishing the
verification in the browser (POST /_sim/sessions/{id}/complete/). Exit 0 when every step's
result is what the document (or the real API) says.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import queue
import sys
import threading
import time
import uuid

import requests

TIMEOUT = 30  # seconds per HTTP call: nothing here may hang


def step(text):
    print("- " + text, flush=True)


def expect(cond, what, resp=None):
    if not cond:
        detail = ""
        if resp is not None:
            detail = " (HTTP %s: %s)" % (resp.status_code, resp.text[:500])
        raise AssertionError(what + detail)


def expect_status(resp, status, what):
    expect(resp.status_code == status, "%s: expected HTTP %d" % (what, status), resp)


class Receiver:
    """A webhook endpoint on 127.0.0.1: records each POST (headers, raw body) and answers 200."""

    def __init__(self):
        self.deliveries = queue.Queue()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                outer.deliveries.put(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/webhooks/didit" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def next(self, timeout):
        return self.deliveries.get(timeout=timeout)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- the skill document's signature helpers -------------------------------------------------

def verify_webhook_v2(body_dict, signature, timestamp, secret):
    """The document's verify_webhook_v2, except for the signed message.

    The document signs f"{timestamp}:{canonical}". The real platform signs the canonical JSON
    alone (public integrations, and captured headers with X-Signature ==
    X-Signature-V2, show it), and didit-sim does what the platform does, so the message here is
    `canonical`. The timestamp window and the canonical form are the document's.
    """
    if abs(time.time() - int(timestamp)) > 300:
        return False

    def process_value(v):
        if isinstance(v, float) and v == int(v):
            return int(v)
        if isinstance(v, dict):
            return {k: process_value(val) for k, val in v.items()}
        if isinstance(v, list):
            return [process_value(i) for i in v]
        return v

    canonical = json.dumps(process_value(body_dict), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    message = canonical
    expected = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def verify_webhook_simple(session_id, status, webhook_type, timestamp, signature, secret):
    """The document's fallback, verbatim."""
    message = f"{timestamp}:{session_id}:{status}:{webhook_type}"
    expected = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, expected)


# ---- the flow ------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base-url", default=os.environ.get("DIDIT_BASE_URL"))
    ap.add_argument("--auth-base-url", default=os.environ.get("DIDIT_AUTH_BASE_URL"))
    args = ap.parse_args()
    if not args.base_url:
        ap.error("set DIDIT_BASE_URL or --base-url (e.g. http://127.0.0.1:8790)")
    base = args.base_url.rstrip("/")
    auth = (args.auth_base_url or base + "/auth/v2").rstrip("/")
    http_ = requests.Session()
    http_.trust_env = False  # loopback only: no proxy from the environment
    receiver = Receiver()
    try:
        run(http_, base, auth, receiver)
    finally:
        receiver.close()
    print("skill_quickstart: all steps passed")
    return 0


def run(http_, base, auth, receiver):
    email = "interop-%s@gmail.com" % uuid.uuid4().hex[:10]
    password = "MyStr0ng!Pass"

    # 1. Register (any email, no business email required).
    step("register " + email)
    r = http_.post(auth + "/programmatic/register/", json={"email": email, "password": password}, timeout=TIMEOUT)
    expect_status(r, 201, "register")
    expect(r.json().get("email") == email, "register echoes the email", r)

    # 2. "Check email for 6-char OTP": the simulator's outbox is the inbox.
    r = http_.get(base + "/_sim/outbox/", timeout=TIMEOUT)
    expect_status(r, 200, "outbox")
    codes = [m["code"] for m in r.json() if m.get("to") == email]
    expect(len(codes) == 1, "exactly one email with a code was sent to %s" % email, r)
    code = codes[0]
    expect(len(code) == 6 and code.isalnum(), "the code is 6 alphanumeric characters (got %r)" % code)

    step("verify email")
    r = http_.post(auth + "/programmatic/verify-email/", json={"email": email, "code": code}, timeout=TIMEOUT)
    expect_status(r, 200, "verify-email")
    creds = r.json()
    api_key = creds["application"]["api_key"]
    expect(bool(api_key), "verify-email returns application.api_key", r)
    expect(bool(creds.get("access_token")), "verify-email returns an access_token", r)
    headers = {"x-api-key": api_key, "Content-Type": "application/json"}

    # Account Setup 3–5: login, organizations, application credentials (Bearer).
    step("login, list organizations, get application credentials")
    r = http_.post(auth + "/programmatic/login/", json={"email": email, "password": password}, timeout=TIMEOUT)
    expect_status(r, 200, "login")
    bearer = {"Authorization": "Bearer " + r.json()["access_token"]}
    r = http_.get(auth + "/organizations/me/", headers=bearer, timeout=TIMEOUT)
    expect_status(r, 200, "organizations/me")
    orgs = r.json()
    # The document says "Array of {...}"; tolerate a paginated envelope as the SDK does.
    if isinstance(orgs, dict):
        orgs = orgs.get("results", [])
    expect(any(o.get("uuid") == creds["organization"]["uuid"] for o in orgs), "the new organization is listed", r)
    r = http_.get("%s/organizations/me/%s/applications/%s/" % (auth, creds["organization"]["uuid"],
                                                                creds["application"]["uuid"]),
                  headers=bearer, timeout=TIMEOUT)
    expect_status(r, 200, "application credentials")
    expect(r.json().get("api_key") == api_key, "the application's api_key is the one verify-email gave", r)

    # 3. Create a KYC workflow. The document's body (workflow_type + is_*_enabled toggles) is
    # obsolete: the real API has a strict whitelist and answers 400.
    step("create workflow (the document's body first: the real API rejects it)")
    legacy = {"workflow_label": "My KYC", "workflow_type": "kyc",
              "is_liveness_enabled": True, "is_face_match_enabled": True}
    r = http_.post(base + "/v3/workflows/", headers=headers, json=legacy, timeout=TIMEOUT)
    expect_status(r, 400, "create workflow with the skill document's obsolete body")
    # What the real API takes: an ordered features[] list.
    body = {"workflow_label": "My KYC",
            "features": [{"feature": "OCR"}, {"feature": "LIVENESS"}, {"feature": "FACE_MATCH"}]}
    r = http_.post(base + "/v3/workflows/", headers=headers, json=body, timeout=TIMEOUT)
    expect_status(r, 201, "create workflow")
    wf = r.json()
    expect(bool(wf.get("uuid")), "the workflow has a uuid", r)
    expect(wf.get("workflow_label") == "My KYC", "the workflow keeps its label", r)

    r = http_.get(base + "/v3/workflows/%s/" % wf["uuid"], headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "get workflow")
    r = http_.get(base + "/v3/workflows/", headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "list workflows")
    rows = r.json()
    # The document says an array; the real API pages it: accept both.
    if isinstance(rows, dict):
        rows = rows.get("results", [])
    expect(any(w.get("uuid") == wf["uuid"] for w in rows), "the new workflow is listed", r)

    # 4. PATCH /v3/webhook/ -> set webhook_url + webhook_version "v3" ("Full KYC Onboarding").
    step("set the webhook URL")
    r = http_.patch(base + "/v3/webhook/", headers=headers,
                    json={"webhook_url": receiver.url, "webhook_version": "v3"}, timeout=TIMEOUT)
    expect_status(r, 200, "update webhook config")
    config = r.json()
    expect(config.get("webhook_url") == receiver.url, "the webhook URL is stored", r)
    secret = config.get("secret_shared_key")
    expect(bool(secret), "the configuration has a secret_shared_key", r)
    r = http_.get(base + "/v3/webhook/", headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "get webhook config")
    expect(r.json().get("secret_shared_key") == secret, "GET returns the same secret", r)

    # Check Balance Before Sessions.
    step("balance and top-up")
    r = http_.get(base + "/v3/billing/balance/", headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "balance")
    expect(float(r.json()["balance"]) > 0, "a new account has credits", r)
    r = http_.post(base + "/v3/billing/top-up/", headers=headers, json={"amount_in_dollars": 50}, timeout=TIMEOUT)
    expect_status(r, 200, "top-up")
    expect(r.json().get("checkout_session_url", "").startswith("http"), "top-up returns a checkout URL", r)

    # 5. Create a session -> send the user to the URL.
    step("create session")
    r = http_.post(base + "/v3/session/", headers=headers,
                   json={"workflow_id": wf["uuid"], "vendor_data": "user-123"}, timeout=TIMEOUT)
    expect_status(r, 201, "create session")
    session = r.json()
    print(f"  Send user to: {session['url']}")
    sid = session["session_id"]
    expect(session.get("status") == "Not Started", "a new session is Not Started", r)
    expect(session.get("vendor_data") == "user-123", "the session keeps vendor_data", r)

    # 6. The user completes verification at the URL (the simulator plays the user).
    step("the user finishes the verification (approved)")
    r = http_.post(base + "/_sim/sessions/%s/complete/" % sid, json={"outcome": "approved"}, timeout=TIMEOUT)
    expect(r.status_code == 200, "simulator: complete the session", r)

    # 7. Webhook fires -> verify it -> GET decision.
    step("receive and verify the status.updated webhook")
    approved = None
    deadline = time.monotonic() + 20
    while approved is None:
        left = deadline - time.monotonic()
        expect(left > 0, "a status.updated webhook with status Approved arrived within 20 s")
        try:
            hdrs, raw = receiver.next(timeout=left)
        except queue.Empty:
            continue
        payload = json.loads(raw)
        expect(verify_webhook_v2(payload, hdrs.get("x-signature-v2", ""), hdrs.get("x-timestamp", "0"), secret),
               "X-Signature-V2 verifies (canonical JSON, the real scheme)")
        # The document's own V2 message (timestamp prefix) must NOT match: it is wrong.
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        doc_style = hmac.new(secret.encode(), f"{hdrs.get('x-timestamp')}:{canonical}".encode(),
                             hashlib.sha256).hexdigest()
        expect(doc_style != hdrs.get("x-signature-v2"), "the document's timestamp-prefixed V2 message differs")
        raw_sig = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        expect(hmac.compare_digest(raw_sig, hdrs.get("x-signature", "")), "X-Signature (raw body) verifies")
        if "x-signature-simple" in hdrs:
            expect(verify_webhook_simple(payload.get("session_id"), payload.get("status"), payload.get("webhook_type"),
                                         payload.get("timestamp"), hdrs["x-signature-simple"], secret),
                   "X-Signature-Simple verifies")
        expect(payload.get("webhook_type") == "status.updated", "webhook_type is status.updated")
        expect(payload.get("session_id") == sid, "the webhook is about our session")
        if payload.get("status") == "Approved":
            approved = payload
    expect(approved.get("vendor_data") == "user-123", "the webhook carries vendor_data")

    r = http_.get(base + "/v3/session/%s/decision/" % sid, headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "decision")
    decision = r.json()
    expect(decision.get("status") == "Approved", "the decision is Approved", r)
    expect(decision.get("session_id") == sid, "the decision is about our session", r)

    step("list sessions by vendor_data")
    r = http_.get(base + "/v3/sessions/", headers=headers, params={"vendor_data": "user-123"}, timeout=TIMEOUT)
    expect_status(r, 200, "list sessions")
    expect([s["session_id"] for s in r.json()["results"]] == [sid], "exactly our session is listed", r)

    # PDF: the document writes /generate-pdf without the slash; the canonical path has it
    # (without it the real API answers 301).
    step("PDF report")
    r = http_.get(base + "/v3/session/%s/generate-pdf" % sid, headers=headers, allow_redirects=False,
                  timeout=TIMEOUT)
    expect_status(r, 301, "generate-pdf as the document writes it (no trailing slash)")
    expect(r.headers.get("Location", "").endswith("/generate-pdf/"), "the redirect adds the slash", r)
    r = http_.get(base + "/v3/session/%s/generate-pdf/" % sid, headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "generate-pdf")
    expect(r.content.startswith(b"%PDF"), "generate-pdf returns PDF bytes", r)

    # Programmatic Review + Blocklist: fraud -> Declined + blocklist.
    step("update status to Declined, blocklist the face, list reviews")
    r = http_.patch(base + "/v3/session/%s/update-status/" % sid, headers=headers,
                    json={"new_status": "Declined", "comment": "Fraud suspected"}, timeout=TIMEOUT)
    expect_status(r, 200, "update-status")
    expect(r.json().get("session_id") == sid, "update-status answers with the session id", r)
    r = http_.get(base + "/v3/session/%s/decision/" % sid, headers=headers, timeout=TIMEOUT)
    expect(r.status_code == 200 and r.json().get("status") == "Declined", "the session is now Declined", r)
    r = http_.post(base + "/v3/blocklist/add/", headers=headers,
                   json={"session_id": sid, "blocklist_face": True}, timeout=TIMEOUT)
    expect_status(r, 200, "blocklist add")
    r = http_.get(base + "/v3/blocklist/", headers=headers, params={"item_type": "face"}, timeout=TIMEOUT)
    expect_status(r, 200, "blocklist list")
    items = r.json()
    items = items.get("results", []) if isinstance(items, dict) else items
    expect(any(i.get("session_id") == sid for i in items), "the face from our session is blocklisted", r)
    # Reviews: the document shows a bare array of {id, action, …}; the real API pages them:
    # accept both.
    r = http_.get(base + "/v3/sessions/%s/reviews/" % sid, headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "list reviews")

    # Questionnaire + Workflow. The document's example omits `languages`, which the real API
    # requires (it must contain "en"): it is added here.
    step("create a questionnaire")
    r = http_.post(base + "/v3/questionnaires/", headers=headers, json={
        "title": "Employment Details",
        "default_language": "en",
        "languages": ["en"],
        "form_elements": [
            {"element_type": "short_text", "label": {"en": "Occupation?"}, "is_required": True},
            {"element_type": "multiple_choice", "label": {"en": "Employment status"},
             "options": [{"label": {"en": "Employed"}}, {"label": {"en": "Student"}}]},
        ]}, timeout=TIMEOUT)
    expect_status(r, 201, "create questionnaire")
    q = r.json()
    qid = q.get("questionnaire_id") or q.get("uuid")
    expect(bool(qid), "the questionnaire has an id (questionnaire_id in the real API)", r)
    r = http_.get(base + "/v3/questionnaires/%s/" % qid, headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "get questionnaire")
    expect(r.json().get("title") == "Employment Details", "the questionnaire keeps its title", r)

    step("users")
    r = http_.get(base + "/v3/users/user-123/", headers=headers, timeout=TIMEOUT)
    expect_status(r, 200, "get user")
    expect(r.json().get("vendor_data") == "user-123", "the session created the user", r)

    # Webhook configuration: rotate the secret, then disable webhooks (the document's examples).
    step("rotate the webhook secret, disable webhooks")
    r = http_.patch(base + "/v3/webhook/", headers=headers, json={"rotate_secret_key": True}, timeout=TIMEOUT)
    expect_status(r, 200, "rotate secret")
    new_secret = r.json()["secret_shared_key"]
    expect(bool(new_secret) and new_secret != secret, "rotation gives a new secret", r)
    r = http_.patch(base + "/v3/webhook/", headers=headers, json={"webhook_url": None}, timeout=TIMEOUT)
    expect_status(r, 200, "disable webhooks")
    expect(r.json().get("webhook_url") is None, "webhook_url is null", r)

    # Sessions: delete (204 in the July API, 200 with a body later: accept both).
    step("delete the session and the workflow")
    r = http_.delete(base + "/v3/session/%s/delete/" % sid, headers=headers, timeout=TIMEOUT)
    expect(r.status_code in (200, 204), "delete session", r)
    r = http_.get(base + "/v3/session/%s/decision/" % sid, headers=headers, timeout=TIMEOUT)
    expect_status(r, 404, "the deleted session is gone")
    r = http_.delete(base + "/v3/workflows/%s/" % wf["uuid"], headers=headers, timeout=TIMEOUT)
    expect_status(r, 204, "delete workflow")

    # Errors: a wrong key is refused (403 in the July API; the document's table says 401).
    step("a wrong API key is refused")
    r = http_.get(base + "/v3/billing/balance/", headers={"x-api-key": "sk_test_wrong"}, timeout=TIMEOUT)
    expect(r.status_code in (401, 403), "a wrong key gets 401/403", r)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (AssertionError, KeyError, ValueError, requests.RequestException) as e:
        print("skill_quickstart: FAILED: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
