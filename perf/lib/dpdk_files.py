"""DPDK leftovers of a process: its runtime directory and its hugepage files.

DPDK 22.11 leaves /var/run/dpdk/<prefix> behind, and hugepage files <hugetlbfs>/<prefix>map_*
when a process dies before its clean-up. perf/run gives every DPDK process a prefix that
starts with PREFIX_ROOT, and removes only what matches the prefixes it handed out.
"""
import glob
import os
import shutil

PREFIX_ROOT = "perf-"


def hugetlbfs_mounts():
    mounts = []
    with open("/proc/mounts") as f:
        for line in f:
            fields = line.split()
            if len(fields) > 2 and fields[2] == "hugetlbfs":
                mounts.append(fields[1])
    return mounts


def remove(prefix):
    """Remove the runtime dir and hugepage files of one of our prefixes; returns what went."""
    if not prefix.startswith(PREFIX_ROOT) or "/" in prefix:
        raise ValueError("refusing to clean a prefix perf/run did not create: " + prefix)
    removed = []
    runtime = os.path.join("/var/run/dpdk", prefix)
    if os.path.isdir(runtime):
        shutil.rmtree(runtime, ignore_errors=True)
        removed.append(runtime)
    for mount in hugetlbfs_mounts():
        for path in glob.glob(os.path.join(mount, prefix + "map_*")) + \
                glob.glob(os.path.join(mount, prefix + "-*")):
            try:
                os.unlink(path)
                removed.append(path)
            except OSError:
                pass
    return removed


def free_hugepages():
    """(free, total) 2 MB pages."""
    def read(name):
        with open("/sys/kernel/mm/hugepages/hugepages-2048kB/" + name) as f:
            return int(f.read())
    try:
        return read("free_hugepages"), read("nr_hugepages")
    except OSError:
        return 0, 0
