"""Validate FHIR JSON files with fhir.resources (the Python FHIR models).

usage: fhir_validate.py r4|r5 FILE...
Each FILE holds one resource (usually a Bundle). R4 files are checked with the R4B models
(fhir.resources.R4B; R4B is R4 for every element the bridge writes), R5 files with the R5 models.
Prints `ok FILE` per valid file; exits 1 with the validation error otherwise, 3 when
fhir.resources is not installed.
"""
import importlib
import json
import sys

try:
    import fhir.resources  # noqa: F401
except ImportError:
    print("fhir.resources is not installed", file=sys.stderr)
    sys.exit(3)

version, files = sys.argv[1], sys.argv[2:]
package = "fhir.resources.R4B" if version == "r4" else "fhir.resources"
status = 0
for path in files:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rtype = doc["resourceType"]
    module = importlib.import_module(f"{package}.{rtype.lower()}")
    model = getattr(module, rtype)
    try:
        model.model_validate(doc)
        print(f"ok {path}")
    except Exception as e:  # pydantic ValidationError and friends
        print(f"invalid {path}: {e}", file=sys.stderr)
        status = 1
sys.exit(status)
