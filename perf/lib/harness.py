"""One measured unit: the CPU lock, fresh subject and generator processes, and their clean-up.

    with harness.unit(env, "nfv-l2", "64B r1") as (subject, generator):
        ... trials ...

On any failure to start, `unit` raises UnitFailed with the reason (the caller records the
subject as failed and goes on); whatever happens, every process is stopped, and the temp dir,
DPDK runtime dirs and hugepage files of the unit's prefixes are removed."""
import contextlib
import itertools
import os
import shutil
import tempfile
import time

from . import cpulock, dpdk_files, procs, subjects
from .traffic import Generator

BINARIES = {"nfv-switch": "dataplane/nfv-switch", "nfv-traffic": "traffic/nfv-traffic",
            "nfvctl": "control/nfvctl/nfvctl", "nfvd": "control/nfvd/nfvd"}


class UnitFailed(RuntimeError):
    pass


class Env:
    """Paths, CPUs and names shared by every unit of a run."""

    def __init__(self, build_dir, results_dir, lock_path, run_id, baseline_build_dir=None):
        self.build_dir = build_dir
        self.baseline_build_dir = baseline_build_dir  # the SUBJECT@base switches' build
        self.logs_root = os.path.join(results_dir, "logs")
        self.lock_path = lock_path
        self.run_id = run_id
        cpus = sorted(os.sched_getaffinity(0))
        self.gen_cpu = cpus[-1]  # generator datapath; the switch's PMDs on the others
        self.switch_cpus = cpus[:-1] if len(cpus) > 1 else cpus
        self._counter = itertools.count(1)
        self.tmp = self.unit_logs = None
        self.prefixes = []

    def binary(self, name, baseline=False):
        if baseline:
            if not self.baseline_build_dir:
                raise UnitFailed("a @base subject needs --baseline-build")
            return os.path.join(self.baseline_build_dir, BINARIES[name])
        return os.path.join(self.build_dir, BINARIES[name])

    @staticmethod
    def tool(name):
        path = shutil.which(name)
        if not path:
            raise UnitFailed("{} not found (scripts/setup installs it)".format(name))
        return path

    def prefix(self, role):
        """A DPDK file prefix unique to this run, recorded for clean-up."""
        prefix = "{}{}-{}-{}".format(dpdk_files.PREFIX_ROOT, self.run_id, role, next(self._counter))
        self.prefixes.append(prefix)
        return prefix

    def log(self, kind):
        return os.path.join(self.unit_logs, kind + ".log")


def _lock_note(path):
    print("  (waiting for the CPU lock {}: another benchmark or test is running)".format(path),
          flush=True)


@contextlib.contextmanager
def unit(env, subject_name, tag, nports=2, mac_table_size=65536, pmds=1, gen_memory_mb=256):
    with cpulock.held(env.lock_path, on_wait=lambda: _lock_note(env.lock_path)):
        env.tmp = tempfile.mkdtemp(prefix="nfv-perf-")
        env.unit_logs = os.path.join(env.logs_root, "{}-{}".format(subject_name, tag).replace(" ", "-"))
        os.makedirs(env.unit_logs, exist_ok=True)
        env.prefixes = []
        subject = generator = None
        try:
            try:
                subject = subjects.make(env, subject_name, nports, mac_table_size, pmds)
                subject.start()
                # commands on the first CPU (they sleep), the datapath alone on gen_cpu
                lcores = "0,{}".format(env.gen_cpu) if env.gen_cpu else "0"
                generator = Generator(env.binary("nfv-traffic"), env.prefix("gen"), subject.sockets,
                                      env.log("generator"), server=subject.generator_is_server,
                                      lcores=lcores, memory_mb=gen_memory_mb)
                subject.attach()
                generator.wait_links(timeout_s=30)
                if hasattr(subject, "process") and subject.process and not subject.process.alive():
                    raise RuntimeError("{} exited: {}".format(subject_name, subject.process.log_tail()))
            except (RuntimeError, ValueError, OSError) as error:
                raise UnitFailed(str(error)) from error
            yield subject, generator
        finally:
            if generator is not None:
                generator.quit()
            if subject is not None:
                try:
                    subject.stop()
                except Exception as error:  # noqa: BLE001 - clean-up goes on
                    print("  warning: stopping {}: {}".format(subject_name, error), flush=True)
            procs.stop_all()
            time.sleep(0.2)
            for prefix in env.prefixes:
                dpdk_files.remove(prefix)
            shutil.rmtree(env.tmp, ignore_errors=True)
