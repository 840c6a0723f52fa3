"""The demo with real VMs: nfvd from the embedded default config defines two tiny guests in
libvirt on vhost-user ports of nfv-switch; they ping each other while `nfvctl top` shows the
switch's per-second figures; then nfvd removes them (ACPI shutdown) and nothing is left.
"""
import os
import re
import signal
import subprocess
import tempfile
import threading
import time

from vm_appliance import VmAppliance, build_guest_image


def log(message):
    print(f"demo: {message}", flush=True)


def accelerator_line(nfvd_log):
    """nfvd's line saying which accelerator the guests run under, and why."""
    try:
        with open(nfvd_log, errors="replace") as f:
            for line in f:
                found = re.search(r"guests: libvirt at .*?\b((kvm|tcg): .*)", line)
                if found:
                    return found.group(1).strip()
    except OSError:
        pass
    return "unknown (see nfvd's log)"


def ping_both_ways(app, count, interval):
    """A pings B and B pings A at the same time; {name: (sent, received)}."""
    results, errors = {}, []

    def ping(index):
        try:
            results[app.names[index]] = app.ping(app.names[index], app.addresses[1 - index],
                                                 count, interval)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            errors.append(f"{app.names[index]}: {error}")

    threads = [threading.Thread(target=ping, args=(i,), daemon=True) for i in range(2)]
    for thread in threads:
        thread.start()
    return threads, results, errors


def summary(app, results, before):
    ports = app.switch_ports()
    print()
    log("summary")
    for index, name in enumerate(app.names):
        sent, received = results.get(name, (0, 0))
        print(f"  {name} ({app.addresses[index]}) pinged {app.addresses[1 - index]}: "
              f"{sent} sent, {received} replies, {sent - received} lost")
    for index, name in enumerate(app.names):
        guest = app.counters(name)
        port = ports.get(app.ports[index], {})
        rx = port.get("rx_packets", 0) - before[app.ports[index]]["rx_packets"]
        tx = port.get("tx_packets", 0) - before[app.ports[index]]["tx_packets"]
        drops = ", ".join(f"{k} {v}" for k, v in port.get("drops", {}).items() if v) or "none"
        print(f"  {name}: eth0 sent {guest['tx_packets']} / received {guest['rx_packets']} "
              f"frames since boot; its switch port {app.ports[index]} received {rx} and sent "
              f"{tx} during the pings; drops: {drops}")


def run(args, build):
    cpus = os.cpu_count() or 1
    log("building the tiny guest image (once; then it is up to date)")
    image = build_guest_image()
    workdir = tempfile.mkdtemp(prefix="nfv-demo-")
    app = VmAppliance(build, workdir, image, prefix=f"nfv-demo-{os.getpid()}",
                      pmd_cpu=cpus - 1, no_huge=args.no_huge, accel=args.accel, log=log)
    try:
        app.start_libvirtd()
        config = app.write_config("demo.yaml")
        log(f"starting nfvd with the embedded config {config}: it starts nfv-switch (PMD on CPU "
            f"{cpus - 1}), a bridge with two vhost-user ports, and defines and starts two guests "
            f"in libvirt ({', '.join(app.names)}); logs in {workdir}")
        started = time.monotonic()
        app.start_nfvd(config)
        status = app.check_applied()
        log(f"nfvd applied {status.get('config_path')}: nfv-switch pid "
            f"{status['switch_process'].get('pid')}; guests under {accelerator_line(app.nfvd_log)}")
        for name in app.names:
            seconds = app.wait_guest_up(name, started)
            log(f"guest {name} is up {seconds:.1f} s after nfvd started "
                f"(console: {app.console_log(name)})")
        for name in app.names:
            app.console(name)
        before = app.switch_ports()
        count = max(1, int(args.duration / 0.2))
        log(f"each guest pings the other {count} times, every 0.2 s; the switch's figures, "
            f"once a second:")
        threads, results, errors = ping_both_ways(app, count, 0.2)
        subprocess.run([os.path.join(build, "control", "nfvctl", "nfvctl"), "-s",
                        app.switch_sock, "top", "--interval", "1", "--count", str(args.duration)],
                       check=False)
        for thread in threads:
            thread.join(timeout=120)
        if errors:
            raise RuntimeError("; ".join(errors))
        summary(app, results, before)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up
        log("stopping: nfvd shuts the guests down (ACPI) and removes them")
        removed = app.stop()
        if removed:
            log("nfvd did not remove " + ", ".join(removed) + ": removed them here")
        left = app.leftovers()
        app.remove_workdir()
        if left:
            log("left behind: " + ", ".join(left))
        else:
            log("stopped: no domain, process, socket or hugepage file left")
