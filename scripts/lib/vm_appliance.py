"""The appliance with real VMs, as the demo and the guest tests run it: libvirtd (started when
none answers), nfvd with a config of two tiny guests on vhost-user ports of nfv-switch, their
serial consoles, and a tear-down that goes through nfvd (an apply of an empty config shuts
the guests down and removes them) and then checks that nothing is left.

Everything lives in one work directory; domain names carry a prefix unique to the run.
"""
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from guest_console import GuestConsole, wait_in_log  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_IMAGE = "/var/cache/nfv-appliance/guest-image"
METADATA_NS = "https://nfv-appliance.dev/xmlns/guest/1"
LIBVIRTD_USERS_LOCK = "/run/nfv-libvirtd.lock"  # scripts/lib/libvirtd: users hold it shared


def rpc_call(path, method, params=None, timeout=900):
    """One JSON-RPC call on a control socket (nfv-switch's or nfvd's), after api.hello."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(path)
        f = s.makefile("rw")
        for i, (m, p) in enumerate([("api.hello", {"api_version": 1, "client": "vm-appliance"}),
                                    (method, params or {})]):
            f.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": m, "params": p}) + "\n")
            f.flush()
            reply = json.loads(f.readline())
            if "error" in reply:
                raise RuntimeError(f"{m}: {reply['error']['message']}")
        return reply["result"]


def wait_until(what, predicate, timeout, interval=0.1):
    """Polls `predicate` until it returns a true value (returned); RuntimeError naming `what`
    at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} (after {timeout} s)")
        time.sleep(interval)


def build_guest_image(out=DEFAULT_IMAGE):
    """The tiny guest (built once, then found up to date): its directory."""
    subprocess.run([os.path.join(REPO, "scripts", "guest-image"), "--out", out], check=True)
    return out


