"""What the figures were measured on: CPU, cores, kernel, versions, git commit."""
import os
import platform
import subprocess


def _out(argv, cwd=None):
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=20, cwd=cwd)
        return (result.stdout or result.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return None


def _deb_version(package):
    return _out(["dpkg-query", "-W", "-f=${Version}", package]) or None


def _source_dir(build_dir):
    """The source tree a CMake build directory was configured from."""
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def describe(repo, build_dir):
    cpu = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    source = _source_dir(build_dir) or repo  # the binaries' sources (another checkout, maybe)
    commit = _out(["git", "rev-parse", "--short=12", "HEAD"], cwd=source)
    dirty = _out(["git", "status", "--porcelain", "--untracked-files=no"], cwd=source)
    ovs = _out(["/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk", "--version"])
    switch = _out([os.path.join(build_dir, "dataplane/nfv-switch"), "--version"])
    hugepages = None
    try:
        with open("/proc/sys/vm/nr_hugepages") as f:
            hugepages = int(f.read())
    except OSError:
        pass
    return {
        "cpu_model": cpu,
        "cpus_online": os.cpu_count(),
        "cpus_allowed": sorted(os.sched_getaffinity(0)),
        "kernel": platform.release(),
        "os": _out(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "dpdk": _out(["pkg-config", "--modversion", "libdpdk"]) or _deb_version("libdpdk-dev"),
        "dpdk_package": _deb_version("dpdk"),
        "testpmd_package": _deb_version("dpdk-dev"),
        "ovs": ovs.splitlines()[0] if ovs else None,
        "ovs_dpdk": next((line for line in (ovs or "").splitlines() if "DPDK" in line), None),
        "nfv_switch": switch,
        "git_commit": (commit or "?") + (" (with local changes)" if dirty else ""),
        "hugepages_2mb": hugepages,
    }
