"""The switches under test, by name. Each is built for one unit (fresh processes) and has:
start() [before the generator unless generator_is_server], attach() [after it], sockets,
window_begin()/window_end() (busy cycles of its PMD over a window) and stop() (returns the
DPDK file prefixes it used, for clean-up)."""
from .nfv_switch import NfvSwitch
from .ovs import Ovs
from .testpmd import Testpmd

DESCRIPTIONS = {
    "nfv-l2": "nfv-switch, one learning bridge (--bridge br0:p0,p1)",
    "nfv-xconnect": "nfv-switch, cross-connect (--xconnect p0,p1)",
    "nfv-l2-isolation": "nfv-switch, the bridge of nfv-l2 with port security (allowed MAC and "
                        "IPv4 address), a MAC limit and lock, storm control and policing on both "
                        "ports, set so that none of them drops the measured traffic",
    "testpmd-io": "dpdk-testpmd, two net_vhost ports, io forwarding",
    "testpmd-mac": "dpdk-testpmd, two net_vhost ports, mac forwarding",
    "ovs-normal": "OVS-DPDK, NORMAL action (MAC learning)",
    "ovs-flows": "OVS-DPDK, port-to-port OpenFlow rules",
}
RFC2544_DEFAULT = ["nfv-l2", "nfv-xconnect", "testpmd-io", "ovs-normal", "ovs-flows"]
CLOSED_LOOP_DEFAULT = ["nfv-l2", "nfv-xconnect", "testpmd-io", "testpmd-mac", "ovs-normal",
                       "ovs-flows"]
REFERENCE = "testpmd-io"
# SUBJECT@base: the same nfv-switch subject from the --baseline-build build, for a paired A/B of
# two builds in one run (nfv-l2 against nfv-l2@base, round by round).
BASELINE_SUFFIX = "@base"
NFV_SUBJECTS = ("nfv-l2", "nfv-xconnect", "nfv-l2-isolation")
ISOLATION = "nfv-l2-isolation"


def known(name):
    base = name[:-len(BASELINE_SUFFIX)] if name.endswith(BASELINE_SUFFIX) else None
    return name in DESCRIPTIONS or base in NFV_SUBJECTS


def baseline_of(name):
    """'nfv-l2' for 'nfv-l2@base', None for a subject that is not a baseline."""
    return name[:-len(BASELINE_SUFFIX)] if name.endswith(BASELINE_SUFFIX) else None


def make(env, name, nports=2, mac_table_size=65536, pmds=1):
    base = baseline_of(name)
    kind = base or name
    if kind in NFV_SUBJECTS:
        mode = "xconnect" if kind == "nfv-xconnect" else "l2"
        return NfvSwitch(env, name, mode, nports, mac_table_size, env.switch_cpus[:pmds],
                         baseline=base is not None, isolation=kind == ISOLATION)
    if name == "testpmd-io" and pmds == 1:  # ports paired 0<->1, 2<->3... (testpmd's default)
        return Testpmd(env, name, "io", nports)
    if nports != 2 or pmds != 1:
        raise ValueError("{}: only 2 ports and 1 PMD are set up".format(name))
    if name == "testpmd-mac":
        return Testpmd(env, name, "mac")
    if name == "ovs-normal":
        return Ovs(env, name, flows=False)
    if name == "ovs-flows":
        return Ovs(env, name, flows=True)
    raise ValueError("unknown subject '{}' (known: {})".format(name, ", ".join(DESCRIPTIONS)))
