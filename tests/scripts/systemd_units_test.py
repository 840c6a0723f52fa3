#!/usr/bin/python3
"""The systemd units of nfv-switch and nfvd (systemd/), checked offline and shown to be
enough. PID 1 here is not systemd, so:

- `systemd-analyze verify` of both units (with the built binaries in ExecStart) reports
  nothing;
- both daemons run as root under setpriv with exactly the capability bounding set the units
  give them (read from the unit files), and do their job: nfv-switch on --no-huge serving
  vhost-user ports, its vhost directory given another group with the set-group-ID bit; nfvd
  adopting that switch, applying a config with two ports and a bridge, traffic forwarded; nfvd
  starting a switch itself, which gets no more than nfvd's capabilities and connects to
  sockets of another user as QEMU's are; a switch without CAP_CHOWN fails and says why;
- readiness: READY=1 and STOPPING=1 of each daemon arrive on a NOTIFY_SOCKET of the test,
  sent by the daemon's own pid (what NotifyAccess=main accepts), READY=1 only once it serves.

usage: systemd_units_test.py BUILD_DIR
"""
import grp
import json
import os
import pwd
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "scripts", "lib"))
sys.path.insert(0, HERE)
from demo import Guests, bridge_config, remove_leftovers  # noqa: E402
from systemd_units import (NotifySocket, can_raise_limits, capability_numbers,  # noqa: E402
                           capability_set, limits_argv, locked_memory_limit, process_capabilities,
                           process_environment, setpriv_argv, unit_settings)
from vm_appliance import rpc_call, wait_until  # noqa: E402

BUILD = None
NAMES = ["vm1", "vm2"]
MACS = ["02:00:00:00:00:01", "02:00:00:00:00:02"]


def unit(name):
    return os.path.join(BUILD, "systemd", name)


def binaries():
    return {"nfv-switch": os.path.join(BUILD, "dataplane", "nfv-switch"),
            "nfvd": os.path.join(BUILD, "control", "nfvd", "nfvd")}


def numbers(caps):
    table = capability_numbers()
    return {table[c] for c in caps}


def stop(process, timeout=30):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


class Units(unittest.TestCase):
    def test_systemd_analyze_verify_reports_nothing(self):
        with tempfile.TemporaryDirectory(prefix="nfv-units-") as work:
            copies = []
            for name in ["nfv-switch.service", "nfvd.service"]:
                with open(unit(name)) as f:
                    text = f.read()
                # The installed paths (PREFIX/bin, PREFIX/sbin) become the built binaries:
                # verify checks that every ExecStart program exists and is executable.
                for program, built in binaries().items():
                    text = re.sub(rf"(?<=[=\s])/\S*/{re.escape(program)}(?=\s|$)", built, text)
                copies.append(os.path.join(work, name))
                with open(copies[-1], "w") as f:
                    f.write(text)
            run = subprocess.run(["systemd-analyze", "verify", "--man=no", *copies],
                                 capture_output=True, text=True, cwd=work, timeout=60)
            self.assertEqual(run.returncode, 0, run.stderr)
            # Unknown keys and bad values are warnings with exit code 0: any output fails.
            self.assertEqual(run.stdout + run.stderr, "")

    def test_capabilities_are_real_and_the_switch_needs_no_more_than_nfvd(self):
        known = capability_numbers()
        switch = capability_set(unit("nfv-switch.service"))
        nfvd = capability_set(unit("nfvd.service"))
        for caps in (switch, nfvd):
            self.assertTrue(caps)
            self.assertEqual([c for c in caps if c not in known], [])  # systemd ignores typos
        # nfvd starts nfv-switch as its child: the child can have no more than nfvd.
        self.assertEqual(sorted(set(switch) - set(nfvd)), [])
        self.assertNotIn("sys_admin", nfvd)
        for name in ["nfv-switch.service", "nfvd.service"]:
            self.assertEqual(capability_set(unit(name), "AmbientCapabilities"), [])

    def test_nfvd_cannot_take_the_switch_down(self):
        nfvd = unit_settings(unit("nfvd.service"))
        self.assertEqual(nfvd[("Service", "KillMode")], ["process"])
        for dependency in ["BindsTo", "Requires", "PartOf", "Wants"]:
            self.assertNotIn(("Unit", dependency), nfvd)
        self.assertIn("nfv-switch.service", nfvd[("Unit", "After")][0].split())
        for name in ["nfv-switch.service", "nfvd.service"]:
            settings = unit_settings(unit(name))
            self.assertEqual(settings[("Service", "Type")], ["notify"], name)
            self.assertEqual(settings[("Unit", "RequiresMountsFor")], ["/dev/hugepages"], name)


