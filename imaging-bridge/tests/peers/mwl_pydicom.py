"""Read a DICOM JSON array of worklist items with pydicom (Dataset.from_json).

usage: mwl_pydicom.py FILE
Prints, per item, `AccessionNumber|PatientName|StudyInstanceUID|SPS ID|Modality` as pydicom
reads them; exits 1 on a pydicom error, 3 when pydicom is not installed.
"""
import json
import sys

try:
    from pydicom import Dataset
except ImportError:
    print("pydicom is not installed", file=sys.stderr)
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    items = json.load(f)
for item in items:
    ds = Dataset.from_json(item)
    sps = ds.ScheduledProcedureStepSequence[0]
    print("|".join(str(v) for v in (
        ds.AccessionNumber, ds.PatientName, ds.StudyInstanceUID,
        sps.ScheduledProcedureStepID, sps.Modality)))
