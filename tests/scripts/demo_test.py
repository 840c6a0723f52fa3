#!/usr/bin/python3
"""scripts/demo's runner (scripts/lib/demo.py) with virtio-user guests (--guests virtio-user;
the VMs are demo_vms_test.py's) end to end: nfvd starts and programs the switch,
traffic flows, one line per second, a summary that agrees with itself, and nothing left behind,
also when interrupted.

usage: demo_test.py BUILD_DIR   (nfvd, nfv-switch, nfv-traffic and nfvctl built there)"""
import os
import re
import signal
import subprocess
import sys
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(REPO, "scripts", "lib", "demo.py")
BUILD = None


def start_demo(*args):
    argv = [sys.executable, DEMO, "--build", BUILD, "--no-huge", "--guests", "virtio-user", *args]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def prefixes_of(pid):
    return ["demo-switch-{}".format(pid), "demo-guests-{}".format(pid)]


def assert_nothing_left(test, pid, output):
    for prefix in prefixes_of(pid):
        test.assertFalse(os.path.exists(os.path.join("/var/run/dpdk", prefix)), prefix)
        if os.path.isdir("/dev/hugepages"):
            test.assertEqual([f for f in os.listdir("/dev/hugepages") if f.startswith(prefix)], [])
        ps = subprocess.run(["pgrep", "-f", "--", "--file-prefix " + prefix],
                            stdout=subprocess.PIPE, text=True)
        test.assertEqual(ps.stdout, "", "a process of the demo still runs: " + prefix)
    workdir = re.search(r"logs in (/\S+)", output)
    test.assertIsNotNone(workdir, output)
    test.assertFalse(os.path.exists(workdir.group(1)))
    ps = subprocess.run(["pgrep", "-f", "--", os.path.join(workdir.group(1), "nfvd.sock")],
                        stdout=subprocess.PIPE, text=True)
    test.assertEqual(ps.stdout, "", "nfvd of the demo still runs")
    test.assertIn("demo: stopped: no process, socket or hugepage file left", output)


class Demo(unittest.TestCase):
    def test_traffic_flows_and_the_summary_adds_up(self):
        demo = start_demo("--duration", "3", "--rate", "50000")
        output, _ = demo.communicate(timeout=120)
        self.assertEqual(demo.returncode, 0, output)
        # Through nfvd: it started the switch from the embedded config and applied it.
        self.assertRegex(output, r"demo: nfvd applied /\S+/demo\.yaml: nfv-switch pid \d+ "
                                 r"\(started\)")
        per_second = re.findall(r"^\s+\d+\.\ds  vm1: rx (.+?) tx (.+?) lost (\d+) \((\d+(?:\.\d+)?)%\)  "
                                r"vm2: rx ", output, re.MULTILINE)
        self.assertEqual(len(per_second), 3, output)
        for _, _, lost, percent in per_second:  # loss % of what the port received and was offered
            if int(lost) == 0:
                self.assertEqual(float(percent), 0, output)
            self.assertLessEqual(float(percent), 100, output)
        flows = re.findall(r"^  (vm\d) -> (vm\d): sent (\d+), received (\d+), lost (-?\d+)", output,
                           re.MULTILINE)
        self.assertEqual([(a, b) for a, b, *_ in flows], [("vm1", "vm2"), ("vm2", "vm1")], output)
        for _, _, sent, received, lost in flows:
            sent, received, lost = int(sent), int(received), int(lost)
            self.assertGreater(sent, 50000, output)  # about 3 s at 50 kpps
            self.assertEqual(sent - received, lost)
            self.assertGreaterEqual(received, 0.9 * sent, output)
        total = re.search(r"^  total: (\d+) frames sent, (\d+) received, (\d+) lost", output,
                          re.MULTILINE)
        self.assertIsNotNone(total, output)
        self.assertEqual(int(total.group(1)), sum(int(f[2]) for f in flows))
        self.assertEqual(int(total.group(2)), sum(int(f[3]) for f in flows))
        # The switch's own view: each port received what its guest sent (it forwarded or counted it).
        for port, sent in (("vm1", flows[0][2]), ("vm2", flows[1][2])):
            rx = re.search(r"switch port {}: rx (\d+), forwarded (\d+)".format(port), output)
            self.assertIsNotNone(rx, output)
            self.assertGreaterEqual(int(rx.group(1)), int(rx.group(2)))
            self.assertLessEqual(int(rx.group(1)), int(sent) + 100)  # + the guests' link probes
        assert_nothing_left(self, demo.pid, output)

    def test_ctrl_c_stops_everything_it_started(self):
        demo = start_demo("--duration", "60", "--rate", "50000")
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            lines.append(line)
            if re.match(r"^\s+\d+\.\ds  vm1: rx", line):  # traffic is flowing: interrupt it
                demo.send_signal(signal.SIGINT)
                break
        rest, _ = demo.communicate(timeout=60)
        output = "".join(lines) + rest
        self.assertEqual(demo.returncode, 128 + signal.SIGINT, output)
        self.assertIn("demo: interrupted: stopping", output)
        assert_nothing_left(self, demo.pid, output)


if __name__ == "__main__":
    BUILD = os.path.abspath(sys.argv.pop(1))
    unittest.main()