class LeastPrivilege(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not can_raise_limits():
            print("no CAP_SYS_RESOURCE here: the daemons run with this process's locked-memory "
                  "limit, not the units' LimitMEMLOCK=infinity", file=sys.stderr)
        cls.workdir = tempfile.mkdtemp(prefix="nfv-units-")
        os.chmod(cls.workdir, 0o755)
        cls.prefixes = [f"sdu-switch-{os.getpid()}", f"sdu-peers-{os.getpid()}"]
        cls.switch_sock = os.path.join(cls.workdir, "switch.sock")
        cls.nfvd_sock = os.path.join(cls.workdir, "nfvd.sock")
        cls.pmd_cpu = (os.cpu_count() or 1) - 1
        cls.switch_caps = capability_set(unit("nfv-switch.service"))
        cls.nfvd_caps = capability_set(unit("nfvd.service"))
        cls.peers_stuck = False
        cls.config = os.path.join(cls.workdir, "config.yaml")
        with open(cls.config, "w") as f:
            f.write(bridge_config(NAMES, cls.pmd_cpu, cls.prefixes[0], cls.workdir))
        # The guests' stand-in owns its sockets (server), as QEMU does: the switch connects.
        cls.peers = Guests(os.path.join(BUILD, "traffic", "nfv-traffic"),
                           [(os.path.join(cls.workdir, f"{n}.sock"), m)
                            for n, m in zip(NAMES, MACS)],
                           cls.workdir, 0, cls.prefixes[1])
        try:  # the next socket appears once a switch connects to the first
            wait_until("the peers' first socket", lambda: os.path.exists(
                os.path.join(cls.workdir, f"{NAMES[0]}.sock")), 15)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.peers_stuck:  # waiting for a switch: it would not read "quit" either
            cls.peers.proc.terminate()
            cls.peers.proc.wait(timeout=15)
        cls.peers.stop()
        remove_leftovers(cls.prefixes, cls.workdir)

    def setUp(self):
        self.processes = []
        self.notify = {}
        shutil.rmtree(os.path.join(self.workdir, "state"), ignore_errors=True)

    def tearDown(self):
        for process in reversed(self.processes):
            stop(process)
        for sock in self.notify.values():
            sock.close()

    # ---- helpers --------------------------------------------------------------------------

    def start(self, name, caps, argv, unit_name):
        """argv under setpriv with `caps` and the limits of `unit_name`, NOTIFY_SOCKET pointing
        at a socket of this test."""
        self.notify[name] = NotifySocket(os.path.join(self.workdir, f"{name}.notify"))
        log = open(os.path.join(self.workdir, f"{name}.log"), "w")
        process = subprocess.Popen(limits_argv(unit(unit_name)) + setpriv_argv(caps) + argv,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NOTIFY_SOCKET": self.notify[name].path})
        log.close()
        self.processes.append(process)
        return process

    def log_of(self, name):
        with open(os.path.join(self.workdir, f"{name}.log")) as f:
            return f.read()

    def switch_argv(self, group):
        return [binaries()["nfv-switch"], "--no-huge", "--memory", "256",
                "--file-prefix", self.prefixes[0], "--pmd-cores", str(self.pmd_cpu),
                "--control-socket", self.switch_sock,
                "--vhost-dir", os.path.join(self.workdir, "vhost"), "--vhost-dir-group", group,
                "--vhost-dir-mode", "2770", "--allow-vhost-dir", self.workdir]

    def nfvd_argv(self):
        return [binaries()["nfvd"], "--config", self.config,
                "--state-dir", os.path.join(self.workdir, "state"), "--socket", self.nfvd_sock,
                "--switch-socket", self.switch_sock, "--switch-binary", binaries()["nfv-switch"],
                "--switch-log", os.path.join(self.workdir, "started-switch.log"),
                "--stop-switch-on-exit", "--vf-allocations", os.path.join(self.workdir, "vf.json"),
                "--guests", "none", "--metrics-port", "0"]

    def ready(self, name, process, timeout):
        pid, text = self.notify[name].wait_for("READY=1", timeout, process)
        self.assertEqual(pid, process.pid, f"{name}: READY=1 from pid {pid}: {text}")
        return text

    def assert_capabilities(self, pid, caps):
        self.assertEqual(process_capabilities(pid, "CapBnd"), numbers(caps))
        self.assertEqual(process_capabilities(pid, "CapEff"), numbers(caps))
        if can_raise_limits():
            self.assertEqual(locked_memory_limit(pid), "unlimited")  # LimitMEMLOCK=infinity

    def assert_config_applied(self):
        ports = {p["name"] for p in rpc_call(self.switch_sock, "port.list")["ports"]}
        self.assertTrue(set(NAMES) <= ports, ports)
        bridges = [b["name"] for b in rpc_call(self.switch_sock, "bridge.list")["bridges"]]
        self.assertIn("br0", bridges)

    def peer_call(self, cmd, timeout=30, **params):
        """A command to nfv-traffic with a deadline: until a switch connects to its first
        socket it answers nothing (a switch that cannot connect must fail the test, not hang
        it)."""
        proc = self.peers.proc
        proc.stdin.write(json.dumps({"cmd": cmd, **params}) + "\n")
        proc.stdin.flush()
        if not select.select([proc.stdout], [], [], timeout)[0]:
            type(self).peers_stuck = True
            raise AssertionError(f"nfv-traffic did not answer {cmd} within {timeout} s: no switch "
                                 f"connected to its sockets (see {self.workdir}/*.log)")
        reply = json.loads(proc.stdout.readline())
        self.peers.answered = True
        if not reply.get("ok"):
            raise RuntimeError(f"nfv-traffic: {cmd}: {reply.get('error')}")
        return reply

    def assert_forwards(self, count=200):
        """Frames from vm1's peer reach vm2's peer through the switch (after a probe frame
        that waits for the vhost-user links). Fewer frames than a receive ring holds: every
        one must arrive even when other tests starve the peer's thread of CPU."""
        def received():
            return self.peer_call("stats", port=1)["ports"][0]["rx_packets"]

        def probe_through():
            before = received()
            self.peer_call("send", port=0, count=1, frame={"dst": MACS[1], "size": 64})
            try:
                self.peer_call("wait_rx", port=1, count=before + 1, timeout_ms=500)
                return True
            except RuntimeError:
                return False
        wait_until("a frame from vm1 through the switch to vm2", probe_through, 30, interval=0)
        before = received()
        sent = self.peer_call("send", port=0, count=count, frame={"dst": MACS[1], "size": 64})
        self.assertEqual(sent["sent"], count)
        self.peer_call("wait_rx", port=1, count=before + count, timeout_ms=10000)

    def stops_with_notification(self, name, process):
        process.send_signal(signal.SIGTERM)
        pid, _ = self.notify[name].wait_for("STOPPING=1", 30, None)
        self.assertEqual(pid, process.pid)
        self.assertEqual(process.wait(timeout=30), 0, self.log_of(name))

    # ---- tests ----------------------------------------------------------------------------

    def test_switch_unit_caps_then_nfvd_adopts_and_applies(self):
        qemu_group = grp.getgrnam("nogroup").gr_gid  # any group root is not in
        switch = self.start("switch", self.switch_caps, self.switch_argv(str(qemu_group)),
                            "nfv-switch.service")
        self.ready("switch", switch, 60)
        # Ready means served: the socket answers at once.
        self.assertEqual(rpc_call(self.switch_sock, "switch.info")["pid"], switch.pid)
        self.assert_capabilities(switch.pid, self.switch_caps)
        # CAP_CHOWN and CAP_FSETID: the group, and the set-group-ID bit the kernel would drop.
        vhost = os.stat(os.path.join(self.workdir, "vhost"))
        self.assertEqual(vhost.st_gid, qemu_group)
        self.assertEqual(stat.S_IMODE(vhost.st_mode), 0o2770)

        nfvd = self.start("nfvd", self.nfvd_caps, self.nfvd_argv(), "nfvd.service")
        self.ready("nfvd", nfvd, 120)
        self.assert_config_applied()  # READY=1 comes after the apply at start
        status = rpc_call(self.nfvd_sock, "nfvd.status")["switch_process"]
        self.assertEqual((status["origin"], status["pid"]), ("adopted", switch.pid))
        self.assert_capabilities(nfvd.pid, self.nfvd_caps)
        self.assert_forwards()

        self.stops_with_notification("nfvd", nfvd)
        self.assertIsNone(switch.poll())  # nfvd's stop leaves the switch forwarding
        self.assert_forwards()
        self.stops_with_notification("switch", switch)
        self.assertEqual({pid for pid, _ in self.notify["switch"].drain()}, {switch.pid})
        self.assertEqual({pid for pid, _ in self.notify["nfvd"].drain()}, {nfvd.pid})

    def test_nfvd_starts_a_switch_within_its_own_capabilities(self):
        # The peers' sockets as QEMU's are under libvirt: another owner, mode 0775. Connecting
        # needs write permission: the switch nfvd starts gets it from CAP_DAC_OVERRIDE.
        nobody = pwd.getpwnam("nobody")
        owned = [os.path.join(self.workdir, f"{n}.sock") for n in NAMES]
        owned = [path for path in owned if os.path.exists(path)]
        self.assertTrue(owned)
        for path in owned:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
            os.chmod(path, 0o775)
        self.addCleanup(lambda: [os.chown(path, 0, 0) for path in owned])
        nfvd = self.start("nfvd", self.nfvd_caps, self.nfvd_argv(), "nfvd.service")
        self.ready("nfvd", nfvd, 120)
        self.assert_config_applied()
        status = rpc_call(self.nfvd_sock, "nfvd.status")["switch_process"]
        self.assertEqual(status["origin"], "started")
        child = status["pid"]
        self.assert_capabilities(child, self.nfvd_caps)
        # The switch does not speak for nfvd's service: it never sees the variable.
        self.assertNotIn("NOTIFY_SOCKET", process_environment(child))
        self.assert_forwards()
        self.stops_with_notification("nfvd", nfvd)
        self.assertEqual({pid for pid, _ in self.notify["nfvd"].drain()}, {nfvd.pid})

    def assert_switch_refused_without(self, cap, *said):
        """nfv-switch with the unit's capabilities but `cap` exits non-zero, its log says each
        of `said`, and it never said it was ready."""
        caps = [c for c in self.switch_caps if c != cap]
        switch = self.start("switch", caps, self.switch_argv("nogroup"), "nfv-switch.service")
        self.assertNotEqual(switch.wait(timeout=60), 0)
        log = self.log_of("switch")
        for text in said:
            self.assertIn(text, log)
        self.assertEqual(self.notify["switch"].drain(), [])

    def test_a_switch_without_cap_chown_fails_and_says_why(self):
        self.assert_switch_refused_without("chown", "chown", "Operation not permitted")

    def test_a_switch_without_cap_fsetid_fails_and_says_why(self):
        # Without it the kernel would drop the set-group-ID bit of mode 2770 silently.
        self.assert_switch_refused_without("fsetid", "left mode 770", "CAP_FSETID")


if __name__ == "__main__":
    BUILD = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
