"""Validates JSON files against one of the schemas here: validate.py SCHEMA FILE...

Prints one line per violation and exits 1 when there is any; the tests and CI call it.
"""
import json
import sys

from jsonschema import Draft202012Validator

schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    for error in validator.iter_errors(json.load(open(path, encoding="utf-8"))):
        bad += 1
        print(path, "/".join(map(str, error.absolute_path)), error.message)
sys.exit(1 if bad else 0)
