#!/usr/bin/env python3
"""Fails when a lambda is written inside a co_await expression.

GCC 12 (the project's compiler) destroys a capturing lambda temporary that appears in
a co_await expression twice: a double free at run time, no warning at build time. The
fix is to name the lambda first (`auto job = [...]{...}; co_await f(std::move(job));`).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOLDERS = ["server", "client", "cli", "bench", "tests", "common", "protocol"]
LAMBDA = re.compile(r"\[[^\[\]]*\]\s*(\(|\{|mutable\b|->)")


def statements_with_co_await(text):
    for match in re.finditer(r"\bco_await\b", text):
        end = text.find(";", match.end())
        yield match.start(), text[match.start(): end if end != -1 else len(text)]


def main():
    problems = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".cpp", ".hpp", ".h", ".cc"} or "node_modules" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for offset, statement in statements_with_co_await(text):
                if LAMBDA.search(statement):
                    line = text.count("\n", 0, offset) + 1
                    problems.append(f"{path.relative_to(ROOT)}:{line}: lambda inside a co_await expression")
    for problem in problems:
        print(problem)
    print(f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
