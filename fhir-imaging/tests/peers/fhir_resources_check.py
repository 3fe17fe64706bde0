#!/usr/bin/env python3
"""Validate FHIR JSON documents with the `fhir.resources` package (the peer).

Input on stdin: one JSON object per line, {"version": "r4" | "r5", "text": "<document>"}.
Output on stdout: one line per input, "ok" or "invalid: <first line of the error>".
R4 documents use the R4B models (fhir.resources.R4B.<type>), R5 documents the root models
(fhir.resources.<type>), as in shared/PEERS.md. Exit 3 if fhir.resources is not installed.
"""
import importlib
import json
import sys

try:
    import fhir.resources  # noqa: F401
except ImportError:
    print("fhir.resources is not installed", file=sys.stderr)
    sys.exit(3)


def model_for(version, resource_type):
    pkg = "fhir.resources.R4B" if version == "r4" else "fhir.resources"
    mod = importlib.import_module(f"{pkg}.{resource_type.lower()}")
    return getattr(mod, resource_type)


def check(version, text):
    try:
        doc = json.loads(text)
    except ValueError as e:
        return f"invalid: not JSON: {e}"
    rt = doc.get("resourceType") if isinstance(doc, dict) else None
    if not isinstance(rt, str):
        return "invalid: no resourceType"
    try:
        model = model_for(version, rt)
    except (ImportError, AttributeError):
        return f"invalid: unknown resourceType {rt}"
    try:
        model.model_validate_json(text)
    except Exception as e:  # pydantic ValidationError and friends
        first = str(e).strip().splitlines()
        return "invalid: " + " | ".join(first[:3])
    return "ok"


for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    req = json.loads(line)
    print(check(req["version"], req["text"]), flush=True)
