#!/usr/bin/python3
"""Real VMs through nfvd and libvirt, end to end: a real libvirtd (started when none answers),
two tiny guests defined from a config by nfvd on vhost-user ports of nfv-switch.

- guest A pings guest B; the frames each guest sent and received match the switch's counters
  of its port exactly;
- B shut down (ACPI, behind nfvd's back): its port goes down, and A's pings to it are counted
  as drops towards it (port_down_tx); nfvd reports it as drift, and nfvctl apply of the same
  config starts it again: the pings are answered again;
- nfv-switch killed with both guests up: nfvd restarts it, the pings resume, the guests are
  not touched (same QEMU processes); the time to resume is printed;
- nfvd killed (kill -9) while A pings B, and started again: it adopts the switch and the
  guests as they are (same switch process, same domains, the same generation) and not one ping
  is lost;
- an apply without the guests shuts them down and removes them: nothing is left.

usage: guests_test.py BUILD_DIR
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts", "lib"))
from vm_appliance import VmAppliance, build_guest_image, rpc_call, wait_until  # noqa: E402

BUILD = None


def boots_in(console_log):
    """How many times the guest's console says it came up."""
    with open(console_log, errors="replace") as f:
        return f.read().count("nfv-guest: up ")


def answers(app):
    """Whether nfvd answers on its socket (the file outlives an nfvd killed with -9)."""
    try:
        return app.status() is not None
    except OSError:
        return False


def delta(after, before, key):
    return after[key] - before[key]


