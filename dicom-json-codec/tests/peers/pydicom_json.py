"""pydicom's DICOM JSON (Dataset.to_json_dict) of each file named on the command line.

Prints one JSON object {file name: to_json_dict() or {"error": message}} on standard output.
Everything inline (bulk_data_threshold above any value). Used by tests/pydicom.rs.
"""
import json
import math
import os
import sys

import pydicom


def clean(obj):
    """pydicom writes bare NaN/Infinity (invalid JSON); make them strings so the comparison
    can name them instead of failing to parse."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return "NONFINITE:" + repr(obj)
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [clean(v) for v in obj]
    return obj


out = {}
for path in sys.argv[1:]:
    name = os.path.basename(path)
    try:
        ds = pydicom.dcmread(path)
        out[name] = clean(ds.to_json_dict(bulk_data_threshold=1 << 40))
    except Exception as e:  # noqa: BLE001 - every failure is reported, not raised
        out[name] = {"error": f"{type(e).__name__}: {e}"}
json.dump(out, sys.stdout)