class VmAppliance:
    """nfvd + nfv-switch + two guests A and B on one bridge; see the module's docstring."""

    def __init__(self, build, workdir, image_dir, prefix, pmd_cpu, no_huge=True,
                 accel="auto", log=print, addresses=("10.0.0.1", "10.0.0.2"),
                 vhost_mode="client"):
        self.build = build
        self.workdir = workdir
        self.image_dir = image_dir
        self.prefix = prefix  # domain names and the switch's DPDK file prefix
        self.pmd_cpu = pmd_cpu
        self.no_huge = no_huge
        self.accel = accel
        self.log = log
        self.addresses = addresses
        self.vhost_mode = vhost_mode  # the switch's side; QEMU takes the other
        self.names = [f"{prefix}-a", f"{prefix}-b"]
        self.ports = ["vm-a", "vm-b"]
        self.switch_sock = os.path.join(workdir, "switch.sock")
        self.nfvd_sock = os.path.join(workdir, "nfvd.sock")
        self.state_dir = os.path.join(workdir, "state")
        self.vhost_dir = os.path.join(workdir, "vhost")
        self.nfvd_log = os.path.join(workdir, "nfvd.log")
        self.libvirtd_state = os.path.join(workdir, "libvirtd.started")
        self.libvirtd_lock = None
        self.nfvd = None
        self.consoles = {}
        self.boot_seconds = {}
        # QEMU runs as an unprivileged user: it must reach the sockets and the kernel.
        os.chmod(workdir, 0o755)

    # --- paths and config -------------------------------------------------------------
    def bin(self, *parts):
        return os.path.join(self.build, *parts)

    def console_log(self, name):
        return os.path.join(self.state_dir, "guests", f"{name}.console.log")

    def console_socket(self, name):
        return os.path.join(self.state_dir, "guests", f"{name}.console.sock")

    def config_text(self, with_guests=True):
        lines = ["# nfv-appliance with two tiny guests, written by scripts/lib/vm_appliance.py",
                 "switch:",
                 f"  pmd_cpus: \"{self.pmd_cpu}\"",
                 "  memory_mb: 256",
                 f"  no_huge: {'true' if self.no_huge else 'false'}",
                 f"  file_prefix: {self.prefix}",
                 f"  vhost_mode: {self.vhost_mode}",
                 f"  vhost_dir: {self.vhost_dir}"]
        if not with_guests:
            return "\n".join(lines) + "\n"
        lines += ["bridges:", "  - name: br0", "guests:"]
        for name, port, address in zip(self.names, self.ports, self.addresses):
            lines += [f"  - name: {name}",
                      "    vcpus: 1",
                      "    cpu_policy: shared",
                      "    memory_mb: 256",
                      f"    memory_backing: {'memfd' if self.no_huge else 'hugepages'}",
                      "    boot:",
                      f"      kernel: {self.image_dir}/vmlinuz",
                      f"      initrd: {self.image_dir}/initrd.img",
                      f"      cmdline: \"console=ttyS0 nfv.ip={address}/24 nfv.name={name}\"",
                      "    interfaces:",
                      f"      - {{type: vhost, name: {port}, bridge: br0}}"]
        return "\n".join(lines) + "\n"

    def write_config(self, name, with_guests=True):
        path = os.path.join(self.workdir, name)
        with open(path, "w") as f:
            f.write(self.config_text(with_guests))
        return path

    # --- start ------------------------------------------------------------------------
    def start_libvirtd(self):
        # Held while this run uses libvirtd: another run that started it leaves it running.
        self.libvirtd_lock = open(LIBVIRTD_USERS_LOCK, "w")
        fcntl.flock(self.libvirtd_lock, fcntl.LOCK_SH)
        subprocess.run([os.path.join(REPO, "scripts", "lib", "libvirtd"), "start",
                        self.libvirtd_state], check=True)

    def start_nfvd(self, config_path):
        argv = [self.bin("control", "nfvd", "nfvd"), "--config", config_path,
                "--state-dir", self.state_dir, "--socket", self.nfvd_sock,
                "--switch-socket", self.switch_sock,
                "--switch-binary", self.bin("dataplane", "nfv-switch"),
                "--switch-log", os.path.join(self.workdir, "switch.log"), "--stop-switch-on-exit",
                "--vf-allocations", os.path.join(self.workdir, "vf-allocations.json"),
                "--guest-accel", self.accel, "--guest-image", self.image_dir,
                "--guest-shutdown-timeout", "20"]
        with open(self.nfvd_log, "a") as out:
            self.nfvd = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        wait_until("nfvd did not open its socket", lambda: self.nfvd.poll() is not None
                   or os.path.exists(self.nfvd_sock), 120)
        if self.nfvd.poll() is not None:
            raise RuntimeError(f"nfvd exited with {self.nfvd.returncode}:\n{self.tail(self.nfvd_log)}")

    def status(self):
        return rpc_call(self.nfvd_sock, "nfvd.status")

    def check_applied(self):
        status = self.status()
        process = status.get("switch_process") or {}
        if process.get("state") != "running" or status.get("last_apply_result") != "ok":
            raise RuntimeError(f"nfvd did not bring everything up: switch {process.get('state')}, "
                               f"last apply: {status.get('last_apply_result')}\n"
                               f"{self.tail(self.nfvd_log)}")
        return status

    def wait_guest_up(self, name, since, timeout=180):
        """Waits for the guest's `nfv-guest: up` line; its boot time from `since`."""
        try:
            wait_in_log(self.console_log(name), r"nfv-guest: up ", timeout)
        except Exception as error:  # noqa: BLE001 - the reason, with the console's tail
            raise RuntimeError(f"guest {name} did not boot: {error}\nconsole "
                               f"{self.console_log(name)}:\n{self.tail(self.console_log(name))}")
        self.boot_seconds[name] = time.monotonic() - since
        return self.boot_seconds[name]

    def console(self, name):
        if name not in self.consoles:
            self.consoles[name] = GuestConsole(self.console_socket(name))
            self.consoles[name].run("true", timeout=30)  # the shell answers
        return self.consoles[name]

    # --- the switch -------------------------------------------------------------------
    def switch_ports(self):
        return {p["name"]: p for p in rpc_call(self.switch_sock, "stats.get")["ports"]}

    def port_links(self):
        return {p["name"]: p.get("link") == "up" for p in rpc_call(self.switch_sock, "port.list")["ports"]}

    # --- guests -----------------------------------------------------------------------
    def counters(self, name, iface="eth0"):
        out = self.console(name).run(f"nfv-counters {iface}", timeout=30)
        match = re.search(r"nfv-guest: counters \S+ (.*)", out)
        if not match:
            raise RuntimeError(f"guest {name}: no counters in: {out!r}")
        return {k: int(v) for k, v in (kv.split("=") for kv in match.group(1).split())}

    def ping(self, name, address, count, interval=0.2, timeout=None):
        out = self.console(name).run(f"nfv-ping {address} {count} {interval}",
                                     timeout=timeout or 30 + count * (interval + 1))
        match = re.search(r"nfv-guest: ping \S+ sent=(\d+) received=(\d+)", out)
        if not match:
            raise RuntimeError(f"guest {name}: no ping summary in: {out!r}")
        return int(match.group(1)), int(match.group(2))

    def virsh(self, *args, check=True):
        return subprocess.run(["virsh", "-q", "-c", "qemu:///system", *args], check=check,
                              capture_output=True, text=True)

    def domain_state(self, name):
        result = self.virsh("domstate", name, check=False)
        return result.stdout.strip() if result.returncode == 0 else "absent"

    # --- tear-down --------------------------------------------------------------------
    def remove_guests_through_nfvd(self):
        """An apply of the config without guests: nfvd shuts them down (ACPI) and removes
        them, and removes their switch ports."""
        if self.nfvd is None or self.nfvd.poll() is not None:
            return False
        path = self.write_config("teardown.yaml", with_guests=False)
        result = subprocess.run([self.bin("control", "nfvctl", "nfvctl"), "--nfvd-socket",
                                 self.nfvd_sock, "apply", path], capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0:
            self.log(f"removing the guests through nfvd failed: {result.stdout}{result.stderr}")
            return False
        return True

    def owned_leftover_domains(self):
        """Domains of this run still defined (only ones carrying the appliance's metadata)."""
        left = []
        for name in self.names:
            meta = self.virsh("metadata", name, METADATA_NS, check=False)
            if meta.returncode == 0 and meta.stdout.strip():
                left.append(name)
        return left

    def stop(self):
        for console in self.consoles.values():
            console.close()
        self.consoles = {}
        self.remove_guests_through_nfvd()
        if self.nfvd is not None and self.nfvd.poll() is None:
            self.nfvd.send_signal(signal.SIGTERM)  # --stop-switch-on-exit: the switch too
            try:
                self.nfvd.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.log("nfvd did not stop within 60 s of SIGTERM: killed")
                self.nfvd.kill()
                self.nfvd.wait()
        removed = []
        for name in self.owned_leftover_domains():  # nfvd could not: do it here, and say so
            self.virsh("destroy", name, check=False)
            self.virsh("undefine", name, check=False)
            removed.append(name)
        if self.libvirtd_lock is not None:
            self.libvirtd_lock.close()  # this run is done with libvirtd
            self.libvirtd_lock = None
        subprocess.run([os.path.join(REPO, "scripts", "lib", "libvirtd"), "stop-if-started",
                        self.libvirtd_state], check=False)
        return removed

    def leftovers(self):
        found = [f"domain {n}" for n in self.names if self.domain_state(n) != "absent"]
        runtime = os.path.join("/var/run/dpdk", self.prefix)
        if os.path.exists(runtime):
            found.append(runtime)
        try:
            found += [os.path.join("/dev/hugepages", f) for f in os.listdir("/dev/hugepages")
                      if f.startswith(self.prefix)]
        except OSError:
            pass
        for pattern in (self.prefix,):
            ps = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
            found += [f"process {pid}" for pid in ps.stdout.split() if int(pid) != os.getpid()]
        return found

    @staticmethod
    def tail(path, lines=30):
        try:
            with open(path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return f"({path}: not there)"

    def remove_workdir(self):
        shutil.rmtree(self.workdir, ignore_errors=True)
