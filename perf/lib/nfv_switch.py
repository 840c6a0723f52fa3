"""nfv-switch as a subject: `nfv-l2` (one learning bridge) or `nfv-xconnect`.

Its busy cycles come from `nfvctl -j -s CTL pmd list` (busy TSC cycles and packets per
PMD, counted since start: the window is the difference of two snapshots)."""
import json
import os

from . import frames, procs
from .traffic import port_mac

# nfv-l2-isolation's port settings: policing far above what the loop carries, so that every
# stage runs on every frame and none drops one; the ratio to nfv-l2 is then the features' cost.
ISOLATION_SETTINGS = ["--mac-limit", "16", "--mac-lock", "true",
                      "--policer-pps", "100000000", "--policer-bps", "400000000000"]
# Storm control comes on once the bridge knows both MACs (after_seed): the seeded frames
# circulate as unknown unicast at full speed until the other port's seed has taught the bridge
# its MAC, which storm control would (rightly) cut.
STORM_SETTINGS = ["--storm-broadcast-pps", "200000", "--storm-multicast-pps", "200000",
                  "--storm-unknown-unicast-pps", "200000"]
LEARN_TIMEOUT_S = 10
ISOLATION_OFF = ["--no-port-security", "--mac-limit", "0", "--mac-lock", "false",
                 "--policer-pps", "0", "--policer-bps", "0", "--storm-broadcast-pps", "0",
                 "--storm-multicast-pps", "0", "--storm-unknown-unicast-pps", "0"]


