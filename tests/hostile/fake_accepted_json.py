# expect: runtime_error
# Prints what an accepted --json report looks like, appends forged "case ended" and
# "done" events to the harness's event log, then leaves with status 0 before any case
# ran. The log is writable by the child, but the parent reads it as untrusted data
# (events.py): events the harness could not have written in that order end the run as
# runtime_error "the submission interfered with the grader", never accepted.
import json
import os

print(json.dumps({"exercise": "bn2d-forward", "verdict": "accepted", "passed": 14, "total": 14,
                  "time_ms": 1, "cases": []}))
try:
    with open("../out/events.jsonl", "a") as f:
        for i in range(64):
            f.write(json.dumps({"ev": "case", "case": i}) + "\n")
            f.write(json.dumps({"ev": "case_end", "case": i, "cpu": 0.0}) + "\n")
        f.write(json.dumps({"ev": "done", "verdict": "accepted"}) + "\n")
except OSError:
    pass
os._exit(0)


class BatchNorm2D:
    pass
