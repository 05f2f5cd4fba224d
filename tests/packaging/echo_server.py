#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A loopback echo server for didit::check_transport_conformance (include/didit/conformance.hpp).

Listens on 127.0.0.1 only, prints its port on the first line of stdout (and to --port-file),
and stops by itself after --lifetime seconds. Routes, as conformance.hpp documents them:

  ANY /echo/...        200 text/plain: "method M", "target T", "header N: V"..., "body HEX"
  GET /status/<code>   that status, X-Conformance-Status: <code>, body "status <code>" (none for 204)
  GET /bytes/<n>       n bytes, byte i = i % 256
  GET /sleep/<ms>      waits, then 200 "slept"

Plus one Didit-shaped route so a Client can make a real call through a custom transport:

  GET /v3/billing/balance/   200 {"balance":"12.0000",...} when x-api-key is sent, else 403
"""
import argparse
import http.server
import os
import socketserver
import sys
import threading
import time

MAX_BODY = 16 * 1024 * 1024
MAX_SLEEP_MS = 10_000


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so pooled transports reuse connections
    server_version = "didit-echo/1"

    def log_message(self, fmt, *args):  # quiet: the driver prints what matters
        pass

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                if len(data) + size > MAX_BODY:
                    raise ValueError("body too large")
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(n) if n else b""

    def _send(self, status, body=b"", content_type="text/plain", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204 and body:
            self.wfile.write(body)

    def _handle(self):
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            return self._send(413, b"too large")
        path = self.path.split("?", 1)[0]
        parts = path.strip("/").split("/")
        if parts[0] == "echo":
            lines = [f"method {self.command}", f"target {self.path}"]
            lines += [f"header {k}: {v}" for k, v in self.headers.items()]
            lines.append(f"body {body.hex()}")
            return self._send(200, ("\n".join(lines) + "\n").encode("utf-8"))
        if parts[0] == "status" and len(parts) == 2 and parts[1].isdigit():
            code = int(parts[1])
            extra = [("X-Conformance-Status", str(code))]
            if 300 <= code < 400:
                extra.append(("Location", "/echo/redirected"))
            return self._send(code, b"" if code == 204 else f"status {code}".encode(), headers=extra)
        if parts[0] == "bytes" and len(parts) == 2 and parts[1].isdigit():
            n = min(int(parts[1]), MAX_BODY)
            return self._send(200, bytes(i % 256 for i in range(n)), "application/octet-stream")
        if parts[0] == "sleep" and len(parts) == 2 and parts[1].isdigit():
            time.sleep(min(int(parts[1]), MAX_SLEEP_MS) / 1000)
            return self._send(200, b"slept")
        if path == "/v3/billing/balance/" and self.command == "GET":
            if not self.headers.get("x-api-key"):
                return self._send(403, b'{"detail":"Authentication credentials were not provided."}',
                                  "application/json")
            return self._send(200, b'{"balance":"12.0000","auto_refill_enabled":false,'
                                   b'"auto_refill_amount":null,"auto_refill_threshold":null}', "application/json")
        return self._send(404, b'{"detail":"Not found."}', "application/json")

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. the timeout check)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--port-file", help="also write the port here")
    ap.add_argument("--lifetime", type=float, default=120, help="seconds before the server stops itself")
    args = ap.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    print(port, flush=True)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
