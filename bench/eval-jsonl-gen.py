#!/usr/bin/env python3
"""eval-jsonl-gen.py - the answers of a suite of case files as JSON Lines, repeated to N records,
for measuring `triage eval --jsonl`.

    bench/eval-jsonl-gen.py SRC_DIR N > records.jsonl

Needs python3 and python3-yaml (a benchmark helper only; no test depends on it). Answer values are
written as strings or lists of strings, exactly as an answers file reads them."""
import json
import os
import sys

import yaml


def text(v):
    if isinstance(v, bool):  # YAML 1.1 turns an unquoted yes into True
        return "yes" if v else "no"
    return str(v)


def main():
    src, n = sys.argv[1], int(sys.argv[2])
    records = []
    for root, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            if name.endswith(".yaml"):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    for case in yaml.safe_load(f).get("cases") or []:
                        answers = {k: [text(x) for x in v] if isinstance(v, list) else text(v)
                                   for k, v in (case.get("answers") or {}).items()}
                        records.append(json.dumps(answers, separators=(",", ":")))
    out = sys.stdout
    for i in range(n):
        out.write(records[i % len(records)])
        out.write("\n")


if __name__ == "__main__":
    main()
