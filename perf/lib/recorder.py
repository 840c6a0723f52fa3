"""Everything measured in a run, kept in memory and rewritten to results.json after each unit
(so an interrupted run still leaves its results): every trial, every unit's outcome."""
import json
import os


class Recorder:
    def __init__(self, path, run_meta):
        self.path = path
        self.data = {"run": run_meta, "units": [], "trials": []}

    def trial(self, record):
        self.data["trials"].append(record)

    def unit(self, record):
        self.data["units"].append(record)
        self.save()

    @property
    def units(self):
        return self.data["units"]

    def save(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.data, f, indent=1, default=str)
        os.replace(tmp, self.path)
