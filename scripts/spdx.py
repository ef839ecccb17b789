#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks or adds the licence line `SPDX-License-Identifier: Apache-2.0` in
trinity's tracked source files.

    scripts/spdx.py --check [PATH ...]   list source files lacking the line in
                                          their first 5 lines; exit 1 if any
    scripts/spdx.py --fix   [PATH ...]   add it where missing (idempotent)

Source files are the tracked (`git ls-files`) C, C++, SystemVerilog/Verilog,
Python, CMake, Make, shell and Tcl (incl. .xdc) files, and extensionless
files with a Python or shell shebang. Data, docs, models and logs are not
source and are never touched. PATHs (files or folders, relative to the
repository root) restrict both modes to those parts of the tree.

--fix puts the line first, in the file's comment syntax (`//` or `#`); after
a `#!` shebang line and a Python coding cookie, which must stay first.

Exit codes: 0 every file has the line (or --fix finished), 1 --check found
files without it, 2 usage or not a git checkout.
"""
import argparse
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = "SPDX-License-Identifier: Apache-2.0"
HEAD_LINES = 5

SLASH = ("//", {".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".sv", ".svh", ".v", ".vh"})
HASH = ("#", {".py", ".cmake", ".mk", ".sh", ".bash", ".tcl", ".xdc"})
HASH_NAMES = {"CMakeLists.txt", "Makefile", "GNUmakefile"}
CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def comment_prefix(path, first_line):
    """'//' or '#' for a source file, None for anything else."""
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1].lower()
    if ext in SLASH[1]:
        return SLASH[0]
    if ext in HASH[1] or name in HASH_NAMES:
        return HASH[0]
    if not ext and first_line.startswith("#!") and re.search(r"\b(python\d*|sh|bash)\b", first_line):
        return HASH[0]
    return None


def tracked_files(paths):
    try:
        out = subprocess.run(["git", "-C", REPO, "ls-files", "-z", "--"] + list(paths), capture_output=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("spdx.py: cannot list the tracked files of %s with git (%s)" % (REPO, e), file=sys.stderr)
        sys.exit(2)
    return [p for p in out.decode().split("\0") if p]


def read_head(path):
    with open(path, "rb") as f:
        return f.read(4096).decode("utf-8", "replace")


def has_tag(text):
    return any(TAG in line for line in text.split("\n")[:HEAD_LINES])


def insert_tag(text, prefix):
    """text with the licence line added after a shebang and coding cookie."""
    lines = text.splitlines(keepends=True)
    at = 0
    if lines and lines[0].startswith("#!"):
        at = 1
    if prefix == "#" and len(lines) > at and CODING.match(lines[at]) and at < 2:
        at += 1
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if at and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    return "".join(lines[:at] + ["%s %s%s" % (prefix, TAG, newline)] + lines[at:])


def source_files(paths):
    out = []
    for rel in tracked_files(paths):
        full = os.path.join(REPO, rel)
        if not os.path.isfile(full) or os.path.islink(full):
            continue  # deleted in the work tree, or a symlink to something else
        head = read_head(full)
        prefix = comment_prefix(rel, head.split("\n", 1)[0])
        if prefix:
            out.append((rel, prefix, head))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="list files without the line; exit 1 if any")
    mode.add_argument("--fix", action="store_true", help="add the line where it is missing")
    ap.add_argument("paths", nargs="*", help="limit to these files or folders (relative to the repository root)")
    args = ap.parse_args(argv)

    missing = [(rel, prefix) for rel, prefix, head in source_files(args.paths) if not has_tag(head)]
    if args.check:
        for rel, _ in missing:
            print(rel)
        if missing:
            print("spdx.py: %d source file(s) without '%s' in their first %d lines (scripts/spdx.py --fix adds it)"
                  % (len(missing), TAG, HEAD_LINES), file=sys.stderr)
            return 1
        return 0
    for rel, prefix in missing:
        full = os.path.join(REPO, rel)
        with open(full, "r", encoding="utf-8", newline="") as f:
            text = f.read()
        with open(full, "w", encoding="utf-8", newline="") as f:
            f.write(insert_tag(text, prefix))
        print("added: %s" % rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
