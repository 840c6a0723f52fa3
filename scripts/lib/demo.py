#!/usr/bin/env python3
"""Runs the demo through nfvd: by default two tiny VMs under libvirt (demo_vms.py); with
--guests virtio-user two nfv-traffic guests, nfvd with an embedded config that starts
nfv-switch and programs it, live rates, a summary.

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

from vm_appliance import rpc_call


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
        # The guests own their vhost-user sockets (server), as QEMU does under libvirt: the
        # switch connects to them, and reconnects when nfvd restarts it.
        for sock, mac in ports:
            argv += ["--port", f"{sock},mac={mac},ring=1024,server"]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.answered = False  # a virtio-user server waits for its switch before it answers

    def call(self, cmd, **params):
        self.proc.stdin.write(json.dumps({"cmd": cmd, **params}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"nfv-traffic exited; see {self.log_path}")
        reply = json.loads(line)
        self.answered = True
        if not reply.get("ok"):
            raise RuntimeError(f"nfv-traffic: {cmd}: {reply.get('error')}")
        return reply

    def stop(self):
        if self.proc.poll() is None and not self.answered:
            self.proc.terminate()  # still waiting for a connection: no command would be read
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


def remove_leftovers(prefixes, workdir):
    """Removes what leftovers() finds; returns what it found."""
    left = leftovers(prefixes, workdir)
    for path in left:
        if os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass
    return left


def free_hugepages_mb():
    try:
        with open("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages") as f:
            return int(f.read()) * 2
    except OSError:
        return 0


def demo_config(args, workdir, pmd_cpu, file_prefix, no_huge):
    """The embedded default: what config/examples/demo.yaml describes, in the demo's own
    directory, with the demo's mode, CPU and memory."""
    attach = ("bridges:\n  - name: br0\n    ports: [vm1, vm2]\n" if args.mode == "bridge"
              else "xconnects:\n  - ports: [vm1, vm2]\n")
    return (f"# nfv-appliance demo ({args.mode}), written by scripts/demo\n"
            f"switch:\n"
            f"  pmd_cpus: \"{pmd_cpu}\"\n"
            f"  memory_mb: 256\n"
            f"  no_huge: {'true' if no_huge else 'false'}\n"
            f"  file_prefix: {file_prefix}\n"
            f"  vhost_mode: client\n"
            f"  vhost_dir: {workdir}\n"
            f"ports:\n"
            f"  - {{name: vm1, socket: vm1.sock}}\n"
            f"  - {{name: vm2, socket: vm2.sock}}\n" + attach)


def bridge_config(names, pmd_cpu, file_prefix, vhost_dir):
    """Client-mode vhost-user ports `names` (their peers own NAME.sock in `vhost_dir`) in one
    bridge br0, on a --no-huge switch: the config the script tests give nfvd."""
    return ("switch:\n"
            f"  pmd_cpus: \"{pmd_cpu}\"\n"
            "  memory_mb: 256\n"
            "  no_huge: true\n"
            f"  file_prefix: {file_prefix}\n"
            "  vhost_mode: client\n"
            f"  vhost_dir: {vhost_dir}\n"
            "ports:\n" +
            "".join(f"  - {{name: {n}, socket: {n}.sock}}\n" for n in names) +
            "bridges:\n  - name: br0\n    ports: [" + ", ".join(names) + "]\n")


