#!/usr/bin/env python3
"""Finds import cycles between lpdir's modules, by reading the imports.

    python3 scripts/import-cycles.py [-v]

Every `crate::a::b` and `super::x` path in src/ (the binary's cli/ included, unit tests left
out) is an edge from the file's module to the module it names, at each depth from the top
(`validate`) down to four levels (`validate::analysis::rules::owned`). A cycle at any depth is
printed and the exit status is 1; `-v` also prints the top-level graph. ARCHITECTURE.md's
layers are the order these edges must keep.
"""
import glob
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def module_of(path):
    parts = os.path.relpath(path, SRC)[: -len(".rs")].split(os.sep)
    if parts[-1] == "mod":
        parts = parts[:-1]
    return parts


def edges_at(depth):
    edges = {}
    for path in glob.glob(os.path.join(SRC, "**", "*.rs"), recursive=True):
        parts = module_of(path)
        if parts in (["main"], ["lib"]):
            continue
        text = open(path, encoding="utf-8").read()
        tests = text.find("#[cfg(test)]\nmod tests")
        if tests >= 0:
            text = text[:tests]
        me = parts[:depth]
        targets = []
        for m in re.finditer(r"crate::((?:[a-z0-9_]+::)*[a-z0-9_]+)", text):
            targets.append(m.group(1).split("::"))
        for m in re.finditer(r"(?<![:\w])((?:super::)+)((?:[a-z0-9_]+::)*[a-z0-9_]+)", text):
            ups = m.group(1).count("super::")
            # In a mod.rs the module is the folder; in a.rs it is the file: super is the parent.
            base = parts[: len(parts) - ups]
            targets.append(base + m.group(2).split("::"))
        for t in targets:
            t = t[:depth]
            # A path into the module itself, or into its own ancestors' items, is no edge.
            if t == me or me[: len(t)] == t or t[: len(me)] == me:
                continue
            edges.setdefault("::".join(me), set()).add("::".join(t))
    return edges


def cycles(edges):
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main():
    status = 0
    for depth in range(1, 5):
        for component in cycles(edges_at(depth)):
            print(f"import cycle: {' <-> '.join(component)}")
            status = 1
    if "-v" in sys.argv:
        for module, targets in sorted(edges_at(1).items()):
            print(f"{module} -> {', '.join(sorted(targets))}")
    if status == 0:
        print("no import cycle between modules (depths 1 to 4)")
    return status


if __name__ == "__main__":
    sys.exit(main())
