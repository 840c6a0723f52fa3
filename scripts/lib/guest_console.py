"""The tiny guest's serial console, from a test (Python 3, stdlib only).

QEMU offers the console as a unix socket (`-chardev socket,path=P,server=on,wait=off` with
`-serial chardev:ID`, or libvirt's `<serial type='unix'><source mode='bind' path='P'/>`).
GuestConsole connects to it and runs shell commands on the guest's interactive shell;
wait_in_log() polls a console log file (QEMU's chardev logfile=, libvirt's <log file=>).

Every wait has a deadline; nothing sleeps to synchronise (only a short pause between polls).
"""
import random
import re
import select
import socket
import time


class ConsoleError(Exception):
    """The console did not answer as expected; the message carries its recent output."""


def _tail(text, lines=15):
    return "\n".join(text.replace("\r", "").splitlines()[-lines:])


def wait_in_log(path, regex, timeout):
    """Polls the file at `path` until `regex` matches its text; returns the match.
    Raises ConsoleError naming the log's tail at the deadline (a missing file counts as empty)."""
    pattern = re.compile(regex, re.MULTILINE)
    deadline = time.monotonic() + timeout
    text = ""
    while True:
        try:
            with open(path, "r", errors="replace") as log:
                text = log.read().replace("\r", "")
        except FileNotFoundError:
            text = ""
        match = pattern.search(text)
        if match:
            return match
        if time.monotonic() >= deadline:
            raise ConsoleError("'{}' did not appear in {} within {} s; its tail:\n{}".format(
                regex, path, timeout, _tail(text)))
        time.sleep(0.05)


class GuestConsole:
    """A connection to a guest's serial console socket.

    GuestConsole(path, connect_timeout=10) retries connecting until the socket answers (QEMU
    creates it when it starts). run() frames each command with markers that the guest's shell
    computes ($((N+1))), so the terminal's echo of the typed line never counts as output."""

    def __init__(self, socket_path, connect_timeout=10.0):
        self.path = socket_path
        self.buffer = ""  # received and not yet consumed (carriage returns removed)
        self.sock = self._connect(connect_timeout)

    def _connect(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(self.path)
                sock.setblocking(False)
                return sock
            except (FileNotFoundError, ConnectionRefusedError) as error:
                sock.close()
                if time.monotonic() >= deadline:
                    raise ConsoleError("console socket {} did not answer within {} s: {}".format(
                        self.path, timeout, error))
                time.sleep(0.05)

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, text):
        """Writes `text` to the console as typed (whole, within 10 s)."""
        data = text.encode()
        deadline = time.monotonic() + 10
        while data:
            _, writable, _ = select.select([], [self.sock], [], max(0, deadline - time.monotonic()))
            if not writable:
                raise ConsoleError("console {} does not accept input".format(self.path))
            data = data[self.sock.send(data):]

    def _receive(self, until):
        """Reads what arrived, waiting at most until the monotonic time `until`; False at EOF."""
        readable, _, _ = select.select([self.sock], [], [], max(0, until - time.monotonic()))
        if readable:
            chunk = self.sock.recv(65536)
            if not chunk:
                return False
            self.buffer += chunk.decode(errors="replace").replace("\r", "")
        return True

    def wait_for(self, regex, timeout):
        """Consumes console output until `regex` matches; returns the match. Raises
        ConsoleError (with the recent output) at the deadline or if the console closes."""
        pattern = re.compile(regex, re.MULTILINE)
        deadline = time.monotonic() + timeout
        while True:
            match = pattern.search(self.buffer)
            if match:
                self.buffer = self.buffer[match.end():]
                return match
            if time.monotonic() >= deadline:
                raise ConsoleError("'{}' did not appear on {} within {} s; recent output:\n{}"
                                   .format(regex, self.path, timeout, _tail(self.buffer)))
            if not self._receive(deadline):
                raise ConsoleError("console {} closed while waiting for '{}'; recent output:\n{}"
                                   .format(self.path, regex, _tail(self.buffer)))

    def run(self, command, timeout=30.0):
        """Runs a shell command on the guest; returns its output (stdout and stderr, without
        the echo of the command line). Raises ConsoleError if it does not finish in time (the
        late output of such a command is skipped by the next run: its markers differ). The
        command runs in the console's shell: `exit` ends that shell (the guest starts another)."""
        output, _ = self.run_status(command, timeout)
        return output

    def run_status(self, command, timeout=30.0):
        """run() and the command's exit status: (output, status)."""
        token = random.randrange(10**8, 10**9)
        begin, end = "NFV-BEGIN-{}".format(token + 1), "NFV-END-{}".format(token + 1)
        # One typed line whose markers the shell computes: its echo holds "$((token+1))",
        # the output holds token+1, so the echo never counts as output.
        self.send("echo NFV-BEGIN-$(({0}+1)); {1}; echo NFV-END-$(({0}+1)) status=$?\n".format(
            token, command))
        self.wait_for(r"{}\n".format(begin), timeout)
        match = self.wait_for(r"(?s)(.*?){} status=(\d+)\n".format(end), timeout)
        return match.group(1).rstrip("\n"), int(match.group(2))