def wait_for(what, predicate, timeout, process=None, log_path=None):
    """Polls `predicate` until true; an error naming `what` (and the process's log) if
    `process` ends or `timeout` seconds pass first."""
    deadline = time.time() + timeout
    while not predicate():
        if (process is not None and process.poll() is not None) or time.time() > deadline:
            if log_path and os.path.exists(log_path):
                with open(log_path) as f:
                    sys.stderr.write(f.read()[-4000:])
            raise RuntimeError(f"{what} (log: {log_path})")
        time.sleep(0.05)


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
    parser.add_argument("--guests", choices=["vm", "virtio-user"], default="vm",
                        help="vm: two tiny VMs under libvirt (default); virtio-user: two DPDK "
                        "virtio-user processes instead (hosts without QEMU)")
    parser.add_argument("--accel", choices=["auto", "kvm", "tcg"], default="auto",
                        help="vm: the guests' accelerator (auto: KVM if a guest boots under it)")
    args = parser.parse_args()
    if not 1 <= args.duration <= 3600:
        parser.error("--duration must be within 1..3600 seconds")
    if not 60 <= args.size <= 1518:
        parser.error("--size must be within 60..1518 bytes")

    if args.guests == "vm":
        return run_vm_demo(args)
    switch_bin = os.path.join(args.build, "dataplane", "nfv-switch")
    nfvd_bin = os.path.join(args.build, "control", "nfvd", "nfvd")
    traffic_bin = os.path.join(args.build, "traffic", "nfv-traffic")
    nfvctl = os.path.join(args.build, "control", "nfvctl", "nfvctl")
    workdir = tempfile.mkdtemp(prefix="nfv-demo-")
    ctl = os.path.join(workdir, "switch.sock")
    nfvd_sock = os.path.join(workdir, "nfvd.sock")
    cpus = os.cpu_count() or 1
    use_huge = not args.no_huge and free_hugepages_mb() >= 256
    prefixes = [f"demo-switch-{os.getpid()}", f"demo-guests-{os.getpid()}"]
    config_path = os.path.join(workdir, "demo.yaml")
    with open(config_path, "w") as f:
        f.write(demo_config(args, workdir, cpus - 1, prefixes[0], not use_huge))
    nfvd_log = os.path.join(workdir, "nfvd.log")
    nfvd_cmd = [nfvd_bin, "--config", config_path, "--state-dir", os.path.join(workdir, "state"),
                "--socket", nfvd_sock, "--switch-socket", ctl, "--switch-binary", switch_bin,
                "--switch-log", os.path.join(workdir, "switch.log"), "--stop-switch-on-exit",
                "--vf-allocations", os.path.join(workdir, "vf-allocations.json")]
    nfvd = None
    guests = None
    stopping = {"signal": None}

    def on_signal(signum, _frame):
        stopping["signal"] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)  # even if started with SIGINT ignored
    try:
        names = ["vm1", "vm2"]
        macs = ["02:00:00:00:00:01", "02:00:00:00:00:02"]
        log(f"starting the guests: DPDK virtio-user devices {names[0]} ({macs[0]}) and "
            f"{names[1]} ({macs[1]}), each owning its vhost-user socket in {workdir}")
        guests = Guests(traffic_bin, [(os.path.join(workdir, f"{n}.sock"), m)
                                      for n, m in zip(names, macs)], workdir, 0, prefixes[1])
        # Each port's socket appears once the one before it is connected: wait for the first.
        wait_for("the guests did not create their sockets",
                 lambda: os.path.exists(os.path.join(workdir, f"{names[0]}.sock")),
                 15, guests.proc, guests.log_path)
        log(f"starting nfvd with the embedded config {config_path} ({args.mode}, PMD on CPU "
            f"{cpus - 1}, {'hugepages' if use_huge else 'no hugepages'}): it starts nfv-switch "
            f"and programs it; logs in {workdir}")
        with open(nfvd_log, "w") as out:
            nfvd = subprocess.Popen(nfvd_cmd, stdout=out, stderr=subprocess.STDOUT)
        wait_for("nfvd did not come up", lambda: os.path.exists(nfvd_sock), 60, nfvd, nfvd_log)
        status = rpc_call(nfvd_sock, "nfvd.status")
        process = status.get("switch_process") or {}
        if process.get("state") != "running" or status.get("last_apply_result") != "ok":
            with open(nfvd_log) as f:
                sys.stderr.write(f.read()[-4000:])
            raise RuntimeError(f"nfvd did not bring the switch up: switch {process.get('state')}, "
                               f"last apply: {status.get('last_apply_result')} (nfvd's log above)")
        for port in range(2):
            guests.call("wait_link", port=port, timeout_ms=30000)
        log(f"nfvd applied {status.get('config_path')}: nfv-switch pid {process.get('pid')} "
            f"({process.get('origin')}); `nfvctl --nfvd-socket {nfvd_sock} status` shows it")
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
        switch_stats = {p["name"]: p for p in rpc_call(ctl, "stats.get")["ports"]}
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
        if nfvd is not None and nfvd.poll() is None:
            nfvd.send_signal(signal.SIGTERM)  # --stop-switch-on-exit: the switch stops too
            try:
                nfvd.wait(timeout=30)
            except subprocess.TimeoutExpired:
                log("nfvd did not stop within 30 s of SIGTERM: killed")
                nfvd.kill()
                nfvd.wait()
        # A process that was killed cannot clean up after itself: remove what it left.
        left = remove_leftovers(prefixes, workdir)
        stray = [p for p in left if p != workdir]  # the workdir always goes; the rest should not be there
        if stray:
            log("removed what a stopped process left: " + ", ".join(stray))
        still = leftovers(prefixes, workdir)
        if still:
            log("could not remove: " + ", ".join(still))
        else:
            log("stopped: no process, socket or hugepage file left")


def run_vm_demo(args):
    """The demo with real VMs (demo_vms.py), stopped cleanly on Ctrl-C and SIGTERM."""
    import demo_vms  # noqa: E402 - only this mode needs libvirt's pieces

    stopping = {"signal": None}

    def on_signal(signum, _frame):
        stopping["signal"] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        return demo_vms.run(args, args.build)
    except KeyboardInterrupt:
        return 128 + (stopping["signal"] or signal.SIGINT)
    except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
        log(f"error: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
