#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that the SDK's headers include only from their own layer or below (docs/ARCHITECTURE.md).

Every header under include/didit/ (and the simulator's and the fleet component's, under
sim/include/didit/ and redis/include/didit/) must match one
layer below; a header that matches none is an error too, so a new file gets a place on purpose.
The simulator and the fleet component may use the SDK's public headers only, never didit/detail/.

  python3 tools/check_layers.py          # prints the table and any violation; exit 1 on a violation
"""
import fnmatch
import pathlib
import re
import sys

# Bottom to top. A header may include headers of its own layer and of the layers above it in
# this list; patterns are relative to include/ (or sim/include/).
LAYERS = [
    ("base", ["didit/version.hpp", "didit/detail/config.hpp", "didit/detail/preprocessor.hpp",
              "didit/detail/macro_unscope.hpp"]),
    ("vocabulary", ["didit/http.hpp", "didit/body.hpp", "didit/result.hpp"]),
    ("text and JSON", ["didit/detail/swar.hpp", "didit/detail/utf8.hpp", "didit/detail/float_text.hpp",
                       "didit/detail/json_reader.hpp", "didit/detail/json_writer.hpp", "didit/detail/json.hpp",
                       "didit/detail/webhook_canonical.hpp", "didit/detail/url.hpp", "didit/detail/error_body.hpp"]),
    ("models and routes", ["didit/model.hpp", "didit/upload.hpp", "didit/models/*.hpp", "didit/endpoint.hpp",
                           "didit/endpoints/*.hpp"]),
    ("transports and webhooks", ["didit/transport/*.hpp", "didit/conformance.hpp", "didit/webhook.hpp",
                                 "didit/dedup.hpp"]),
    ("client", ["didit/signals.hpp", "didit/policy.hpp", "didit/options.hpp", "didit/detail/pipeline.hpp",
                "didit/async.hpp",
                "didit/detail/client_core.hpp", "didit/paging.hpp", "didit/resources/*.hpp",
                "didit/client.hpp"]),
    ("umbrella", ["didit/core.hpp", "didit/api/*.hpp", "didit/didit.hpp"]),
    ("simulator", ["didit/sim.hpp", "didit/sim/*.hpp"]),
    ("fleet (Redis)", ["didit/redis.hpp", "didit/redis/*.hpp"]),
]
SIMULATOR = len(LAYERS) - 2
FLEET = len(LAYERS) - 1
INCLUDE = re.compile(r'^\s*#\s*include\s*<(didit/[^>]+)>', re.M)


def layer_of(name):
    for i, (_, patterns) in enumerate(LAYERS):
        if any(fnmatch.fnmatchcase(name, p) for p in patterns):
            return i
    return None


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    headers = {}
    for base in (root / "include", root / "sim" / "include", root / "redis" / "include"):
        if base.is_dir():
            for path in sorted(base.rglob("*.hpp")):
                headers[path.relative_to(base).as_posix()] = path
    problems = []
    graph = {}
    for name, path in headers.items():
        mine = layer_of(name)
        if mine is None:
            problems.append(f"{name}: in no layer; add it to LAYERS in tools/check_layers.py "
                            f"and to the table in docs/ARCHITECTURE.md")
            continue
        graph[name] = []
        for inc in INCLUDE.findall(path.read_text(encoding="utf-8")):
            graph[name].append(inc)
            theirs = layer_of(inc)
            if inc not in headers:
                problems.append(f"{name}: includes <{inc}>, which does not exist")
            elif theirs is None:
                continue  # reported on its own line
            elif theirs > mine:
                problems.append(f"{name} ({LAYERS[mine][0]}) includes <{inc}> from a higher layer "
                                f"({LAYERS[theirs][0]})")
            elif mine in (SIMULATOR, FLEET) and inc.startswith("didit/detail/"):
                problems.append(f"{name}: {LAYERS[mine][0]} uses the SDK's public API only, not <{inc}>")
            elif mine == FLEET and theirs == SIMULATOR:
                problems.append(f"{name}: the fleet component does not depend on the simulator (<{inc}>)")

    # No cycles, even within a layer (#pragma once would hide one until the order changes).
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                problems.append("include cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt in graph and not state.get(nxt):
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node, [node])

    counts = [0] * len(LAYERS)
    for name in headers:
        i = layer_of(name)
        if i is not None:
            counts[i] += 1
    for i, (title, _) in enumerate(LAYERS):
        print(f"  {i}  {title:<24} {counts[i]:>3} headers")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"layers: {len(headers)} headers, every include goes down or sideways")
    return 0


if __name__ == "__main__":
    sys.exit(main())
