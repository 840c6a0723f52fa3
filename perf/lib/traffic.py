"""nfv-traffic, the generator of every subject: started with its virtio-user ports, driven
by JSON lines on stdin (see traffic/README.md), one reply line per command."""
import json
import os
import select
import subprocess
import time

from . import procs


def port_mac(index, count):
    """MACs spread over the low 24 bits, so that `flows` ranges of two ports never overlap
    (nfv-traffic adds sequence % flows to the low 24 bits of the source MAC)."""
    step = 0x1000000 // max(2, count)
    value = index * step + 1
    return "02:00:00:{:02x}:{:02x}:{:02x}".format(value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)


class TrafficError(RuntimeError):
    pass


class Generator:
    """One nfv-traffic process."""

    def __init__(self, binary, prefix, sockets, log_path, server=False, lcores="0,1",
                 memory_mb=256, ring=1024, busy_poll=True):
        argv = [binary, "--file-prefix", prefix, "--lcores", lcores, "--memory", memory_mb,
                "--log", log_path]
        if busy_poll:
            argv.append("--busy-poll")
        self.macs = []
        for i, path in enumerate(sockets):
            mac = port_mac(i, len(sockets))
            self.macs.append(mac)
            spec = "{},mac={},ring={}".format(path, mac, ring)
            argv += ["--port", spec + (",server" if server else "")]
        self.prefix = prefix
        self.nports = len(sockets)
        self.process = procs.start("nfv-traffic", argv, log_path, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        self._buffer = b""

    def command(self, cmd, timeout_s=30.0, **params):
        """Send one command, return its reply (a dict); TrafficError if it says ok:false."""
        request = dict(cmd=cmd, **params)
        try:
            self.process.popen.stdin.write((json.dumps(request) + "\n").encode())
            self.process.popen.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise TrafficError("nfv-traffic is gone: " + self.process.log_tail())
        reply = json.loads(self._read_line(timeout_s, cmd))
        if not reply.get("ok"):
            raise TrafficError("nfv-traffic {}: {}".format(cmd, reply.get("error")))
        return reply

    def _read_line(self, timeout_s, what):
        deadline = time.monotonic() + timeout_s
        fd = self.process.popen.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TrafficError("nfv-traffic: no reply to {} within {:.0f} s: {}".format(
                    what, timeout_s, self.process.log_tail()))
            ready, _, _ = select.select([fd], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.process.popen.wait(timeout=5)
                    raise TrafficError("nfv-traffic exited ({}): {}".format(
                        self.process.popen.returncode, self.process.log_tail()))
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def wait_links(self, timeout_s=20.0):
        for port in range(self.nports):
            self.command("wait_link", timeout_s=timeout_s + 5, port=port,
                         timeout_ms=int(timeout_s * 1000))

    def quit(self):
        """`quit` (clean EAL shutdown, runtime dir and hugepage files removed), then stop."""
        if self.process.alive():
            try:
                self.command("quit", timeout_s=15)
            except (TrafficError, ValueError, OSError):
                pass
        return self.process.stop(grace_s=10)
