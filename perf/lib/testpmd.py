"""dpdk-testpmd as a subject (`testpmd-io`, `testpmd-mac`): two net_vhost ports, one
forwarding lcore. Interactive mode with commands on a pipe; its unbuffered output goes to a
log file, which is read back for `show fwd stats all` (with --record-core-cycles)."""
import os
import re
import subprocess
import time

from . import procs


class Testpmd:
    generator_is_server = False

    def __init__(self, env, name, fwd_mode, nports=2):
        self.env = env
        self.name = name
        self.fwd_mode = fwd_mode
        self.nports = nports
        self.prefix = env.prefix(name)
        self.sockets = [os.path.join(env.tmp, "p{}.sock".format(i)) for i in range(nports)]
        self.process = None

    def start(self):
        argv = ["stdbuf", "-o0", "-e0", self.env.tool("dpdk-testpmd"),
                "-l", "{},{}".format(self.env.gen_cpu, self.env.switch_cpus[0]),
                "--main-lcore", self.env.gen_cpu, "--socket-mem", 512 if self.nports <= 4 else 1024, "--huge-unlink",
                "--no-pci", "--file-prefix", self.prefix]
        for i, path in enumerate(self.sockets):
            argv += ["--vdev", "net_vhost{},iface={}".format(i, path)]
        argv += ["--", "-i", "--forward-mode=" + self.fwd_mode, "--total-num-mbufs={}".format(max(16384, 4096 * self.nports)),
                 "--disable-link-check", "--record-core-cycles", "--nb-cores=1"]
        self.log_path = self.env.log("switch")
        self.process = procs.start("dpdk-testpmd", argv, self.log_path, stdin=subprocess.PIPE)
        procs.wait_for(lambda: all(os.path.exists(p) for p in self.sockets), 30,
                       "testpmd's vhost-user sockets", self.process)
        self._send("start")

    def attach(self):
        pass

    def _send(self, line):
        self.process.popen.stdin.write((line + "\n").encode())
        self.process.popen.stdin.flush()

    def _fwd_stats(self):
        offset = os.path.getsize(self.log_path)
        self._send("show fwd stats all")
        pattern = re.compile(r"CPU cycles/packet=([\d.]+) \(total cycles=(\d+) / total \w+ packets=(\d+)\)")
        text = ""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                text = f.read().decode(errors="replace")
            match = pattern.search(text)
            if match:
                return {"cycles": int(match.group(2)), "packets": int(match.group(3))}
            if "Accumulated forward statistics" in text and "testpmd>" in text.split(
                    "Accumulated forward statistics")[-1]:
                return {"cycles": 0, "packets": 0}  # no packet: no cycles line
            time.sleep(0.05)
        raise RuntimeError("testpmd: no forward statistics in its output")

    def window_begin(self):
        self._send("clear fwd stats all")

    def window_end(self):
        stats = self._fwd_stats()
        return {"switch_busy_cycles": stats["cycles"], "switch_packets": stats["packets"],
                "switch_cycles_per_packet": stats["cycles"] / stats["packets"]
                if stats["packets"] else None}

    def stop(self):
        if self.process and self.process.alive():
            try:
                self._send("stop")
                self._send("quit")
                self.process.popen.stdin.close()
                self.process.popen.wait(timeout=10)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        if self.process:
            self.process.stop(grace_s=10)
        return [self.prefix]
