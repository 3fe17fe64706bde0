"""Validate HL7 v2 messages with hl7apy in strict mode (message structure, segment and field
cardinalities of the declared version).

usage: hl7apy_validate.py FILE...
Prints `ok FILE` per valid message; exits 1 with the error otherwise, 3 when hl7apy is not
installed.
"""
import sys

try:
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_message
except ImportError:
    print("hl7apy is not installed", file=sys.stderr)
    sys.exit(3)

status = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8")
    try:
        msg = parse_message(raw, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
        msg.validate()
        print(f"ok {path}")
    except Exception as e:  # hl7apy raises several exception types
        print(f"invalid {path}: {type(e).__name__}: {e}", file=sys.stderr)
        status = 1
sys.exit(status)
