#!/usr/bin/env python3
"""Validate HL7 v2 messages with hl7apy's strict structure validation.

Input on stdin: messages separated by NUL bytes. Output: one line per message, `ok` or
`error: <reason>`. Exit code 3 when hl7apy is not installed."""
import sys

try:
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_message
except ImportError as e:  # peer missing
    print(f"hl7apy not importable: {e}", file=sys.stderr)
    sys.exit(3)

data = sys.stdin.buffer.read().split(b"\0")
for raw in data:
    if not raw:
        continue
    text = raw.decode("utf-8")
    try:
        msg = parse_message(text, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
        msg.validate()
        print("ok")
    except Exception as e:  # noqa: BLE001 - report every failure
        print(f"error: {type(e).__name__}: {e}".replace("\n", " "))
