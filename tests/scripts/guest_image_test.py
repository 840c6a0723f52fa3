#!/usr/bin/python3
"""The tiny guest image end to end, with plain QEMU under TCG (no libvirt, no switch):
scripts/guest-image builds it (or finds it up to date), two guests joined by a QEMU socket
netdev boot and report on their serial consoles, A pings B, both guests' counters agree
exactly (the image sends nothing unasked), and both power off on an ACPI power-button event.

usage: guest_image_test.py   (as root; builds the image into its default cache if needed)"""
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts", "lib"))
from guest_console import GuestConsole, wait_in_log  # noqa: E402

IMAGE = "/var/cache/nfv-appliance/guest-image"
PING_COUNT = 5


def build_image():
    started = time.monotonic()
    build = subprocess.run([os.path.join(REPO, "scripts", "guest-image")], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=900)
    print(build.stdout, end="")
    print("guest image: {:.1f} s".format(time.monotonic() - started))
    if build.returncode != 0:
        raise AssertionError("scripts/guest-image failed:\n" + build.stdout)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port):
    """True when a TCP socket listens on 127.0.0.1:port (read from /proc: connecting to find
    out would take QEMU's one peer slot)."""
    wanted = "0100007F:{:04X}".format(port)
    with open("/proc/net/tcp") as table:
        return any(line.split()[1] == wanted and line.split()[3] == "0A"
                   for line in list(table)[1:])