class GuestsThroughNfvd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.started = time.monotonic()
        cls.image = build_guest_image()
        workdir = tempfile.mkdtemp(prefix="nfv-guests-test-")
        cls.app = VmAppliance(BUILD, workdir, cls.image, prefix=f"nfvtest-{os.getpid()}",
                              pmd_cpu=(os.cpu_count() or 1) - 1, no_huge=True, accel="auto",
                              log=lambda m: print(m, flush=True))
        try:
            cls.app.start_libvirtd()
            nfvd_start = time.monotonic()
            cls.app.start_nfvd(cls.app.write_config("guests.yaml"))
            cls.app.check_applied()
            for name in cls.app.names:
                seconds = cls.app.wait_guest_up(name, nfvd_start)
                print(f"guest {name} up {seconds:.1f} s after nfvd started", flush=True)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        removed = cls.app.stop()
        cls.leftover = cls.app.leftovers()
        cls.removed_by_test = removed
        print(cls.app.tail(cls.app.nfvd_log, 40))
        cls.app.remove_workdir()
        print(f"guests test: {time.monotonic() - cls.started:.1f} s in all", flush=True)
        assert not removed, f"nfvd did not remove the guests {removed}"
        assert not cls.leftover, f"left behind: {cls.leftover}"

    def a(self):
        return self.app.names[0]

    def b(self):
        return self.app.names[1]

    def test_1_pings_match_the_switch_counters(self):
        app = self.app
        guest_before = {n: app.counters(n) for n in app.names}
        port_before = app.switch_ports()
        sent, received = app.ping(self.a(), app.addresses[1], 10, 0.2)
        self.assertEqual((sent, received), (10, 10))
        guest_after = {n: app.counters(n) for n in app.names}
        port_after = app.switch_ports()
        for name, port in zip(app.names, app.ports):
            sent_by_guest = delta(guest_after[name], guest_before[name], "tx_packets")
            received_by_guest = delta(guest_after[name], guest_before[name], "rx_packets")
            self.assertEqual(sent_by_guest, delta(port_after[port], port_before[port], "rx_packets"),
                             f"{name} sent frames its switch port did not receive")
            self.assertEqual(received_by_guest,
                             delta(port_after[port], port_before[port], "tx_packets"),
                             f"{name} received other than its port sent")
            # 10 echo requests one way, 10 replies the other (plus ARP at most once each way).
            self.assertGreaterEqual(sent_by_guest, 10)
            self.assertLessEqual(sent_by_guest, 12)
        print(f"ping A->B: 10/10; A sent {delta(guest_after[self.a()], guest_before[self.a()], 'tx_packets')}"
              f" frames, B sent {delta(guest_after[self.b()], guest_before[self.b()], 'tx_packets')}",
              flush=True)

    def test_1b_nfvctl_guests_shows_them_running_in_sync_on_their_ports(self):
        app = self.app
        result = subprocess.run([app.bin("control", "nfvctl", "nfvctl"), "--nfvd-socket",
                                 app.nfvd_sock, "--json", "guests"], capture_output=True,
                                text=True, check=True)
        listing = json.loads(result.stdout)
        self.assertIn(listing["accelerator"], ("kvm", "tcg"))
        self.assertRegex(listing["accelerator_reason"], r"^(kvm|tcg): .+")
        self.assertEqual(listing["manager"], "libvirt qemu:///system")
        guests = {g["name"]: g for g in listing["guests"]}
        self.assertEqual(sorted(guests), sorted(app.names))
        for name, port in zip(app.names, app.ports):
            guest = guests[name]
            self.assertTrue(guest["desired"] and guest["defined"], guest)
            self.assertEqual(guest["run_state"], "running", guest)
            self.assertEqual(guest["sync"], "in sync", guest)
            self.assertEqual(guest["ports"], [{"name": port, "link": True}], guest)
            self.assertTrue(guest["console_log"].endswith(f"/{name}.console.log"), guest)

    def test_2_a_guest_shut_down_takes_its_port_down_and_comes_back(self):
        app = self.app
        app.ping(self.a(), app.addresses[1], 2, 0.2)  # A knows B's MAC, the switch B's port
        app.virsh("shutdown", self.b())
        wait_until(f"{self.b()} did not power off on ACPI shutdown",
                   lambda: app.domain_state(self.b()) == "shut off", 60)
        wait_until("B's switch port did not go down",
                   lambda: not app.port_links()[app.ports[1]], 30)
        before = app.switch_ports()[app.ports[1]]["drops"].get("port_down_tx", 0)
        sent, received = app.ping(self.a(), app.addresses[1], 5, 0.2)
        self.assertEqual(received, 0)
        after = app.switch_ports()[app.ports[1]]["drops"].get("port_down_tx", 0)
        self.assertGreaterEqual(after - before, sent, "pings towards the stopped guest")
        print(f"B down: {after - before} frames dropped towards it (port_down_tx)", flush=True)

        # Shut down behind nfvd's back: drift, named; nfvctl apply of the same config starts it.
        def drift_lines():
            return [f"{i['kind']} {i['object']}: {i['difference']}"
                    for i in rpc_call(app.nfvd_sock, "nfvd.drift")["items"]]
        lines = wait_until("nfvd did not report B's shutdown as drift",
                           lambda: [line for line in drift_lines() if self.b() in line], 30)
        self.assertIn(f"guest {self.b()}: run state shut off on the host, running desired",
                      "\n".join(lines))
        log = app.console_log(self.b())
        boots = boots_in(log)
        started = time.monotonic()
        repaired = subprocess.run([app.bin("control", "nfvctl", "nfvctl"), "--nfvd-socket",
                                   app.nfvd_sock, "apply", os.path.join(app.workdir, "guests.yaml")],
                                  capture_output=True, text=True, timeout=300)
        self.assertEqual(repaired.returncode, 0, repaired.stdout + repaired.stderr)
        wait_until("B did not boot again", lambda: boots_in(log) > boots, 180, interval=0.5)
        print(f"B up again after {time.monotonic() - started:.1f} s (nfvctl apply repaired the "
              f"drift: {lines[0]})", flush=True)
        app.consoles.pop(self.b()).close()  # QEMU made a new console socket
        wait_until("B's switch port did not come up", lambda: app.port_links()[app.ports[1]], 30)
        sent, received = app.ping(self.a(), app.addresses[1], 5, 0.2)
        self.assertEqual(received, 5)

    def test_3_a_killed_switch_comes_back_without_touching_the_guests(self):
        app = self.app
        domain_ids = {n: app.virsh("domid", n).stdout.strip() for n in app.names}
        switch_pid = app.status()["switch_process"]["pid"]
        console = app.console(self.a())
        console.send(f"ping -c 150 -i 0.2 {app.addresses[1]}\n")
        seq = int(console.wait_for(r"seq=(\d+) ", 30).group(1))
        while seq < 5:
            seq = int(console.wait_for(r"seq=(\d+) ", 30).group(1))
        killed = time.monotonic()
        os.kill(switch_pid, signal.SIGKILL)
        # The first reply after the kill: a later sequence number than the last before it.
        while True:
            match = console.wait_for(r"seq=(\d+) ", 60)
            if time.monotonic() - killed > 0.3:  # not a line already in flight
                break
        resumed = time.monotonic() - killed
        console.wait_for(r"packets transmitted", 60)
        app.console(self.a()).run("true")
        status = app.status()
        self.assertNotEqual(status["switch_process"]["pid"], switch_pid)
        self.assertEqual(status["switch_process"]["state"], "running")
        self.assertEqual({n: app.virsh("domid", n).stdout.strip() for n in app.names}, domain_ids,
                         "the guests were restarted")
        print(f"switch killed: pings resumed {resumed:.1f} s later (seq {match.group(1)}); "
              f"guests untouched", flush=True)
        self.assertLess(resumed, 30)


    def test_4_nfvd_killed_and_started_again_adopts_everything_without_a_lost_ping(self):
        app = self.app
        before = app.status()
        domain_ids = {n: app.virsh("domid", n).stdout.strip() for n in app.names}
        console = app.console(self.a())
        console.send(f"ping -c 40 -i 0.2 {app.addresses[1]}\n")
        console.wait_for(r"seq=(\d+) ", 30)
        app.nfvd.kill()
        app.nfvd.wait()
        app.start_nfvd(os.path.join(app.workdir, "guests.yaml"))
        wait_until("the new nfvd did not answer", lambda: answers(app), 60)
        summary = console.wait_for(r"(\d+) packets transmitted, (\d+) (packets )?received", 60)
        after = app.check_applied()
        self.assertEqual(after["switch_process"]["origin"], "adopted")
        self.assertEqual(after["switch_process"]["pid"], before["switch_process"]["pid"])
        self.assertEqual(after["generations"]["desired"], before["generations"]["desired"])
        self.assertEqual(after["generations"]["observed"], after["generations"]["desired"])
        self.assertEqual({n: app.virsh("domid", n).stdout.strip() for n in app.names}, domain_ids,
                         "the guests were restarted")
        self.assertEqual(summary.group(1), summary.group(2), "pings lost across nfvd's restart")
        print(f"nfvd killed and started again: {summary.group(2)}/{summary.group(1)} pings "
              f"answered; switch and guests adopted", flush=True)
        # The adopted switch is not nfvd's to stop: have nfvd start its own again, so that the
        # test ends as it began (nfvd stops the switch it started).
        os.kill(after["switch_process"]["pid"], signal.SIGKILL)
        wait_until("nfvd did not start a switch in place of the adopted one",
                   lambda: app.status()["switch_process"]["origin"] == "started"
                   and app.status()["switch_process"]["state"] == "running", 60)
        app.check_applied()


