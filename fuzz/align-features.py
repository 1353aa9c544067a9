#!/usr/bin/env python3
"""Which crates of the runtime stack the tools build compiles apart from the node build.

Cargo compiles a crate once per (features, dependencies): a crate resolved with other features
in the tools build (`cargo build -p telecom-cli -p telecom-runtime-fuzz`) than in the node build
(`cargo build -p telecom-node`) is compiled again, and so is every crate above it, up to the
runtime. This script resolves both with `cargo tree` (no build), hashes each crate with its
features and its dependencies' hashes, and lists the crates under `telecom-runtime` (or the
package given) that the tools build does not share with the node build. For the lowest of them
it prints the dependency lines that turn on the node's features, to add to fuzz/Cargo.toml
(`normal`: [dependencies], `build`: [build-dependencies]).

    fuzz/align-features.py [package-prefix]     # default: telecom-runtime

`cargo tree` prints a crate used both by proc-macros and by normal code once when its features
are equal, so crates of the wasm builder's subtree may be listed although they are shared: a
list of only those (zstd, dirs, console, substrate-wasm-builder, telecom-runtime) is aligned.
"""

import hashlib
import re
import subprocess
import sys

TOOLS = ["-p", "telecom-cli", "-p", "telecom-runtime-fuzz"]
NODE = ["-p", "telecom-node"]


def tree(packages):
    out = subprocess.run(
        ["cargo", "tree", "--offline", *packages, "-e", "normal,build", "-f", "{p} {f}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    children, stack, build_at = {}, [], {}
    for line in out.splitlines():
        if not line.strip():
            continue
        prefix, text = re.match(r"^((?:│   |    |├── |└── )*)(.*)$", line).groups()
        depth = len(prefix) // 4
        if text.startswith("["):
            build_at[depth + 1] = text == "[build-dependencies]"
            continue
        text = re.sub(r" \(/[^)]*\)", "", text.removesuffix(" (*)"))
        del stack[depth:]
        for level in [k for k in build_at if k > depth]:
            del build_at[level]
        host = (stack[-1][1] if stack else False) or build_at.get(depth, False)
        host = host or "(proc-macro)" in text
        node = ("H " if host else "N ") + text
        if stack:
            children.setdefault(stack[-1][0], set()).add(node)
        children.setdefault(node, set())
        stack.append((node, host))
    return children


def hashes(children):
    memo = {}

    def digest(node):
        if node not in memo:
            memo[node] = None
            kids = sorted(filter(None, (digest(c) for c in children[node])))
            memo[node] = hashlib.sha1((node + "|" + ",".join(kids)).encode()).hexdigest()
        return memo[node]

    return {node: digest(node) for node in children}


def split(node):
    ctx, name, version, features = re.match(
        r"^([HN]) (\S+) v(\S+)(?: \(proc-macro\))?(?: (\S*))?$", node
    ).groups()
    return ctx, name, version, set((features or "").split(",")) - {""}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "telecom-runtime"
    node, tools = tree(NODE), tree(TOOLS)
    shared = set(hashes(node).values())
    digests = hashes(tools)
    todo = [n for n in tools if n[2:].startswith(root + " v")]
    closure = set()
    while todo:
        n = todo.pop()
        if n not in closure:
            closure.add(n)
            todo.extend(tools[n])
    apart = {n for n in closure if digests[n] not in shared}
    print(f"{len(closure)} crates under {root}, {len(apart)} compiled apart from the node's:")
    for n in sorted(apart):
        print("   ", n[:140])
    adds = {}
    for low in (n for n in apart if not tools[n] & apart):
        if low not in node:
            continue
        key = lambda c: split(c)[:3]  # noqa: E731
        ours = {key(c): c for c in tools[low]}
        theirs = {key(c): c for c in node[low]}
        for k in ours.keys() & theirs.keys():
            have, want = split(ours[k])[3], split(theirs[k])[3]
            if have != want and have <= want:
                adds.setdefault(k, set()).update(want - have)
                adds[k].add("@default" if "default" in want else "@no-default")
    for (ctx, name, version), features in sorted(adds.items()):
        line = f'{name} = {{ version = "={version}"'
        if "@no-default" in features or "@default" not in features:
            line += ", default-features = false"
        extra = sorted(f for f in features if not f.startswith("@") and f != "default")
        if extra:
            line += ", features = [" + ", ".join(f'"{f}"' for f in extra) + "]"
        print("build " if ctx == "H" else "normal", line + " }")


if __name__ == "__main__":
    main()
