#!/usr/bin/env python3
"""validate_outputs.py - the schemas of the JSON outputs against real outputs.

    validate_outputs.py --triage TRIAGE --top TOP

docs/result.schema.json: the result of every clinical vignette (tests/cases,
sent through `triage eval --jsonl` as records whose "id" is the case's id:
each result must come back with its case's id, so that results join to
records without counting lines), `triage run --format json --trace` (also
--pretty) on the example answers, and every line of `eval --jsonl` on the
test records, bad ones included (error records). docs/eval.schema.json:
`triage eval --format json` on the vignettes and on the test fixtures, with
--coverage, --compare and invalid case files. Every member the schemas
describe has a description, and each schema refuses a known-bad change of a
real output (a missing format, an unknown member, a negative count), so that
it cannot pass everything.
"""
import argparse
import copy
import json
import os
import subprocess
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lint"))
from validate_schema import Yaml12Loader, yaml_files  # noqa: E402


def run(cmd, cwd=None, stdin=None, ok=(0, 1, 4)):
    p = subprocess.run(cmd, cwd=cwd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in ok:
        raise SystemExit("%s: exit %d\n%s" % (" ".join(cmd), p.returncode, p.stderr.decode()))
    return p.stdout.decode("utf-8")


def undocumented(schema, root, path="#"):
    """Properties without a description (their own, or their $ref's definition's)."""
    out = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            target = sub
            if "$ref" in sub and "description" not in sub:
                target = root["definitions"].get(sub["$ref"].rsplit("/", 1)[-1], {})
            if "description" not in target:
                out.append("%s/properties/%s" % (path, name))
        for key, sub in schema.items():
            if isinstance(sub, (dict, list)):
                out += undocumented(sub, root, "%s/%s" % (path, key))
    elif isinstance(schema, list):
        for k, sub in enumerate(schema):
            out += undocumented(sub, root, "%s/%d" % (path, k))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--triage", required=True)
    ap.add_argument("--top", required=True)
    a = ap.parse_args()
    triage, top = a.triage, a.top
    evaldir = os.path.join(top, "tests", "eval")
    problems, counts = [], []

    def validator(name):
        with open(os.path.join(top, "docs", name), encoding="utf-8") as f:
            s = json.load(f)
        jsonschema.Draft7Validator.check_schema(s)
        problems.extend("%s: undocumented member %s" % (name, p) for p in undocumented(s, s))
        return jsonschema.Draft7Validator(s)

    result_v, eval_v = validator("result.schema.json"), validator("eval.schema.json")

    def check(v, what, doc):
        errs = list(v.iter_errors(doc))
        if errs:  # the most telling error (inside oneOf, the branch that fits best)
            e = jsonschema.exceptions.best_match(errs)
            while e.context:
                e = jsonschema.exceptions.best_match(e.context)
            problems.append("%s: %s: %s" % (what, "/".join(str(p) for p in e.absolute_path)
                                            or "(top)", e.message[:300]))
        return not errs

    # 1. every vignette's result, through --jsonl with the case id as the record's id
    records, ids = [], []
    for name in yaml_files(os.path.join(top, "tests", "cases")):
        with open(name, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Yaml12Loader)
        for case in doc["cases"]:
            rec = {"id": case["id"]}
            rec.update(case.get("answers") or {})
            records.append(json.dumps(rec))
            ids.append(case["id"])
    lines = run([triage, "eval", "--jsonl"], cwd=top,
                stdin=("\n".join(records) + "\n").encode()).splitlines()
    if len(lines) != len(records):
        problems.append("vignettes: %d records, %d result lines" % (len(records), len(lines)))
    valid = 0
    for want, line in zip(ids, lines):
        res = json.loads(line)
        if "error" in res:
            problems.append("vignette %s: an error record: %s" % (want, res["error"]["message"]))
        if res.get("id") != want:
            problems.append("vignette %s: the result carries id %r" % (want, res.get("id")))
        valid += check(result_v, "vignette %s" % want, res)
    counts.append("result.schema.json: %d of %d vignette results valid, each with its case's id"
                  % (valid, len(records)))

    # 2. run --format json, with and without --trace and --pretty
    seed = os.path.join(top, "docs", "examples", "seed-answers.yaml")
    for extra in ([], ["--trace"], ["--trace", "--pretty"]):
        res = json.loads(run([triage, "run", "--format", "json"] + extra + [seed], ok=(0,)))
        if extra and len(res.get("trace", [])) == 0:
            problems.append("run %s: no trace" % " ".join(extra))
        check(result_v, "run --format json %s" % " ".join(extra), res)
    counts.append("result.schema.json: run --format json (plain, --trace, --trace --pretty) valid")

    # 3. every line of --jsonl on the test records, bad records included
    n = errors = 0
    for records_file in ("records.jsonl", "ids.jsonl", "bom-long.jsonl"):
        out = run([triage, "eval", "--rules", "rules/basic.yaml", "--jsonl",
                   os.path.join("input", records_file)], cwd=evaldir)
        for k, line in enumerate(out.splitlines()):
            doc = json.loads(line)
            errors += "error" in doc
            n += check(result_v, "%s line %d" % (records_file, k + 1), doc)
    counts.append("result.schema.json: %d --jsonl lines of the test records valid (%d error records)"
                  % (n, errors))

    # 4. eval --format json: vignettes, fixtures, coverage, compare, invalid files
    runs = [
        ([triage, "eval", "--format", "json", "tests/cases"], top),
        ([triage, "eval", "--rules", "rules/basic.yaml", "--format", "json", "--coverage", "cases"],
         evaldir),
        ([triage, "eval", "--rules", "rules/basic-v2.yaml", "--compare", "rules/basic.yaml",
          "--format", "json", "compare"], evaldir),
        ([triage, "eval", "--rules", "rules/basic.yaml", "--format", "json", "invalid", "cases"],
         evaldir),
    ]
    summaries = []
    for cmd, cwd in runs:
        doc = json.loads(run(cmd, cwd=cwd))
        summaries.append(doc)
        check(eval_v, " ".join(cmd[1:]), doc)
    if not summaries[3]["invalid"]:
        problems.append("eval invalid: no invalid entries to check")
    counts.append("eval.schema.json: %d eval reports valid (vignettes %d cases; fixtures with "
                  "--coverage, --compare and %d invalid entries)"
                  % (len(runs), summaries[0]["summary"]["cases"], len(summaries[3]["invalid"])))

    # 5. controls: each schema refuses a known-bad change of a real output
    res = json.loads(lines[0])
    bad = []
    for change, doc in (("no format", {k: v for k, v in res.items() if k != "format"}),
                        ("an unknown member", dict(res, extra=1)),
                        ("a confidence above 1", copy.deepcopy(res))):
        bad.append((change, result_v, doc))
    if bad[2][2]["explanations"]:
        bad[2][2]["explanations"][0]["confidence"] = 1.5
    ev = copy.deepcopy(summaries[1])
    ev["summary"]["passed"] = -1
    bad.append(("a negative count", eval_v, ev))
    ev = copy.deepcopy(summaries[3])
    del ev["invalid"][0]["message"]
    bad.append(("an invalid entry without its message", eval_v, ev))
    for change, v, doc in bad:
        if v.is_valid(doc):
            problems.append("the schema accepts an output with %s" % change)
    counts.append("controls: %d known-bad outputs refused" % len(bad))

    for line in problems:
        print(line)
    for line in counts:
        print(line)
    print("schemas of outputs: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