class NfvSwitch:
    generator_is_server = False  # the switch creates the vhost-user sockets

    def __init__(self, env, name, mode, nports=2, mac_table_size=65536, pmd_cpus=(0,),
                 baseline=False, isolation=False):
        self.env = env
        self.baseline = baseline  # nfv-switch from the --baseline-build build
        self.name = name
        self.mode = mode  # "l2" or "xconnect"
        self.isolation = isolation  # port security, MAC limits, storm control, policing on
        self.learns_macs = mode == "l2"  # closed-loop scaling waits for learned_macs()
        self.nports = nports
        self.mac_table_size = mac_table_size
        self.pmd_cpus = list(pmd_cpus)
        self.prefix = env.prefix(name)
        self.ctl = os.path.join(env.tmp, "ctl.sock")
        self.sockets = [os.path.join(env.tmp, "p{}.sock".format(i)) for i in range(nports)]
        self.process = None

    def start(self):
        names = ["p{}".format(i) for i in range(self.nports)]
        memory = 512 if self.nports <= 4 else 1024
        argv = [self.env.binary("nfv-switch", baseline=self.baseline),
                "--pmd-cores", ",".join(str(c) for c in self.pmd_cpus),
                "--main-core", self.env.gen_cpu, "--memory", memory,
                "--file-prefix", self.prefix, "--control-socket", self.ctl,
                "--vhost-dir", self.env.tmp, "--idle-sleep-max-us", 0,
                "--mac-table-size", self.mac_table_size, "--log-level", "warning"]
        for name, path in zip(names, self.sockets):
            argv += ["--port", "{},type=vhost,path={}".format(name, path)]
        if self.mode == "l2":
            argv += ["--bridge", "br0:" + ",".join(names)]
        else:
            for i in range(0, self.nports, 2):
                argv += ["--xconnect", "{},{}".format(names[i], names[i + 1])]
        self.process = procs.start("nfv-switch", argv, self.env.log("switch"))
        procs.wait_for(lambda: all(os.path.exists(p) for p in [self.ctl] + self.sockets),
                       30, "nfv-switch's sockets", self.process)
        if self.isolation:
            self._set_ports(True, storm=False)

    def _set_ports(self, on, storm):
        """Every isolation feature on (storm control too if `storm`) or off, on each port: when
        on, the generator's MAC and IPv4 address of that port are the only sources allowed."""
        for index in range(self.nports):
            name = "p{}".format(index)
            if on:
                settings = ["--port-security", "--allowed-mac", port_mac(index, self.nports),
                            "--allowed-ip", frames.port_ipv4(index)] + ISOLATION_SETTINGS
                settings += STORM_SETTINGS if storm else []
            else:
                settings = ISOLATION_OFF
            self._nfvctl("port", "set", name, *settings)

    def set_isolation(self, on):
        """Turns the features on or off while frames circulate, and checks that they took."""
        self._set_ports(on, storm=True)
        for port in self._nfvctl("port", "list")["ports"]:
            secured = (port.get("security") or {}).get("enabled", False)
            storm = (port.get("rates") or {}).get("storm_broadcast_pps", 0)
            if secured != on or bool(storm) != on:
                raise RuntimeError("nfv-l2-isolation: port {} did not take its settings: {}".format(
                    port["name"], port))

    def after_seed(self):
        """Called once the generator's frames circulate: storm control on (nfv-l2-isolation)."""
        if not self.isolation:
            return
        procs.wait_for(lambda: self.learned_macs() >= self.nports, LEARN_TIMEOUT_S,
                       "the bridge to learn the generator's MACs", self.process)
        self.set_isolation(True)

    def attach(self):
        pass

    def _nfvctl(self, *args):
        return json.loads(procs.run([self.env.binary("nfvctl"), "-j", "-s", self.ctl] + list(args),
                                    timeout=20))

    def counters(self):
        """Cumulative (busy_cycles, packets) of all PMDs."""
        pmds = self._nfvctl("pmd", "list")["pmds"]
        return {"busy_cycles": sum(p["busy_cycles"] for p in pmds),
                "idle_cycles": sum(p["idle_cycles"] for p in pmds),
                "packets": sum(p["packets"] for p in pmds),
                "iterations": sum(p["iterations"] for p in pmds)}

    def learned_macs(self):
        """MAC table entries of all bridges."""
        return sum(b["macs"] for b in self._nfvctl("bridge", "list")["bridges"])

    def window_begin(self):
        self._begin = self.counters()

    def window_end(self):
        end = self.counters()
        delta = {k: end[k] - self._begin[k] for k in end}
        result = {"switch_busy_cycles": delta["busy_cycles"], "switch_packets": delta["packets"],
                  "switch_cycles_per_packet": delta["busy_cycles"] / delta["packets"]
                  if delta["packets"] else None,
                  "switch_busy_pct": 100.0 * delta["busy_cycles"] /
                  max(1, delta["busy_cycles"] + delta["idle_cycles"]),
                  # how full the PMD's polls were: packets per pass over all its queues
                  "switch_packets_per_iteration": delta["packets"] / delta["iterations"]
                  if delta["iterations"] else None}
        try:
            result["switch_stats"] = self._nfvctl("stats")
        except (RuntimeError, ValueError):
            pass
        return result

    def _drops(self):
        """Frames dropped so far, by reason, summed over ports."""
        total = {}
        for port in self._nfvctl("stats")["ports"]:
            for reason, count in port["drops"].items():
                total[reason] = total.get(reason, 0) + count
        return total

    def trial_begin(self):
        """Counters before one RFC 2544 trial; trial_end() gives what changed. An observation
        that fails (the switch's answer not as expected) leaves the trial without it."""
        try:
            self._trial = (self.counters(), self._drops())
        except (KeyError, RuntimeError, ValueError):
            self._trial = None

    def trial_end(self):
        """What the switch did during the trial (warm-up included): its PMDs' busy share and
        busy cycles per packet, and what it dropped, by reason (tx_queue_full: the generator
        did not drain its rings; no entry: every loss was frames the switch did not take)."""
        if self._trial is None:
            return {}
        begin, drops_begin = self._trial
        try:
            end, drops_end = self.counters(), self._drops()
        except (KeyError, RuntimeError, ValueError):
            return {}
        delta = {k: end[k] - begin[k] for k in end}
        busy_total = delta["busy_cycles"] + delta["idle_cycles"]
        return {"switch_busy_pct": 100.0 * delta["busy_cycles"] / busy_total if busy_total else None,
                "switch_cycles_per_packet": delta["busy_cycles"] / delta["packets"]
                if delta["packets"] else None,
                "switch_drops": {r: n - drops_begin.get(r, 0) for r, n in drops_end.items()
                                 if n - drops_begin.get(r, 0)}}

    def stop(self):
        if self.process:
            self.process.stop(grace_s=15)
        return [self.prefix]