def poll(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError("{}: did not happen within {} s".format(what, timeout))
        time.sleep(0.05)


def die_with_parent():
    # QEMU gets SIGKILL if this test dies without reaching its finally block.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Guest:
    def __init__(self, workdir, name, ip, mac, netdev):
        self.name, self.ip = name, ip
        self.console_socket = os.path.join(workdir, name + ".console")
        self.console_log = os.path.join(workdir, name + ".log")
        self.qmp_socket = os.path.join(workdir, name + ".qmp")
        argv = ["qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-smp", "1",
                "-nodefaults", "-no-user-config", "-display", "none",
                "-kernel", os.path.join(IMAGE, "vmlinuz"),
                "-initrd", os.path.join(IMAGE, "initrd.img"),
                "-append", "console=ttyS0 nfv.ip={} nfv.name={}".format(ip, name),
                "-chardev", "socket,id=console,path={},server=on,wait=off,logfile={}".format(
                    self.console_socket, self.console_log),
                "-serial", "chardev:console",
                "-netdev", "socket,id=n0," + netdev,
                "-device", "virtio-net-pci,netdev=n0,mac=" + mac,
                "-qmp", "unix:{},server=on,wait=off".format(self.qmp_socket)]
        self.started = time.monotonic()
        with open(os.path.join(workdir, name + ".qemu"), "w") as qemu_log:
            self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=qemu_log,
                                            stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        self.boot_seconds = None

    def wait_up(self, timeout):
        match = wait_in_log(self.console_log, r"^nfv-guest: up name=(\S+) ip=(\S+) mac=(\S+)$",
                            timeout)
        self.boot_seconds = time.monotonic() - self.started
        return match

    def qmp(self, command):
        """One QMP command (after the capabilities handshake); returns its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(self.qmp_socket)
            reader = sock.makefile("r")
            json.loads(reader.readline())  # the greeting
            for execute in ("qmp_capabilities", command):
                sock.sendall(json.dumps({"execute": execute}).encode() + b"\n")
                while True:  # skip events until the command's answer
                    answer = json.loads(reader.readline())
                    if "return" in answer or "error" in answer:
                        break
            return answer

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def counters(console, iface="eth0"):
    line = console.run("nfv-counters " + iface, timeout=30)
    match = re.search(r"^nfv-guest: counters (\S+) ((?:\w+=\d+ ?)+)$", line, re.MULTILINE)
    if not match:
        raise AssertionError("nfv-counters printed no counters line: " + line)
    return {key: int(value) for key, value in
            (pair.split("=") for pair in match.group(2).split())}


class GuestImage(unittest.TestCase):
    def test_two_guests_ping_count_exactly_and_power_off(self):
        started = time.monotonic()
        build_image()
        workdir = tempfile.mkdtemp(prefix="nfv-guest-image-test-")
        guests = []
        consoles = []
        try:
            port = free_port()
            a = Guest(workdir, "a", "10.0.0.1/24", "52:54:00:00:00:0a",
                      "listen=127.0.0.1:{}".format(port))
            guests.append(a)
            # B connects once A listens (QEMU opens the socket before the guest boots).
            poll(lambda: listening(port) or a.process.poll() is not None, 30, "A listens")
            self.assertIsNone(a.process.poll(), "QEMU of guest A exited: see " + workdir)
            b = Guest(workdir, "b", "10.0.0.2/24", "52:54:00:00:00:0b",
                      "connect=127.0.0.1:{}".format(port))
            guests.append(b)

            for guest, mac in ((a, "52:54:00:00:00:0a"), (b, "52:54:00:00:00:0b")):
                up = guest.wait_up(timeout=240)
                self.assertEqual(up.groups(), (guest.name, guest.ip, mac))
                print("guest {}: up after {:.1f} s (TCG)".format(guest.name, guest.boot_seconds))
            console_a = GuestConsole(a.console_socket)
            console_b = GuestConsole(b.console_socket)
            consoles += [console_a, console_b]

            before_a, before_b = counters(console_a), counters(console_b)
            self.assertEqual(before_a["tx_packets"], 0, "A sent frames unasked: {}".format(before_a))
            self.assertEqual(before_b["tx_packets"], 0, "B sent frames unasked: {}".format(before_b))

            ping = console_a.run("nfv-ping 10.0.0.2 {} 0.2".format(PING_COUNT), timeout=60)
            print(ping)
            self.assertIn("nfv-guest: ping 10.0.0.2 sent={0} received={0}".format(PING_COUNT),
                          ping)
            rtt = re.search(r"min/avg/max = ([\d.]+)/([\d.]+)/([\d.]+) ms", ping)
            if rtt:
                print("ping RTT min/avg/max: {}/{}/{} ms".format(*rtt.groups()))

            after_a, after_b = counters(console_a), counters(console_b)
            print("A: {}\nB: {}".format(after_a, after_b))
            # Every frame one sends, the other receives, and nothing else: the echo requests
            # and one ARP request from A, the echo replies and one ARP reply from B.
            self.assertEqual(after_b["rx_packets"], after_a["tx_packets"])
            self.assertEqual(after_a["rx_packets"], after_b["tx_packets"])
            self.assertEqual(after_b["rx_bytes"], after_a["tx_bytes"])
            self.assertEqual(after_a["rx_bytes"], after_b["tx_bytes"])
            self.assertEqual(after_a["tx_packets"], PING_COUNT + 1, after_a)
            self.assertEqual(after_b["tx_packets"], PING_COUNT + 1, after_b)
            self.assertEqual(after_a["rx_dropped"] + after_b["rx_dropped"], 0)

            for guest in (a, b):
                asked = time.monotonic()
                self.assertIn("return", guest.qmp("system_powerdown"))
                try:
                    guest.process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.fail("guest {} ignored the ACPI power button for 60 s".format(guest.name))
                print("guest {}: powered off {:.1f} s after system_powerdown".format(
                    guest.name, time.monotonic() - asked))
                self.assertEqual(guest.process.returncode, 0)
                wait_in_log(guest.console_log, r"^nfv-guest: power button, shutting down$", 5)
        finally:
            for console in consoles:
                console.close()
            for guest in guests:
                guest.stop()
            shutil.rmtree(workdir, ignore_errors=True)
            print("test duration: {:.1f} s".format(time.monotonic() - started))


if __name__ == "__main__":
    unittest.main(verbosity=2)
