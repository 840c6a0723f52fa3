#!/usr/bin/python3
"""scripts/demo's default, real VMs (scripts/lib/demo.py -> demo_vms.py), end to end: nfvd
defines and starts two guests in libvirt, says which accelerator and why, they ping each other
while the switch's per-second figures scroll, the summary agrees with itself, and nothing is
left behind (domains, processes, sockets, hugepage files), also after Ctrl-C.

usage: demo_vms_test.py BUILD_DIR
"""
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
    argv = [sys.executable, DEMO, "--build", BUILD, "--no-huge", *args]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def assert_nothing_left(test, pid, output):
    prefix = f"nfv-demo-{pid}"
    domains = subprocess.run(["virsh", "-q", "-c", "qemu:///system", "list", "--all", "--name"],
                             capture_output=True, text=True).stdout.split()
    test.assertEqual([d for d in domains if d.startswith(prefix)], [], output)
    ps = subprocess.run(["pgrep", "-f", prefix], capture_output=True, text=True)
    test.assertEqual(ps.stdout, "", "a process of the demo still runs")
    test.assertFalse(os.path.exists(os.path.join("/var/run/dpdk", prefix)))
    workdir = re.search(r"logs in (/\S+)", output)
    test.assertIsNotNone(workdir, output)
    test.assertFalse(os.path.exists(workdir.group(1)))
    test.assertIn("demo: stopped: no domain, process, socket or hugepage file left", output)


class VmDemo(unittest.TestCase):
    def test_two_vms_ping_each_other_through_the_switch(self):
        started = time.monotonic()
        demo = start_demo("--duration", "4")
        output, _ = demo.communicate(timeout=600)
        print(output)
        print(f"demo with VMs: {time.monotonic() - started:.1f} s")
        self.assertEqual(demo.returncode, 0, output)
        self.assertRegex(output, r"guests under (kvm|tcg): .+")
        self.assertEqual(len(re.findall(r"demo: guest \S+ is up [\d.]+ s after nfvd started",
                                        output)), 2, output)
        per_second = re.findall(r"^\s+\d+\.\ds  vm-a: rx (.+?) tx ", output, re.MULTILINE)
        self.assertEqual(len(per_second), 4, output)
        pings = re.findall(r"pinged \S+: (\d+) sent, (\d+) replies, (-?\d+) lost", output)
        self.assertEqual(len(pings), 2, output)
        for sent, received, lost in pings:
            self.assertEqual(int(sent), 20)
            self.assertEqual(int(sent) - int(received), int(lost))
            self.assertGreaterEqual(int(received), 18, output)
        assert_nothing_left(self, demo.pid, output)

    def test_ctrl_c_removes_the_vms(self):
        demo = start_demo("--duration", "120")
        lines = []
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            lines.append(line)
            if re.match(r"^\s+\d+\.\ds  vm-a: rx", line):  # the guests are pinging: interrupt
                demo.send_signal(signal.SIGINT)
                break
        rest, _ = demo.communicate(timeout=300)
        output = "".join(lines) + rest
        self.assertEqual(demo.returncode, 128 + signal.SIGINT, output)
        assert_nothing_left(self, demo.pid, output)


if __name__ == "__main__":
    BUILD = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
