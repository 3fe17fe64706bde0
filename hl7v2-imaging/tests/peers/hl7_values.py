#!/usr/bin/env python3
"""Read values at the same paths with python-hl7 and hl7apy (differential test peer).

stdin: JSON list of {"message": ER7 text with CR segment ends, "paths": [[seg, occurrence, field,
repetition, component], ...]}.
stdout: JSON list, one entry per message: {"hl7": [value or null] | {"error": str},
"hl7apy": [raw ER7 of the component or null] | {"error": str}}.
python-hl7 values are decoded (extract_field unescapes); hl7apy values are the component's ER7.
Exit code 3 when a peer is not installed."""
import json
import sys

try:
    import hl7
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_message
except ImportError as e:
    print(f"peer not importable: {e}", file=sys.stderr)
    sys.exit(3)


def python_hl7(text, paths):
    try:
        msg = hl7.parse(text)
    except Exception as e:  # noqa: BLE001
        return {"error": f"{type(e).__name__}: {e}"}
    out = []
    for seg, occ, field, rep, comp in paths:
        try:
            out.append(str(msg.extract_field(seg, occ, field, rep, comp, 1)))
        except Exception:  # noqa: BLE001 - absent
            out.append(None)
    return out


def hl7apy_values(text, paths):
    try:
        msg = parse_message(text, find_groups=False, validation_level=VALIDATION_LEVEL.TOLERANT)
    except Exception as e:  # noqa: BLE001
        return {"error": f"{type(e).__name__}: {e}"}
    segs = list(msg.children)
    out = []
    for seg, occ, field, rep, comp in paths:
        try:
            same = [s for s in segs if s.name == seg]
            s = same[occ - 1]
            reps = [c for c in s.children if (c.name or "").upper() == f"{seg}_{field}"]
            if len(reps) < rep:
                # Fields past the segment's definition in that version lose their names in hl7apy.
                out.append("__undefined__" if any(c.name is None for c in s.children) else None)
                continue
            r = reps[rep - 1]
            comps = list(r.children)
            if not comps or all(not hasattr(c, "children") for c in comps):
                out.append(r.to_er7() if comp == 1 else None)
                continue
            if all(c.name and c.name.rsplit("_", 1)[-1].isdigit() for c in comps):
                hit = [c for c in comps if c.name.rsplit("_", 1)[-1] == str(comp)]
                out.append(hit[0].to_er7() if hit else None)
            else:
                # Unknown (Z) segments: components named by data type only, in order.
                out.append(comps[comp - 1].to_er7() if comp <= len(comps) else None)
        except Exception:  # noqa: BLE001
            out.append(None)
    return out


jobs = json.load(sys.stdin)
result = []
for job in jobs:
    text = job["message"]
    paths = job["paths"]
    result.append({"hl7": python_hl7(text, paths), "hl7apy": hl7apy_values(text, paths)})
json.dump(result, sys.stdout)
