#!/usr/bin/env python3
"""Runs the demo: nfv-switch, two nfv-traffic guests, live rates, a summary.

Started by scripts/demo after set-up and build. Everything it starts lives in a private
temporary directory and is stopped (and the directory removed) on exit, Ctrl-C or SIGTERM.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def log(message):
    print(f"demo: {message}", flush=True)


class Guests:
    """One nfv-traffic process driven by JSON lines on its stdin; its port i is guest i.

    Both guests live in one process with one busy-polling datapath thread: on a 2-CPU
    machine (switch PMD on one CPU) two guest processes would fight for the other CPU.
    """

    def __init__(self, binary, ports, workdir, cpu, file_prefix):
        self.name = "guests"
        self.log_path = os.path.join(workdir, "guests.log")
        argv = [binary, "--no-huge", "--busy-poll", "--lcores", str(cpu),
                "--file-prefix", file_prefix, "--log", self.log_path]
        for sock, mac in ports:
            argv += ["--port", f"{sock},mac={mac},ring=1024"]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def call(self, cmd, **params):
        self.proc.stdin.write(json.dumps({"cmd": cmd, **params}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"nfv-traffic exited; see {self.log_path}")
        reply = json.loads(line)
        if not reply.get("ok"):
            raise RuntimeError(f"nfv-traffic: {cmd}: {reply.get('error')}")
        return reply

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.call("quit")
            except Exception:  # noqa: BLE001 - best effort, then a signal
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                self.proc.wait(timeout=10)


def leftovers(prefixes, workdir):
    """What a DPDK process with these file prefixes, or this demo, could leave behind."""
    found = []
    for prefix in prefixes:
        runtime = os.path.join("/var/run/dpdk", prefix)
        if os.path.exists(runtime):
            found.append(runtime)
        try:
            found += [os.path.join("/dev/hugepages", f) for f in os.listdir("/dev/hugepages")
                      if f.startswith(prefix)]
        except OSError:
            pass
    if os.path.exists(workdir):
        found.append(workdir)
    return found


def free_hugepages_mb():
    try:
        with open("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages") as f:
            return int(f.read()) * 2
    except OSError:
        return 0


def switch_call(path, method, params=None):
    """One JSON-RPC call on the switch's control socket (after the api.hello handshake)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        f = s.makefile("rw")
        for i, (m, p) in enumerate([("api.hello", {"api_version": 1, "client": "demo"}),
                                    (method, params or {})]):
            f.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": m, "params": p}) + "\n")
            f.flush()
            reply = json.loads(f.readline())
            if "error" in reply:
                raise RuntimeError(f"{m}: {reply['error']['message']}")
        return reply["result"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    parser.add_argument("--duration", type=int, default=20, help="seconds of traffic (20)")
    parser.add_argument("--rate", type=int, default=1000000,
                        help="frames per second each guest sends (1000000)")
    parser.add_argument("--size", type=int, default=64, help="frame size in bytes (64)")
    parser.add_argument("--mode", choices=["bridge", "xconnect"], default="bridge")
    parser.add_argument("--no-huge", action="store_true",
                        help="no hugepages even if some are free (memfd-backed memory)")
    args = parser.parse_args()
    if not 1 <= args.duration <= 3600:
        parser.error("--duration must be within 1..3600 seconds")
    if not 60 <= args.size <= 1518:
        parser.error("--size must be within 60..1518 bytes")

    switch_bin = os.path.join(args.build, "dataplane", "nfv-switch")
    traffic_bin = os.path.join(args.build, "traffic", "nfv-traffic")
    nfvctl = os.path.join(args.build, "control", "nfvctl", "nfvctl")
    workdir = tempfile.mkdtemp(prefix="nfv-demo-")
    ctl = os.path.join(workdir, "switch.sock")
    cpus = os.cpu_count() or 1
    use_huge = not args.no_huge and free_hugepages_mb() >= 256
    memory = ["--memory", "256"] if use_huge else ["--no-huge", "--memory", "256"]
    forwarding = (["--bridge", "br0:vm1,vm2"] if args.mode == "bridge"
                  else ["--xconnect", "vm1,vm2"])
    prefixes = [f"demo-switch-{os.getpid()}", f"demo-guests-{os.getpid()}"]
    switch_cmd = [switch_bin, "--file-prefix", prefixes[0], "--control-socket", ctl,
                  "--vhost-dir", workdir, "--pmd-cores", str(cpus - 1), "--main-core", "0",
                  *memory, "--port", "vm1,type=vhost", "--port", "vm2,type=vhost", *forwarding]
    switch = None
    guests = None
    stopping = {"signal": None}

    def on_signal(signum, _frame):
        stopping["signal"] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # even if started with SIGINT ignored
    try:
        log(f"starting nfv-switch ({args.mode}, PMD on CPU {cpus - 1}, "
            f"{'hugepages' if memory[0] == '--memory' else 'no hugepages'}): log {workdir}/switch.log")
        with open(os.path.join(workdir, "switch.log"), "w") as switch_log:
            switch = subprocess.Popen(switch_cmd, stdout=switch_log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not os.path.exists(ctl):
            if switch.poll() is not None or time.time() > deadline:
                with open(os.path.join(workdir, "switch.log")) as f:
                    sys.stderr.write(f.read())
                raise RuntimeError("nfv-switch did not start (its log is above)")
            time.sleep(0.05)
        names = ["vm1", "vm2"]
        macs = ["02:00:00:00:00:01", "02:00:00:00:00:02"]
        log(f"starting the guests: DPDK virtio-user devices {names[0]} ({macs[0]}) and "
            f"{names[1]} ({macs[1]}) on the switch's vhost-user sockets")
        guests = Guests(traffic_bin, [(os.path.join(workdir, f"{n}.sock"), m)
                                      for n, m in zip(names, macs)], workdir, 0, prefixes[1])
        for port in range(2):
            guests.call("wait_link", port=port, timeout_ms=15000)
        log(f"guests connected; each sends {args.rate} frames/s of {args.size} bytes to the "
            f"other for {args.duration} s")
        for port in range(2):
            guests.call("stream_start", port=port, stream=1 + port, rate_pps=args.rate,
                        frame={"dst": macs[1 - port], "size": args.size, "stream": 1 + port})
        subprocess.run([nfvctl, "-s", ctl, "top", "--interval", "1", "--count", str(args.duration)],
                       check=True)
        sent = [guests.call("stream_stop", stream=1 + port)["sent"] for port in range(2)]
        time.sleep(0.5)  # frames in flight reach their guest
        stats = guests.call("stats")["ports"]
        switch_stats = {p["name"]: p for p in switch_call(ctl, "stats.get")["ports"]}
        print()
        log("summary")
        total_sent = total_received = 0
        for port in range(2):
            stream = next((x for x in stats[1 - port]["streams"] if x["stream"] == 1 + port), None)
            received = stream["received"] if stream else 0
            total_sent += sent[port]
            total_received += received
            latency = stream["latency"] if stream else {}
            print(f"  {names[port]} -> {names[1 - port]}: sent {sent[port]}, received {received}, "
                  f"lost {sent[port] - received}, latency p50 {latency.get('p50_us', 0):.1f} us "
                  f"p99 {latency.get('p99_us', 0):.1f} us")
        for name, port in switch_stats.items():
            drops = ", ".join(f"{k} {v}" for k, v in port["drops"].items() if v) or "none"
            print(f"  switch port {name}: rx {port['rx_packets']}, forwarded {port['forwarded']}, "
                  f"tx {port['tx_packets']}, drops: {drops}")
        loss = total_sent - total_received
        print(f"  total: {total_sent} frames sent, {total_received} received, {loss} lost "
              f"({100.0 * loss / max(total_sent, 1):.4f}%)")
        return 0
    except KeyboardInterrupt:
        print()
        log("interrupted: stopping")
        return 128 + (stopping["signal"] or signal.SIGINT)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        if stopping["signal"] is not None:
            return 128 + stopping["signal"]
        log(f"error: {error}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # finish the clean-up
        if guests is not None:
            guests.stop()
        if switch is not None and switch.poll() is None:
            switch.send_signal(signal.SIGTERM)
            try:
                switch.wait(timeout=20)
            except subprocess.TimeoutExpired:
                log("nfv-switch did not stop within 20 s of SIGTERM: killed")
                switch.kill()
                switch.wait()
        # A process that was killed cannot clean up after itself: remove what it left.
        left = leftovers(prefixes, workdir)
        for path in left:
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
        stray = [p for p in left if p != workdir]  # the workdir always goes; the rest should not be there
        if stray:
            log("removed what a stopped process left: " + ", ".join(stray))
        still = leftovers(prefixes, workdir)
        if still:
            log("could not remove: " + ", ".join(still))
        else:
            log("stopped: no process, socket or hugepage file left")


if __name__ == "__main__":
    sys.exit(main())
