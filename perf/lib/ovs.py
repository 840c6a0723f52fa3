"""Open vSwitch with DPDK as a subject (`ovs-normal`, `ovs-flows`), fully private: its own
ovsdb (created under the unit's temp dir), its own run/log dirs (OVS_RUNDIR...), its own DPDK
file prefix. A system OVS, if any, is never contacted.

Ports are `dpdkvhostuserclient`: the generator creates the sockets (`server`), OVS connects.
Busy cycles come from `ovs-appctl dpif-netdev/pmd-stats-clear` / `pmd-stats-show`."""
import os
import re

from . import procs

VSWITCHD = "/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk"
SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"


class Ovs:
    generator_is_server = True

    def __init__(self, env, name, flows):
        self.env = env
        self.name = name
        self.flows = flows  # False: NORMAL action; True: port-to-port OpenFlow rules
        self.prefix = env.prefix(name)
        self.dir = os.path.join(env.tmp, "ovs")
        self.run_dir = os.path.join(self.dir, "run")
        self.db_sock = os.path.join(self.run_dir, "db.sock")
        self.vswitchd_ctl = os.path.join(self.run_dir, "ovs-vswitchd.ctl")
        self.sockets = [os.path.join(env.tmp, "p{}.sock".format(i)) for i in range(2)]
        self.ovsdb = self.vswitchd = None
        self.ovs_env = dict(os.environ, OVS_RUNDIR=self.run_dir, OVS_LOGDIR=self.dir,
                            OVS_DBDIR=self.dir, OVS_SYSCONFDIR=self.dir, OVS_PKGDATADIR=
                            "/usr/share/openvswitch")

    def _vsctl(self, *args):
        return procs.run(["ovs-vsctl", "--db=unix:" + self.db_sock, "--timeout=60"] + list(args),
                         log_path=self.env.log("ovs-commands"), timeout=70, env=self.ovs_env)

    def _appctl(self, *args):
        return procs.run(["ovs-appctl", "-t", self.vswitchd_ctl] + list(args),
                         log_path=self.env.log("ovs-commands"), timeout=30, env=self.ovs_env)

    def start(self):
        for tool in (VSWITCHD, SCHEMA):
            if not os.path.exists(tool):
                raise RuntimeError("{} is missing: scripts/setup --perf installs "
                                   "openvswitch-switch-dpdk".format(tool))
        os.makedirs(self.run_dir, exist_ok=True)
        db = os.path.join(self.dir, "conf.db")
        procs.run(["ovsdb-tool", "create", db, SCHEMA], env=self.ovs_env)
        self.ovsdb = procs.start("ovsdb-server", [
            "ovsdb-server", db, "--remote=punix:" + self.db_sock,
            "--unixctl=" + os.path.join(self.run_dir, "ovsdb-server.ctl"),
            "--pidfile=" + os.path.join(self.run_dir, "ovsdb-server.pid"),
            "--log-file=" + os.path.join(self.dir, "ovsdb-server.log")],
            self.env.log("ovsdb-server"), env=self.ovs_env)
        procs.wait_for(lambda: os.path.exists(self.db_sock), 20, "ovsdb-server's socket", self.ovsdb)
        self._vsctl("--no-wait", "init")
        cpus = self.env.switch_cpus
        self._vsctl("--no-wait", "set", "Open_vSwitch", ".",
                    "other_config:dpdk-init=true",
                    "other_config:dpdk-socket-mem=512",
                    "other_config:dpdk-lcore-mask={:#x}".format(1 << self.env.gen_cpu),
                    "other_config:pmd-cpu-mask={:#x}".format(1 << cpus[0]),
                    'other_config:dpdk-extra="--no-pci --file-prefix {}"'.format(self.prefix))
        self.vswitchd = procs.start("ovs-vswitchd", [
            VSWITCHD, "unix:" + self.db_sock, "--unixctl=" + self.vswitchd_ctl,
            "--pidfile=" + os.path.join(self.run_dir, "ovs-vswitchd.pid"),
            "--log-file=" + os.path.join(self.dir, "ovs-vswitchd.log")],
            self.env.log("ovs-vswitchd"), env=self.ovs_env)
        procs.wait_for(lambda: os.path.exists(self.vswitchd_ctl), 60, "ovs-vswitchd's control socket",
                       self.vswitchd)
        self._vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev")

    def attach(self):
        """The generator's server sockets exist now: add the two vhost-user client ports."""
        for i, path in enumerate(self.sockets):
            # nfv-traffic creates a server socket and waits for its client before the next one
            procs.wait_for(lambda: os.path.exists(path), 30,
                           "the generator's vhost-user socket " + path)
            self._vsctl("add-port", "br0", "p{}".format(i), "--", "set", "Interface",
                        "p{}".format(i), "type=dpdkvhostuserclient",
                        "options:vhost-server-path=" + path, "ofport_request={}".format(i + 1))
        if self.flows:
            ofctl = ["ovs-ofctl", "-O", "OpenFlow13"]
            procs.run(ofctl + ["del-flows", "br0"], env=self.ovs_env, log_path=self.env.log("ovs-commands"))
            for a, b in ((1, 2), (2, 1)):
                procs.run(ofctl + ["add-flow", "br0", "in_port={},actions=output:{}".format(a, b)],
                          env=self.ovs_env, log_path=self.env.log("ovs-commands"))

    def _pmd_stats(self):
        text = self._appctl("dpif-netdev/pmd-stats-show")
        totals = {"packets": 0, "busy_cycles": 0, "idle_cycles": 0}
        for block in re.split(r"\n(?=pmd thread)", text):
            if not block.startswith("pmd thread"):
                continue
            for key, label in (("packets", "packets received"), ("busy_cycles", "processing cycles"),
                               ("idle_cycles", "idle cycles")):
                match = re.search(label + r":\s+(\d+)", block)
                if match:
                    totals[key] += int(match.group(1))
        return totals

    def window_begin(self):
        self._appctl("dpif-netdev/pmd-stats-clear")

    def window_end(self):
        stats = self._pmd_stats()
        return {"switch_busy_cycles": stats["busy_cycles"], "switch_packets": stats["packets"],
                "switch_cycles_per_packet": stats["busy_cycles"] / stats["packets"]
                if stats["packets"] else None,
                "switch_busy_pct": 100.0 * stats["busy_cycles"] /
                max(1, stats["busy_cycles"] + stats["idle_cycles"])}

    def stop(self):
        if self.vswitchd and self.vswitchd.alive():
            try:
                self._appctl("exit", "--cleanup")
                self.vswitchd.popen.wait(timeout=15)
            except Exception:  # noqa: BLE001 - SIGTERM below
                pass
        for process in (self.vswitchd, self.ovsdb):
            if process:
                process.stop(grace_s=10)
        return [self.prefix]
