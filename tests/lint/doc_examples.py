#!/usr/bin/env python3
"""doc_examples.py - run the examples of the documentation as tests.

    doc_examples.py --triage PATH DOCS_DIR_OR_FILE...

Fenced blocks in the Markdown files are marked in their info string:

    ```yaml rules file=DIR/NAME.yaml [broken]   a rule file, written to DIR/NAME.yaml
    ```yaml answers file=NAME.yaml              an answers file
    ```yaml cases file=NAME.yaml                a case file for `triage eval`
    ```yaml fragment                            a piece of a file, shown for reading only
    ```console                                  commands ("$ triage ...") and their output

Blocks are handled in document order in a scratch directory (one per
Markdown file): files are written when they appear (a later block with the
same file replaces it, as a tutorial's file grows), and each command runs when
its block appears, against the files written so far. Its output (standard
output and error together) must be the lines shown; a line "..." stands for
any number of lines. At the end, every directory of rule files whose last
versions are not marked `broken` must lint with no errors and no warnings.
A `yaml` block with no marker is an error: every example is either run or
explicitly a fragment.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(```+)\s*(\S*)\s*(.*)$")


class Example:
    def __init__(self, doc, line, lang, info, text):
        self.doc, self.line, self.lang, self.text = doc, line, lang, text
        words = info.split()
        self.broken = "broken" in words
        self.path = None
        for w in words:
            if w.startswith("file="):
                self.path = w[5:]
        if lang == "console":
            self.kind = "console"
        elif "rules" in words:
            self.kind = "rules"
        elif "answers" in words:
            self.kind = "answers"
        elif "cases" in words:
            self.kind = "cases"
        elif "fragment" in words:
            self.kind = "fragment"
        elif lang in ("yaml", "yml"):
            self.kind = "unmarked"
        else:
            self.kind = "other"

    def where(self):
        return "%s:%d" % (self.doc, self.line)


def markdown_files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".md"))
        else:
            out.append(p)
    return out


def examples_in(doc):
    """The fenced blocks of one Markdown file, in order."""
    found = []
    with open(doc, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, info = m.group(1), m.group(2), m.group(3)
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        found.append(Example(doc, start, lang, info, "\n".join(lines[start:j]) + "\n"))
        i = j + 1
    return found


def examples(*paths):
    """Every example block of the Markdown files under paths."""
    out = []
    for doc in markdown_files(paths):
        out += examples_in(doc)
    return out


def matches(want, got):
    """Do the lines got match want, where a "..." line stands for any lines?"""
    if not want:
        return not got
    if want[0] == "...":
        return any(matches(want[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and want[0] == got[0] and matches(want[1:], got[1:])


def run(triage, cwd, argv):
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([triage] + argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def console(ex, triage, cwd):
    """Runs the commands of a console block; returns problems."""
    problems = []
    cmds = []  # (line, argv, expected lines)
    for n, line in enumerate(ex.text.rstrip("\n").split("\n")):
        if line.startswith("$ "):
            argv = shlex.split(line[2:])
            if not argv or argv[0] != "triage":
                problems.append("%s:%d: only 'triage' commands can be run: %s"
                                % (ex.doc, ex.line + n, line))
                argv = None
            cmds.append((ex.line + n, argv, []))
        elif cmds:
            cmds[-1][2].append(line.rstrip())
        else:
            problems.append("%s:%d: output before any command" % (ex.doc, ex.line + n))
    for line, argv, want in cmds:
        if argv is None:
            continue
        _, out = run(triage, cwd, argv[1:])
        got = [l.rstrip() for l in out.rstrip("\n").split("\n")] if out else []
        while want and want[-1] == "":
            want.pop()
        if not matches(want, got):
            problems.append("%s:%d: '%s' printed:\n%s\nbut the documentation shows:\n%s"
                            % (ex.doc, line, " ".join(argv), "\n".join(got), "\n".join(want)))
    return problems


def check_doc(doc, triage):
    problems = []
    ran = 0
    with tempfile.TemporaryDirectory(prefix="triage-docs-") as tmp:
        last_broken = {}  # rule file -> is its last version broken?
        for ex in examples_in(doc):
            if ex.kind == "unmarked":
                problems.append("%s: a yaml block without a marker (rules, answers, cases "
                                "or fragment)" % ex.where())
            if ex.kind in ("rules", "answers", "cases"):
                if not ex.path or ex.path.startswith("/") or ".." in ex.path.split("/"):
                    problems.append("%s: give the block a relative file=PATH" % ex.where())
                    continue
                if ex.kind == "rules" and "/" not in ex.path:
                    problems.append("%s: a rule file goes in a directory (file=DIR/NAME.yaml)"
                                    % ex.where())
                    continue
                full = os.path.join(tmp, ex.path)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w", encoding="utf-8") as f:
                    f.write(ex.text)
                if ex.kind == "rules":
                    last_broken[ex.path] = ex.broken
            elif ex.kind == "console":
                problems += console(ex, triage, tmp)
                ran += 1
        dirs = {}
        for path, broken in last_broken.items():
            d = os.path.dirname(path)
            dirs[d] = dirs.get(d, False) or broken
        for d, broken in sorted(dirs.items()):
            if broken:
                continue
            status, out = run(triage, tmp, ["lint", "--werror", "--rules", d])
            ran += 1
            if status != 0:
                problems.append("%s: the examples in %s/ do not lint clean:\n%s"
                                % (doc, d, out.rstrip()))
    return problems, ran


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triage", required=True, help="the triage program")
    ap.add_argument("paths", nargs="+", help="Markdown files or directories")
    args = ap.parse_args()
    triage = os.path.abspath(args.triage)
    problems, ran = [], 0
    for doc in markdown_files(args.paths):
        p, r = check_doc(doc, triage)
        problems += p
        ran += r
    for p in problems:
        print(p)
    print("docs: %d commands and knowledge bases checked, %d problems" % (ran, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
