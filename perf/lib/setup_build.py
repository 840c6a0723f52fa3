"""Before measuring: scripts/setup --perf (packages, hugepages), and a build if a binary
is missing."""
import os
import subprocess

from . import cpulock, harness


def setup(repo, hugepages):
    current = 0
    try:
        with open("/proc/sys/vm/nr_hugepages") as f:
            current = int(f.read())
    except OSError:
        pass
    argv = [os.path.join(repo, "scripts/setup"), "--perf", "--hugepages", str(max(current, hugepages))]
    print("$ " + " ".join(argv), flush=True)
    subprocess.run(argv, check=True)


def missing_binaries(build_dir):
    return [name for name, rel in harness.BINARIES.items()
            if not os.access(os.path.join(build_dir, rel), os.X_OK)]


def build_if_needed(repo, build_dir, lock_path):
    missing = missing_binaries(build_dir)
    if not missing:
        return
    print("perf/run: {} missing in {}: building".format(", ".join(missing), build_dir), flush=True)
    with cpulock.held(lock_path):
        if not os.path.exists(os.path.join(build_dir, "build.ninja")) and \
                not os.path.exists(os.path.join(build_dir, "Makefile")):
            subprocess.run(["cmake", "-G", "Ninja", "-S", repo, "-B", build_dir,
                            "-DCMAKE_BUILD_TYPE=Release"], check=True)
        subprocess.run(["cmake", "--build", build_dir, "--target", "nfv-switch", "nfv-traffic",
                        "nfvctl"], check=True)
    missing = missing_binaries(build_dir)
    if missing:
        raise SystemExit("perf/run: still missing after the build: " + ", ".join(missing))
