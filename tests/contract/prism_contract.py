#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The SDK against Prism, Stoplight's validating mock of Didit's OpenAPI.

For every route of tools/routes/routes.json that names an OpenAPI operation, this builds the
fullest request the spec describes (every property, nested ones too, with the spec's examples,
enums and formats), hands it to tests/contract/contract_driver, which decodes it into the route's
request and query models and sends it through CurlTransport, and then requires:

- no request violation in Prism's log (Prism checks every request against the spec);
- every reply decoded into the route's reply type;
- every member of each request sent back unchanged by the models (nothing the caller set is lost).

It runs once against `prism mock --errors` (the spec's own examples as replies) and once per seed
against `prism mock -d` (replies generated from the response schemas).

  prism_contract.py --prism PATH --driver PATH [--seeds 1,2,3] [--keep DIR]
"""
import argparse
import copy
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UUIDS = ["11111111-2222-4333-8444-555555555555", "22222222-3333-4444-8555-666666666666",
         "33333333-4444-4555-8666-777777777777"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Spec:
    def __init__(self, spec):
        self.spec = spec

    def resolve(self, schema):
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 50:
            node = self.spec
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
            seen += 1
        return schema

    def operation(self, op_id):
        for path, item in self.spec["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and op.get("operationId") == op_id:
                    params = list(item.get("parameters", [])) + list(op.get("parameters", []))
                    return path, method.upper(), op, [self.resolve(p) for p in params]
        raise KeyError(op_id)

    def instance(self, schema, depth=0, for_request=True):
        """The fullest value `schema` allows: every property, the spec's own examples and enums."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or depth > 12:
            return None
        for key in ("allOf",):
            if key in schema:
                merged = {}
                for part in schema[key]:
                    value = self.instance(part, depth + 1, for_request)
                    if isinstance(value, dict):
                        merged.update(value)
                    elif value is not None:
                        return value
                extra = {k: v for k, v in schema.items() if k != key}
                if extra.get("properties"):
                    merged.update(self.instance(extra, depth + 1, for_request) or {})
                return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = [self.resolve(s) for s in schema[key]]
                options = [s for s in options if s.get("type") != "null"] or options
                return self.instance(options[0], depth + 1, for_request)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            return values[0] if values else None
        types = schema.get("type")
        if isinstance(types, list):
            types = next((t for t in types if t != "null"), "null")
        if types is None:
            types = "object" if "properties" in schema else None
        if types == "object":
            props = schema.get("properties", {})
            if not props:
                if "example" in schema and isinstance(schema["example"], dict):
                    return copy.deepcopy(schema["example"])
                extra = schema.get("additionalProperties")
                if isinstance(extra, dict) and extra:
                    return {"key": self.instance(extra, depth + 1, for_request)}
                return {}
            out = {}
            for name, sub in props.items():
                sub_r = self.resolve(sub)
                if for_request and isinstance(sub_r, dict) and sub_r.get("readOnly"):
                    continue
                value = self.instance(sub, depth + 1, for_request)
                if value is not None:
                    out[name] = value
            return out
        if types == "array":
            item = self.instance(schema.get("items", {}), depth + 1, for_request)
            if item is None and isinstance(schema.get("example"), list):
                return copy.deepcopy(schema["example"])
            count = max(1, schema.get("minItems", 1))
            return [copy.deepcopy(item) for _ in range(count)] if item is not None else []
        if "example" in schema:
            return copy.deepcopy(schema["example"])
        if "examples" in schema and isinstance(schema["examples"], list) and schema["examples"]:
            return copy.deepcopy(schema["examples"][0])
        if "default" in schema and schema["default"] is not None:
            return copy.deepcopy(schema["default"])
        fmt = schema.get("format", "")
        if types == "string":
            return {
                "uuid": UUIDS[0], "email": "user@example.com", "date-time": "2026-01-02T03:04:05Z",
                "date": "2026-01-02", "uri": "https://example.com/callback", "url": "https://example.com/callback",
                "ipv4": "203.0.113.7", "binary": "AA==", "byte": "AA==",
            }.get(fmt, "x" * max(1, schema.get("minLength", 1)))
        if types == "integer":
            return int(schema.get("minimum", 1))
        if types == "number":
            return schema.get("minimum", 1.5)
        if types == "boolean":
            return True
        return None


def param_value(spec, param, index):
    schema = spec.resolve(param.get("schema", {}))
    if "example" in param:
        return param["example"]
    if schema.get("format") == "uuid":
        return UUIDS[index % len(UUIDS)]
    value = spec.instance(schema)
    return value if value is not None else "x"


def build_calls(spec, table, overrides):
    calls = []
    for group in table["groups"]:
        for route in group["routes"]:
            if "op" not in route:
                continue
            path, method, op, params = spec.operation(route["op"])
            placeholders = re.findall(r"\{([^}]+)\}", path)
            by_name = {p["name"]: p for p in params if p.get("in") == "path"}
            values = [str(param_value(spec, by_name.get(n, {"schema": {"format": "uuid"}}), i))
                      for i, n in enumerate(placeholders)]
            filled = iter(values)
            # How Prism's log names the request: "get /v3/session/<id>/decision/".
            where = method.lower() + " " + re.sub(r"\{[^}]+\}", lambda _: next(filled), path)
            call = {"route": route["name"], "path": values, "where": where}
            query = {p["name"]: param_value(spec, p, 0) for p in params if p.get("in") == "query"}
            for name in overrides.get(route["name"], {}).get("split", []):
                if isinstance(query.get(name), str):
                    query[name] = query[name].split(",")
            if route.get("query") and query:
                call["query"] = query
            body = op.get("requestBody")
            if body and route.get("request"):
                content = spec.resolve(body).get("content", {})
                media = content.get("application/json")
                if media:
                    call["body"] = spec.instance(media.get("schema", {}))
                # A spec that takes both (database validation) is sent as the route's table says.
                form = content.get("multipart/form-data") if route.get("body") == "multipart" else None
                if form:  # the driver puts a small image into each file part
                    fields = spec.instance(form.get("schema", {})) or {}
                    # An object member of a form travels as JSON text (the spec says so for
                    # `metadata`), which Prism validates as a string against an object schema and
                    # refuses. Such members are left out here; tests/unit-multipart.cpp checks them.
                    call["form"] = {k: v for k, v in fields.items() if not isinstance(v, (dict, list))}
                    call["form_unchecked"] = sorted(k for k, v in fields.items() if isinstance(v, (dict, list)))
            calls.append(call)
    return calls


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_prism(prism, spec_path, args, log_path):
    port = free_port()
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen([prism, "mock", "-h", "127.0.0.1", "-p", str(port), *args, spec_path],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prism exited with {proc.returncode}; see {log_path}")
        with open(log_path, encoding="utf-8", errors="replace") as f:
            if "Prism is listening" in f.read():
                return proc, port, log
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"prism did not start within 120 s; see {log_path}")


def stop(proc, log):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def spec_faults(log_lines, where):
    """Why Prism could not answer `where` for a reason of the spec's own, or None."""
    for line in log_lines:
        if f"] {where} " not in line and f"] {where}?" not in line:
            continue
        if "Request/Response not valid" in line:
            return "the spec's own reply example does not match its reply schema"
        if "schema is not defined" in line:
            return "the spec gives this reply no schema to generate from"
    return None


def one_run(label, prism, driver, spec_path, calls_path, prism_args, work, calls):
    log_path = os.path.join(work, "prism-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".log")
    proc, port, log = run_prism(prism, spec_path, prism_args, log_path)
    try:
        out = subprocess.run([driver, f"http://127.0.0.1:{port}", calls_path], capture_output=True, text=True,
                             timeout=600)
    finally:
        stop(proc, log)
    results = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    with open(log_path, encoding="utf-8", errors="replace") as f:
        log_lines = f.readlines()
    violations = [line.strip() for line in log_lines if "Violation: request" in line]
    where = {c["route"]: c["where"] for c in calls}
    problems, excused = [], []
    for r in results:
        if not r.get("ok"):
            fault = spec_faults(log_lines, where.get(r["route"], "")) if r.get("status") == 500 else None
            if fault and not violations:
                excused.append(f"{r['route']}: {fault}")
            else:
                problems.append(f"{r['route']}: {r.get('kind', 'not sent')} {r.get('status', '')} "
                                f"{r.get('message', '')}")
        if r.get("lost"):
            problems.append(f"{r['route']}: the models did not send back {', '.join(r['lost'])}")
    problems += [f"prism: {v}" for v in violations]
    if out.returncode not in (0, 1) or not results:
        problems.append(f"contract_driver exited with {out.returncode}: {out.stderr.strip()[:2000]}")
    ok = sum(1 for r in results if r.get("ok"))
    print(f"{label}: {ok}/{len(results)} replies decoded, {len(violations)} request violations, "
          f"{len(excused)} replies Prism could not make from the spec, {len(problems)} problems")
    for p in problems:
        print(f"  problem: {p}")
    for e in excused:
        print(f"  not checked: {e}")
    return not problems, {r["route"] for r in results if r.get("ok")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prism", required=True)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--keep", help="directory for the call list and Prism's logs (default: a temporary one)")
    args = ap.parse_args()
    table = load(os.path.join(ROOT, "tools", "routes", "routes.json"))
    spec_path = os.path.join(ROOT, table["spec"])
    spec = Spec(load(spec_path))
    overrides = load(os.path.join(ROOT, "tests", "contract", "overrides.json"))["routes"]
    calls = build_calls(spec, table, overrides)
    work = args.keep or tempfile.mkdtemp(prefix="didit-contract-")
    os.makedirs(work, exist_ok=True)
    calls_path = os.path.join(work, "calls.json")
    with open(calls_path, "w", encoding="utf-8") as f:
        json.dump(calls, f, indent=1)
    print(f"{len(calls)} routes of the table name an OpenAPI operation; calls in {calls_path}")
    for c in calls:
        if c.get("form_unchecked"):
            print(f"  not sent to Prism: {c['route']} form members {', '.join(c['form_unchecked'])} (JSON text in a "
                  "multipart field, which Prism checks as a string against an object schema)")
    # Requests: Prism refuses any that breaks the spec (--errors). Replies: the spec's examples (a
    # lenient run, since Prism refuses to serve an example that breaks the spec's own schema), then
    # replies generated from the schemas with a few seeds.
    good, _ = one_run("requests (--errors)", args.prism, args.driver, spec_path, calls_path, ["--errors"], work, calls)
    ok, decoded = one_run("reply examples", args.prism, args.driver, spec_path, calls_path, [], work, calls)
    good &= ok
    missing = sorted(c["route"] for c in calls if c["route"] not in decoded)
    if missing:
        good = False
        print(f"  problem: no reply decoded for {', '.join(missing)}")
    for seed in [s for s in args.seeds.split(",") if s]:
        ok, _ = one_run(f"generated replies, seed {seed}", args.prism, args.driver, spec_path, calls_path,
                        ["-d", "--seed", seed], work, calls)
        good &= ok
    print("contract: ok" if good else "contract: FAILED")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
