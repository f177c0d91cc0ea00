#!/usr/bin/env python3
"""Fails when a file includes a header of a layer it may not depend on.

The server is built in layers (docs/ARCHITECTURE.md); each may use only the layers
below it, and a few named interfaces of others. A wrong #include is how a layer starts
to slip, so every quoted include of server/, client/ and protocol/ is checked here.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)

# A layer, and what it may include besides itself and the protocol module: whole layers
# (a folder of server/) or single interface headers. "app" is server/'s own files: the
# wiring, which may use everything.
ALLOWED = {
    "async": set(),
    "metrics": set(),
    "process": set(),
    "projects": set(),
    "workbench": {"process"},
    "store": {"metrics"},
    "backends": {"metrics", "process", "projects", "async"},
    "hub": {"store", "metrics", "async",
            "server/backends/backend.hpp", "server/backends/external_history.hpp"},
    "transport": {"hub", "metrics", "projects", "workbench", "async", "server/backends/backend.hpp"},
}


def layer_of(path):
    """The layer of a file (or of an included header), by its path from the root."""
    parts = pathlib.PurePosixPath(path).parts
    if parts[0] != "server":
        return parts[0]
    return parts[1] if len(parts) > 2 else "app"


def allowed(source_layer, header):
    if header.startswith("tether/protocol"):
        return source_layer != "store"  # rows only: the hub names the event types it needs
    if header.startswith("tether/client"):
        return source_layer == "client"
    if not header.startswith(("server/", "client/", "protocol/")):
        return True  # a header of the same folder, or a system-like one
    target = layer_of(header)
    if source_layer == "protocol":
        return target == "protocol"
    if source_layer == "client":
        return target in {"client", "protocol"}
    if source_layer == "app" or target == source_layer:
        return True
    rules = ALLOWED.get(source_layer)
    if rules is None:
        return False  # a new folder of server/ needs its line above
    return target in rules or header in rules


# The rules themselves, checked before the tree: a lint that passes everything is no lint.
SLIPS = [("transport", "server/store/store.hpp"), ("transport", "server/backends/claude_code/cli_process.hpp"),
         ("hub", "server/transport/server_context.hpp"), ("hub", "server/config.hpp"),
         ("store", "server/hub/session.hpp"), ("backends", "server/hub/hub.hpp"),
         ("client", "server/hub/hub.hpp"), ("protocol", "tether/client/core.hpp"),
         ("store", "tether/protocol/names.hpp"), ("workbench", "server/transport/http_types.hpp"),
         ("workbench", "server/hub/hub.hpp"), ("hub", "server/workbench/project_path.hpp")]
FINE = [("hub", "server/backends/backend.hpp"), ("transport", "server/hub/hub.hpp"),
        ("app", "server/transport/listener.hpp"), ("backends", "server/process/spawn.hpp"),
        ("workbench", "server/process/spawn.hpp"), ("transport", "server/workbench/git_changes.hpp")]


def main():
    for source_layer, header in SLIPS:
        assert not allowed(source_layer, header), f"the rules let {source_layer} include {header}"
    for source_layer, header in FINE:
        assert allowed(source_layer, header), f"the rules refuse {source_layer} including {header}"
    problems = []
    for folder in ["server", "client", "protocol"]:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".cpp", ".hpp"}:
                continue
            relative = path.relative_to(ROOT).as_posix()
            source_layer = layer_of(relative)
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in INCLUDE.finditer(text):
                header = match.group(1)
                if not allowed(source_layer, header):
                    line = text.count("\n", 0, match.start()) + 1
                    problems.append(f"{relative}:{line}: the {source_layer} layer may not include {header}")
    for problem in problems:
        print(problem)
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
