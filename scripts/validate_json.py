#!/usr/bin/env python3
"""Validates DoseSum JSON outputs against the JSON Schemas (draft 2020-12) in Schemas/.

Usage: validate_json.py [--schema ID] FILE...   (FILE "-" reads standard input)

The schema is chosen by each document's "schema" field (dosesum.check/2 -> urn:dosesum:schema:check/2;
an inspect array by its first element), or by --schema (e.g. "check/2"). Every schema file in
Schemas/ is registered by its $id, so schemas may refer to one another (common/1).

Uses the `jsonschema` package (pip install jsonschema). Prints one line per file: "ok PATH" or
"invalid PATH" followed by each error with its JSON path. Exit status: 0 all valid, 1 any invalid,
2 usage error, unreadable file, unknown schema or jsonschema missing.
"""
import json
import pathlib
import sys

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "Schemas"


def registry_and_schemas():
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
    schemas = {}
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    resources = [(sid, Resource.from_contents(s, default_specification=DRAFT202012)) for sid, s in schemas.items()]
    return Registry().with_resources(resources), schemas


def schema_id(doc, override):
    name = override
    if name is None:
        first = doc[0] if isinstance(doc, list) and doc else doc
        name = first.get("schema") if isinstance(first, dict) else None
        if name is None:
            return None
    name = name.removeprefix("dosesum.")
    return name if name.startswith("urn:") else "urn:dosesum:schema:" + name


def main(argv):
    args = argv[1:]
    override = None
    if len(args) >= 2 and args[0] == "--schema":
        override, args = args[1], args[2:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print("validate_json.py needs the Python package jsonschema (pip install jsonschema)", file=sys.stderr)
        return 2
    registry, schemas = registry_and_schemas()
    for sid, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
    status = 0
    for path in args:
        try:
            text = sys.stdin.read() if path == "-" else pathlib.Path(path).read_text(encoding="utf-8")
            doc = json.loads(text)
        except (OSError, ValueError) as e:
            print(f"error {path}: cannot read JSON: {e}", file=sys.stderr)
            return 2
        sid = schema_id(doc, override)
        if sid not in schemas:
            what = sid or "a document without a 'schema' field"
            print(f"error {path}: no schema for {what} in {SCHEMAS}", file=sys.stderr)
            return 2
        validator = jsonschema.Draft202012Validator(schemas[sid], registry=registry)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            status = 1
            print(f"invalid {path} ({sid})")
            for e in errors:
                print(f"  at {e.json_path}: {e.message}")
        else:
            print(f"ok {path} ({sid})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
