#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the seed corpora of fuzz_reply and fuzz_error (fuzz/corpus/reply, fuzz/corpus/error) from tests/fixtures.
#
#   python3 fuzz/make_seeds.py [repository root=.]
#
# Each seed is laid out as fuzz_http.hpp reads it (fuzz_reply's with a route byte first): compact
# JSON, at most 20000 bytes, so that libFuzzer's default max_len stays small.
import json, os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else '.'
fx = os.path.join(root, 'tests/fixtures')
# The route byte is an index into endpoints::AllRoutes, which lists DIDIT_ROUTES in order.
all_hpp = open(os.path.join(root, 'include/didit/endpoints/all.hpp'), encoding='utf-8').read()
table = all_hpp[all_hpp.index('#define DIDIT_ROUTES(X)'):all_hpp.index('// clang-format on')]
routes = re.findall(r'X\((\w+)\)', table)
idx = {n: i for i, n in enumerate(routes)}
m = {
 'auth-register-response-1': 'AccountRegister', 'auth-verify-email-response-1': 'AccountVerifyEmail',
 'billing-balance-1': 'BillingBalance', 'billing-balance-2': 'BillingBalance', 'billing-top-up-response-1': 'BillingTopUp',
 'blocklist-add-response-1': 'BlocklistAdd', 'blocklist-list-1': 'BlocklistList',
 'decision-1': 'SessionsGetDecision', 'decision-kyb-1': 'SessionsGetDecision',
 'questionnaire-create-response-1': 'QuestionnairesCreate', 'questionnaire-get-1': 'QuestionnairesGet',
 'questionnaires-list-1': 'QuestionnairesList', 'session-create-response-1': 'SessionsCreate',
 'session-create-response-kyb-1': 'SessionsCreate', 'session-import-shared-response-1': 'SessionsImportShared',
 'session-review-create-response-1': 'SessionsCreateReview', 'session-reviews-list-1': 'SessionsListReviews',
 'session-reviews-list-2': 'SessionsListReviews', 'session-reviews-list-empty-1': 'SessionsListReviews',
 'session-share-response-1': 'SessionsShare', 'session-update-status-response-1': 'SessionsUpdateStatus',
 'sessions-list-1': 'SessionsList', 'sessions-list-2': 'SessionsList', 'user-get-1': 'UsersGet',
 'user-update-response-1': 'UsersUpdate', 'users-delete-response-1': 'UsersDelete', 'users-list-1': 'UsersList',
 'webhook-config-legacy-1': 'WebhookConfigGet', 'webhook-destination-create-response-1': 'WebhookDestinationsCreate',
 'webhook-destination-get-1': 'WebhookDestinationsGet', 'webhook-destinations-list-1': 'WebhookDestinationsList',
 'workflow-create-response-1': 'WorkflowsCreate', 'workflow-get-1': 'WorkflowsGet', 'workflows-list-1': 'WorkflowsList',
}
def status(s):
    if 200 <= s <= 207: return bytes([s - 200])
    v = s - 100
    return bytes([0x80 | (v >> 8), v & 0xff])
def compact(path):
    return json.dumps(json.load(open(path, encoding='utf-8')), separators=(',', ':'), ensure_ascii=False).encode()
H = b'Content-Type: application/json\nX-Request-Id: req-1\n\n'
rep = os.path.join(root, 'fuzz/corpus/reply'); err = os.path.join(root, 'fuzz/corpus/error')
os.makedirs(rep, exist_ok=True); os.makedirs(err, exist_ok=True)
def put(d, name, data):
    if len(data) > 20000: return
    open(os.path.join(d, name), 'wb').write(data)
for n, r in m.items():
    put(rep, n, bytes([idx[r]]) + status(200) + H + compact(os.path.join(fx, n + '.json')))
errors = [f for f in os.listdir(fx) if f.startswith('error-')]
for f in sorted(errors):
    s = int(f.split('-')[1]); body = compact(os.path.join(fx, f))
    put(err, f[:-5], status(s) + H + body)
    put(rep, f[:-5], bytes([idx['BillingBalance']]) + status(s) + H + body)
# Shapes the fixtures lack: empty bodies, no JSON, a redirect, a PDF, a wait hint, nesting at the limit and past it.
put(rep, 'no-content', bytes([idx['SessionsDelete']]) + status(204) + b'\n')
put(rep, 'pdf', bytes([idx['SessionsGeneratePdf']]) + status(200) + b'Content-Type: application/pdf\n\n%PDF-1.7\n')
put(rep, 'pdf-json', bytes([idx['SessionsGeneratePdf']]) + status(200) + H + b'{"detail":"not ready"}')
put(rep, 'deep-512', bytes([idx['BillingBalance']]) + status(200) + H + b'{"balance":"1","x":' + b'[' * 511 + b']' * 511 + b'}')
put(rep, 'deep-513', bytes([idx['BillingBalance']]) + status(200) + H + b'{"balance":"1","x":' + b'[' * 512 + b']' * 512 + b'}')
put(err, 'redirect', status(302) + b'Location: https://example.com/x\n\n')
put(err, 'html-502', status(502) + b'Content-Type: text/html\n\n<html>bad gateway</html>')
put(err, 'retry-after', status(429) + b'Retry-After: 7\nretry-after-ms: 1500\n\n{"detail":"slow down"}')
put(err, 'deep-513', status(400) + H + b'[' * 513 + b']' * 513)
put(err, 'field-deep', status(400) + H + b'{"a":' * 40 + b'"x"' + b'}' * 40)
def trim(v):
    if isinstance(v, list): return [trim(e) for e in v[:1]]
    if isinstance(v, dict): return {k: trim(e) for k, e in v.items()}
    if isinstance(v, str): return v[:24]
    return v
for n in ('decision-1', 'decision-kyb-1'):
    data = json.dumps(trim(json.load(open(os.path.join(fx, n + '.json')))), separators=(',', ':')).encode()
    put(rep, n + '-trimmed', bytes([idx['SessionsGetDecision']]) + status(200) + H + data)
