#!/usr/bin/env python3
"""check_dev.py - the development stories' answers and expectations agree with `triage eval`.

Until `triage eval` reads `story:` itself, this drops the story-only keys (date, story, hedged)
from each case, checks that every hedged id is among the answers and that no other key is used,
and runs the remaining answers and expectations through `triage eval`.

Usage: check_dev.py --triage PATH FILE.yaml
"""
import argparse
import subprocess
import sys
import tempfile

import yaml

STORY_KEYS = {"date", "story", "hedged"}
CASE_KEYS = {"id", "source", "note", "answers", "expect"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--triage", required=True)
    ap.add_argument("file")
    args = ap.parse_args()
    with open(args.file, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    bad = []
    cases = []
    for c in doc["cases"]:
        unknown = set(c) - STORY_KEYS - CASE_KEYS
        if unknown:
            bad.append(f"{c.get('id')}: unknown keys {sorted(unknown)}")
        if not str(c.get("story", "")).strip():
            bad.append(f"{c.get('id')}: no story")
        for q in c.get("hedged", []):
            if q not in c.get("answers", {}):
                bad.append(f"{c.get('id')}: hedged '{q}' is not among the answers")
        cases.append({k: v for k, v in c.items() if k in CASE_KEYS})
    for b in bad:
        print(f"{args.file}: error: {b}")
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as t:
        yaml.safe_dump({"cases": cases}, t, sort_keys=False)
        path = t.name
    r = subprocess.run([args.triage, "eval", path], capture_output=True, text=True)
    print(r.stdout, end="")
    print(r.stderr, end="", file=sys.stderr)
    return 1 if bad or r.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
