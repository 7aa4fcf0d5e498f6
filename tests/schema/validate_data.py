#!/usr/bin/env python3
"""validate_data.py - the answers-file and case-file schemas against real files.

    validate_data.py --triage TRIAGE --docs DOCS --top TOP

docs/answers.schema.json: every answers file in docs/examples, the FHIR test
answers and the answers file of every golden test that exits 0 must validate;
every file in tests/schema/bad-answers must not, and `triage run` must refuse
it too (exit 4). docs/cases.schema.json: every case file under tests/cases and
tests/eval/cases must validate; every file in tests/schema/bad-cases must not,
and `triage eval` must refuse it too (exit 4). The schemas are checked as
draft-07 schemas first. YAML is read as YAML 1.2 reads it (as the editors'
language servers do): yes/no stay strings, dates stay strings.
"""
import argparse
import glob
import os
import subprocess
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lint"))
from validate_schema import Yaml12Loader, yaml_files  # noqa: E402


def load(name):
    with open(name, encoding="utf-8") as f:
        data = yaml.load(f, Loader=Yaml12Loader)
    return {} if data is None else data


def errors(validator, name):
    try:
        data = load(name)
    except yaml.YAMLError as e:
        return ["not YAML: %s" % str(e).replace("\n", " ")]
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)", e.message)
            for e in validator.iter_errors(data)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--triage", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--top", required=True)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    problems = []
    counts = []

    def schema(name):
        with open(os.path.join(a.docs, name), encoding="utf-8") as f:
            s = yaml.load(f, Loader=Yaml12Loader)
        jsonschema.Draft7Validator.check_schema(s)
        return jsonschema.Draft7Validator(s)

    def check(validator, good, bad, refuse_cmd, what):
        for name in good:
            problems.extend("%s: %s" % (name, e) for e in errors(validator, name))
        for name in bad:
            if not errors(validator, name):
                problems.append("%s: the schema accepts it, but it is a known-bad %s" % (name, what))
            rc = subprocess.run([a.triage] + refuse_cmd + [name], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode
            if rc != 4:
                problems.append("%s: triage exits %d on it (expected 4: schema and program "
                                "must agree)" % (name, rc))
        counts.append("%s: %d valid as expected, %d known-bad refused by schema and program"
                      % (what, len(good), len(bad)))

    good_answers = sorted(glob.glob(os.path.join(a.top, "docs", "examples", "*.yaml")))
    good_answers.append(os.path.join(a.top, "tests", "fhir", "answers.yaml"))
    for d in sorted(glob.glob(os.path.join(a.top, "tests", "golden", "*"))):
        status = os.path.join(d, "status")
        ok = not os.path.exists(status) or open(status).read().strip() == "0"
        if ok:
            good_answers += sorted(glob.glob(os.path.join(d, "answers*.yaml")))
    check(schema("answers.schema.json"), good_answers,
          yaml_files(os.path.join(here, "bad-answers")), ["run"], "answers file")

    good_cases = yaml_files(os.path.join(a.top, "tests", "cases"))
    good_cases += yaml_files(os.path.join(a.top, "tests", "eval", "cases"))
    check(schema("cases.schema.json"), good_cases, yaml_files(os.path.join(here, "bad-cases")),
          ["eval"], "case file")

    for line in problems:
        print(line)
    for line in counts:
        print(line)
    print("schemas of data files: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
