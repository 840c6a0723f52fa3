"""What the systemd unit files say, read the way systemd reads them, and how to run a daemon
as systemd would run it from them: the capabilities of a unit given to a process with
setpriv, and a datagram socket standing in for systemd's NOTIFY_SOCKET.

The tests take the capabilities from the units themselves, so units and tests cannot drift.
"""
import os
import re
import select
import socket
import struct
import subprocess
import time


def unit_settings(path):
    """{(section, key): [values in order]} of a unit file (comments and blank lines skipped)."""
    settings = {}
    section = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = line.strip("[]")
                continue
            key, _, value = line.partition("=")
            settings.setdefault((section, key.strip()), []).append(value.strip())
    return settings


def capability_set(path, key="CapabilityBoundingSet"):
    """The capabilities a unit lists under `key` in [Service], as setpriv names them
    ("net_admin"). An empty assignment resets the list, as systemd reads it; an inverted
    list ("~CAP_...") is not supported here and is an error."""
    caps = []
    for value in unit_settings(path).get(("Service", key), []):
        if not value:
            caps = []
            continue
        if value.startswith("~"):
            raise ValueError(f"{path}: {key}={value}: inverted lists are not read by this test")
        caps += [name.lower().removeprefix("cap_") for name in value.split()]
    return sorted(set(caps))


def capability_numbers():
    """{setpriv name: kernel number}: setpriv lists them in the kernel's order."""
    names = subprocess.run(["setpriv", "--list-caps"], capture_output=True, text=True,
                           check=True).stdout.split()
    return {name: number for number, name in enumerate(names)}


def setpriv_argv(caps):
    """A root process limited as systemd limits a root service with CapabilityBoundingSet=caps
    and no AmbientCapabilities: bounding set = caps, nothing inheritable or ambient; root's
    permitted and effective sets then become exactly caps at exec."""
    bounding = ",".join(["-all"] + [f"+{c}" for c in caps])
    return ["setpriv", "--bounding-set", bounding, "--inh-caps", "-all", "--ambient-caps", "-all",
            "--"]


def can_raise_limits():
    """Whether this process may raise hard resource limits (CAP_SYS_RESOURCE), as systemd
    does for LimitMEMLOCK=; containers often may not."""
    return capability_numbers()["sys_resource"] in process_capabilities(os.getpid(), "CapEff")


def limits_argv(path):
    """prlimit giving a process the unit's LimitMEMLOCK, as systemd sets it before the start;
    nothing when this process may not raise limits (then the daemon runs with the current
    one, lower than the unit's)."""
    values = unit_settings(path).get(("Service", "LimitMEMLOCK"), [])
    if not values or not can_raise_limits():
        return []
    limit = "unlimited" if values[-1] == "infinity" else values[-1]
    return ["prlimit", f"--memlock={limit}:{limit}", "--"]


def locked_memory_limit(pid):
    """The soft "Max locked memory" of a process: "unlimited" or bytes."""
    with open(f"/proc/{pid}/limits") as f:
        return re.search(r"^Max locked memory\s+(\S+)", f.read(), re.M).group(1)


def process_capabilities(pid, field):
    """The capability numbers of a process's CapEff/CapBnd/CapPrm line in /proc/PID/status."""
    with open(f"/proc/{pid}/status") as f:
        match = re.search(rf"^{field}:\s*([0-9a-f]+)$", f.read(), re.M)
    mask = int(match.group(1), 16)
    return {bit for bit in range(64) if mask & (1 << bit)}


def process_environment(pid):
    with open(f"/proc/{pid}/environ", "rb") as f:
        return dict(entry.decode().partition("=")[::2] for entry in f.read().split(b"\0") if entry)


class NotifySocket:
    """A datagram socket at `path` receiving what daemons send to $NOTIFY_SOCKET, each message
    with the sender's pid (SO_PASSCRED), as systemd checks it against NotifyAccess=main."""

    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.bind(path)
        self.received = []  # (pid, text)

    def _read_one(self, timeout):
        ready, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not ready:
            return False
        data, ancillary, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
        pid = None
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        self.received.append((pid, data.decode()))
        return True

    def wait_for(self, line, timeout, process=None):
        """The (pid, text) of the first message holding `line` (e.g. "READY=1"); an error
        naming what arrived when the deadline passes or `process` ends first."""
        deadline = time.monotonic() + timeout
        while True:
            for pid, text in self.received:
                if line in text.split("\n"):
                    return pid, text
            if process is not None and process.poll() is not None:
                raise AssertionError(f"process {process.pid} ended ({process.returncode}) before "
                                     f"{line}; received: {self.received}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {line} on {self.path} within {timeout} s; "
                                     f"received: {self.received}")
            self._read_one(min(0.2, deadline - time.monotonic()))

    def drain(self):
        while self._read_one(0):
            pass
        return self.received

    def close(self):
        self.sock.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
