#!/usr/bin/python3
"""scripts/lib/guest_console.py against a stand-in console (no QEMU): a unix socket whose
peer behaves like a terminal with a shell behind it (echoes each typed line with CRLF, runs it
with /bin/sh, prints a prompt). The echo of the typed line never counts as output, exit
statuses come back, deadlines hold, and log files are polled until a line appears.

usage: guest_console_test.py"""
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts", "lib"))
from guest_console import ConsoleError, GuestConsole, wait_in_log  # noqa: E402


class FakeConsole(threading.Thread):
    """Serves one connection on `path` as a terminal with a shell behind it would."""

    def __init__(self, path, banner=""):
        super().__init__(daemon=True)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)
        self.banner = banner
        self.start()

    def run(self):
        connection, _ = self.listener.accept()
        self.listener.close()
        with connection:
            try:
                self.serve(connection)
            except OSError:  # the test closed its end
                pass

    def serve(self, connection):
        connection.sendall((self.banner + "nfv-guest# ").encode())
        pending = b""
        while True:
            data = connection.recv(4096)
            if not data:
                return
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                connection.sendall(line + b"\r\n")  # the terminal's echo
                result = subprocess.run(["/bin/sh", "-c", line.decode()],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                connection.sendall(result.stdout.replace(b"\n", b"\r\n") + b"nfv-guest# ")


class GuestConsoleTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="nfv-console-test-")
        self.path = os.path.join(self.dir.name, "console")

    def tearDown(self):
        self.dir.cleanup()

    def test_run_returns_the_output_without_the_echo(self):
        FakeConsole(self.path, banner="nfv-guest: up name=a ip=10.0.0.1/24 mac=02:00:00:00:00:0a\r\n")
        with GuestConsole(self.path) as console:
            self.assertEqual(console.wait_for(r"nfv-guest: up name=(\S+)", 5).group(1), "a")
            self.assertEqual(console.run("echo one; echo two"), "one\ntwo")
            self.assertEqual(console.run("true"), "")
            self.assertEqual(console.run_status("sh -c 'echo oops >&2; exit 3'"), ("oops", 3))

    def test_an_unfinished_command_is_an_error_at_its_deadline(self):
        FakeConsole(self.path)
        with GuestConsole(self.path) as console:
            started = time.monotonic()
            with self.assertRaises(ConsoleError) as raised:
                console.run("sleep 3", timeout=0.5)
            self.assertLess(time.monotonic() - started, 2.5)
            self.assertIn("did not appear", str(raised.exception))

    def test_connect_waits_for_the_socket_until_its_deadline(self):
        started = time.monotonic()
        with self.assertRaises(ConsoleError) as raised:
            GuestConsole(self.path, connect_timeout=0.3)
        self.assertLess(time.monotonic() - started, 2)
        self.assertIn("did not answer within 0.3 s", str(raised.exception))
        # A console that appears while the helper waits is taken.
        threading.Timer(0.2, FakeConsole, args=(self.path,)).start()
        with GuestConsole(self.path, connect_timeout=5) as console:
            self.assertEqual(console.run("echo late"), "late")

    def test_wait_in_log_polls_until_the_line_appears(self):
        log = os.path.join(self.dir.name, "console.log")
        with self.assertRaises(ConsoleError) as raised:
            wait_in_log(log, r"^nfv-guest: up", 0.2)
        self.assertIn("did not appear", str(raised.exception))

        def write():
            with open(log, "a") as out:
                out.write("booting\r\nnfv-guest: up name=b ip=none mac=none\r\n")
        threading.Timer(0.2, write).start()
        match = wait_in_log(log, r"^nfv-guest: up name=(\S+) ip=(\S+) mac=", 5)
        self.assertEqual(match.groups(), ("b", "none"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
