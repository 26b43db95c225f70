# expect: runtime_error
# Prints what an accepted --json report looks like, appends forged "case ended" and
# "done" events to the harness's event log, then leaves with status 0 before any case
# ran. The child can append to the log (through the harness's descriptor), but the
# parent reads it as untrusted data (events.py): events the harness could not have written in that order end the run as
# runtime_error "the submission interfered with the grader", never accepted.
import json
import os

print(json.dumps({"exercise": "bn2d-forward", "verdict": "accepted", "passed": 14, "total": 14,
                  "time_ms": 1, "cases": []}))
# out/ is read-only to the child (issue 14): the harness's own descriptor still appends.
for fd in range(3, 64):
    try:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith("events.jsonl"):
            continue
    except OSError:
        continue
    for i in range(64):
        os.write(fd, (json.dumps({"ev": "case", "case": i}) + "\n").encode())
        os.write(fd, (json.dumps({"ev": "case_end", "case": i, "cpu": 0.0}) + "\n").encode())
    os.write(fd, (json.dumps({"ev": "done", "verdict": "accepted"}) + "\n").encode())
os._exit(0)


class BatchNorm2D:
    pass
