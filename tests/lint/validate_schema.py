#!/usr/bin/env python3
"""validate_schema.py - check rule files against docs/rules.schema.json.

    validate_schema.py --schema SCHEMA [--docs DIR] [--bad DIR]
                       [--triage TRIAGE --lint-accepted GOLDEN_DIR] PATH...

Every .yaml file under each PATH, and every rule-file example in the Markdown
files under --docs (the blocks doc_examples.py extracts, except those marked
`broken`), must validate; every file under --bad must NOT validate. Each file
under a PATH must also start with the editors' modeline pointing at SCHEMA
(`# yaml-language-server: $schema=RELATIVE/PATH`). Prints one line per problem
and exits 1 if there was any.

Lint and the schema must agree (with --triage): `triage lint` refuses every
file under --bad (exit 1), and every rule file lint accepts in the golden
tests (GOLDEN_DIR/lint-*/rules.yaml with exit status 0) validates.

YAML is read as YAML 1.2 reads it, like the editors' language servers: `yes`,
`no`, `on` and `off` stay strings, and dates stay strings.
"""
import argparse
import os
import re
import subprocess
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import doc_examples  # noqa: E402


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema booleans and no timestamps."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def yaml_files(path):
    if os.path.isfile(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in sorted(files)
                  if f.endswith((".yaml", ".yml")) and not f.startswith(".")]
    return found


MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


def modeline_problem(name, text, schema_path):
    """Why the first line of a shipped file does not point at the schema, or None."""
    first = text.split("\n", 1)[0]
    m = MODELINE.match(first)
    if not m:
        return "%s:1: the first line must be '# yaml-language-server: $schema=...'" % name
    target = os.path.normpath(os.path.join(os.path.dirname(name), m.group(1)))
    if not os.path.exists(target) or not os.path.samefile(target, schema_path):
        return "%s:1: the modeline points at '%s', not at the schema" % (name, m.group(1))
    return None


def errors_of(validator, name, text):
    """The schema errors of one file, as printable lines."""
    try:
        data = yaml.load(text, Loader=Yaml12Loader)
    except yaml.YAMLError as e:
        return ["%s: not YAML: %s" % (name, str(e).replace("\n", " "))]
    if data is None:
        data = {}
    out = []
    for e in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        out.append("%s: %s: %s" % (name, where, e.message))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schema", required=True)
    ap.add_argument("--docs", help="directory of Markdown files with rule-file examples")
    ap.add_argument("--bad", help="directory of files that must not validate")
    ap.add_argument("--triage", help="the program, to check that lint refuses the --bad files")
    ap.add_argument("--lint-accepted", help="directory of golden tests: the rule files lint "
                    "accepts must validate")
    ap.add_argument("paths", nargs="*")
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = yaml.load(f, Loader=Yaml12Loader)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    good = []
    problems = []
    for p in args.paths:
        for name in yaml_files(p):
            with open(name, encoding="utf-8") as f:
                good.append((name, f.read()))
            problem = modeline_problem(name, good[-1][1], args.schema)
            if problem:
                problems.append(problem)
    if args.docs:
        for ex in doc_examples.examples(args.docs):
            if ex.kind == "rules" and not ex.broken:
                good.append(("%s:%d (%s)" % (ex.doc, ex.line, ex.path), ex.text))

    if args.lint_accepted:
        for d in sorted(os.listdir(args.lint_accepted)):
            rules = os.path.join(args.lint_accepted, d, "rules.yaml")
            status = os.path.join(args.lint_accepted, d, "status")
            if not d.startswith("lint-") or not os.path.isfile(rules):
                continue
            if os.path.exists(status) and open(status).read().strip() != "0":
                continue
            with open(rules, encoding="utf-8") as f:
                text = f.read()
            try:
                yaml.load(text, Loader=Yaml12Loader)
            except yaml.YAMLError:
                # PyYAML refuses some flow mappings libyaml reads ("{text: Why?}"): not a
                # disagreement of lint and schema, so it is left out, and said
                print("%s: skipped: PyYAML cannot read it (libyaml can)" % rules)
                continue
            good.append((rules + " (lint accepts it)", text))
    for name, text in good:
        problems += errors_of(validator, name, text)
    bad = yaml_files(args.bad) if args.bad else []
    for name in bad:
        with open(name, encoding="utf-8") as f:
            if not errors_of(validator, name, f.read()):
                problems.append("%s: validates, but it is a known-bad file" % name)
        if args.triage:
            rc = subprocess.run([args.triage, "lint", "--rules", name], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode
            if rc != 1:
                problems.append("%s: the schema refuses it, but triage lint exits %d (expected 1: "
                                "lint and schema must agree)" % (name, rc))
    for line in problems:
        print(line)
    print("schema: %d files valid as expected, %d known-bad files refused%s, %d problems"
          % (len(good), len(bad), " by schema and lint" if args.triage else "", len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