class GuestsOnServerModeSockets(unittest.TestCase):
    """The switch creates the sockets (vhost_mode: server) and QEMU, an unprivileged user under
    libvirt, connects: nfvd has the switch give each guest socket QEMU's group."""

    def test_guests_connect_and_ping(self):
        started = time.monotonic()
        workdir = tempfile.mkdtemp(prefix="nfv-guests-server-test-")
        app = VmAppliance(BUILD, workdir, build_guest_image(), prefix=f"nfvtest-s{os.getpid()}",
                          pmd_cpu=(os.cpu_count() or 1) - 1, no_huge=True, accel="tcg",
                          vhost_mode="server")
        try:
            app.start_libvirtd()
            app.start_nfvd(app.write_config("guests.yaml"))
            app.check_applied()
            for name in app.names:
                app.wait_guest_up(name, started)
            for port in app.ports:
                st = os.stat(os.path.join(app.vhost_dir, port + ".sock"))
                self.assertEqual(oct(st.st_mode & 0o777), oct(0o660), port)
                self.assertNotEqual(st.st_gid, 0, f"{port}: not given to QEMU's group")
            self.assertEqual(app.ping(app.names[0], app.addresses[1], 5, 0.2), (5, 5))
        finally:
            removed = app.stop()
            left = app.leftovers()
            print(app.tail(app.nfvd_log, 20))
            app.remove_workdir()
            print(f"server-mode guests: {time.monotonic() - started:.1f} s", flush=True)
        self.assertEqual(removed, [], "nfvd did not remove them")
        self.assertEqual(left, [])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    BUILD = sys.argv.pop(1)
    unittest.main(verbosity=2)
