# expect: wrong_answer
# Prints what an accepted --json report looks like, appends forged "case ended" and
# "done" events to the harness's event log, then leaves with status 0 before any case
# ran. The log is writable by the child, so the parent believes the cases ended; but
# the values can only come from the results it validates itself, so every case is
# wrong_answer ("no value was produced"), never accepted.
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
