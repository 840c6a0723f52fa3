"""perf/run's command line, and the presets behind --quick."""
import argparse
import os

from . import frames, subjects

DESCRIPTION = """\
Benchmarks of nfv-switch against dpdk-testpmd and Open vSwitch-DPDK over vhost-user, with
nfv-traffic (virtio-user) as the generator: the switch's PMD on one CPU, the generator's
datapath on another, fresh processes for every measurement. See perf/README.md.

modes (combine freely; default --rfc2544):
  --rfc2544      RFC 2544 NDR/PDR binary search: nfv-l2 nfv-xconnect testpmd-io ovs-normal
                 ovs-flows at 64, IMIX and 1518 bytes
  --closed-loop  the closed-loop comparison: frames circulating between generator and switch,
                 ratios to testpmd io, busy cycles per packet of both sides (64 and 1518 bytes)
  --scaling      nfv-l2 closed-loop throughput and NDR with 2/4/16/32(/64) ports, 1K/64K/1M
                 learned MACs, 1..N PMDs, as ratios to 2 ports and 1K MACs
  --isolation-cost  nfv-l2's bridge with port security, MAC limits, storm control and
                 policing off and on in alternating windows of the same processes (64 and 1518
                 bytes, IPv4/UDP frames), paired per round
results: perf/results/<UTC time>/ (summary.md, summary.json, results.json, *.png, logs/),
perf/results/latest -> the newest run."""

EPILOG = """\
frame sizes are RFC 2544's (with the 4-byte FCS): 64 is nfv-traffic's size 60.
--quick: 1 round, 64 and 1518 bytes, 0.5 s search trials, 2 s confirmation, 5%% resolution
(RFC 2544 mode, 5 subjects: about 5 minutes on 2 CPUs).
examples:
  perf/run --quick
  perf/run --closed-loop --rounds 5
  perf/run --scaling --rounds 2
  perf/run --isolation-cost --rounds 10 --cl-sizes 64
  perf/run --build-dir build-perf --subjects nfv-l2,testpmd-io --sizes 64"""


def _list(text):
    return [item.strip() for item in text.split(",") if item.strip()]


def _ints(text):
    out = []
    for item in _list(text):
        item = item.upper()
        mult = 1 << 20 if item.endswith("M") else 1 << 10 if item.endswith("K") else 1
        out.append(int(item.rstrip("KM")) * mult)
    return out


def parse(argv, repo):
    p = argparse.ArgumentParser(prog="perf/run", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    m = p.add_argument_group("modes")
    m.add_argument("--rfc2544", action="store_true", help="RFC 2544 search (the default mode)")
    m.add_argument("--closed-loop", action="store_true", help="closed-loop comparison (ratios to testpmd io)")
    m.add_argument("--scaling", action="store_true", help="nfv-l2 scaling: ports, MACs, PMDs")
    m.add_argument("--isolation-cost", action="store_true",
                   help="isolation features off and on in alternating windows of one loop")
    m.add_argument("--telemetry-cost", action="store_true",
                   help="nfvd sampling and a /metrics scrape every second off and on in "
                        "alternating windows of one nfv-l2 loop")
    m.add_argument("--telemetry-interval", type=float, default=1.0,
                   help="--telemetry-cost: nfvd's sampling interval in seconds (1)")
    m.add_argument("--quick", action="store_true", help="short trials, 1 round, 64 and 1518 bytes")

    g = p.add_argument_group("what to measure")
    g.add_argument("--subjects", type=_list, default=",".join(subjects.RFC2544_DEFAULT),
                   help="RFC 2544 subjects (default: %(default)s)")
    g.add_argument("--cl-subjects", type=_list, default=",".join(subjects.CLOSED_LOOP_DEFAULT),
                   help="closed-loop subjects (default: %(default)s)")
    g.add_argument("--sizes", type=frames.parse, default=None,
                   help="RFC 2544 frame sizes with FCS, or imix (default 64,imix,1518)")
    g.add_argument("--cl-sizes", type=frames.parse, default=["64", "1518"],
                   help="closed-loop frame sizes (default 64,1518)")
    g.add_argument("--frames", choices=("test", "ipv4"), default="test",
                   help="closed-loop frames: test (nfv-traffic's EtherType, default) or ipv4 "
                        "(the same test header in IPv4/UDP, each port with its own address; "
                        "needed by nfv-l2-isolation, whose ports admit IP frames only)")
    g.add_argument("--rounds", type=int, default=None,
                   help="rounds of all subjects (default: 3; 5 with --closed-loop; 1 with --quick)")

    s = p.add_argument_group("RFC 2544 search")
    s.add_argument("--ndr-loss", type=float, default=0.0, help="NDR: loss ratio allowed (0)")
    s.add_argument("--pdr-loss", type=float, default=0.005, help="PDR: loss ratio allowed (0.005)")
    s.add_argument("--trial-s", type=float, default=None, help="confirmation trial length (10 s)")
    s.add_argument("--search-s", type=float, default=None, help="search trial length (2 s)")
    s.add_argument("--warmup-s", type=float, default=None,
                   help="uncounted traffic before each trial (1 s)")
    s.add_argument("--resolution", type=float, default=None,
                   help="stop when the interval is below this fraction of the top rate (0.02)")
    s.add_argument("--confirm", type=int, default=None, help="confirmation trials at the result (2)")
    s.add_argument("--max-steps", type=int, default=None, help="search trials per unit at most (14)")

    c = p.add_argument_group("closed loop")
    c.add_argument("--cl-warmup-s", type=float, default=None, help="warm-up (3 s)")
    c.add_argument("--cl-window-s", type=float, default=None, help="measured window (5 s)")

    k = p.add_argument_group("scaling")
    k.add_argument("--scaling-ports", type=_ints, default=[2, 4, 16, 32, 64],
                   help="port counts (default 2,4,16,32,64; more than 32 is refused by "
                        "Debian's DPDK, RTE_MAX_ETHPORTS)")
    k.add_argument("--scaling-macs", type=_ints, default=[1024, 65536, 1 << 20],
                   help="learned MACs (default 1K,64K,1M)")
    k.add_argument("--scaling-methods", type=_list, default="closed-loop,ndr",
                   help="closed-loop (throughput, the scaling targets) and/or ndr (RFC 2544 "
                        "NDR) (default: %(default)s)")
    k.add_argument("--scaling-cl-subjects", type=_list, default="nfv-l2,testpmd-io",
                   help="closed-loop scaling subjects (default: %(default)s)")
    k.add_argument("--scaling-size", type=lambda t: frames.parse(t)[0], default="64",
                   help="frame size of the scaling runs (default 64)")

    e = p.add_argument_group("environment")
    e.add_argument("--build-dir", default=os.path.join(repo, "build"),
                   help="build tree with the binaries (default: build in the repo; built if missing)")
    e.add_argument("--baseline-build", default=None, metavar="DIR",
                   help="another build of nfv-switch: subjects SUBJECT@base (nfv-l2@base, "
                        "nfv-xconnect@base) run it, for a paired A/B of two builds in one run")
    e.add_argument("--results-dir", default=os.path.join(repo, "perf", "results"),
                   help="where run directories go (default perf/results)")
    e.add_argument("--cpu-lock", default="/tmp/nfv-cpu.lock",
                   help="flock file taken around each measured unit ('none': no lock; if the "
                        "caller already holds it, e.g. `flock FILE perf/run`, it is not taken again)")
    e.add_argument("--hugepages", type=int, default=None,
                   help="2 MB pages scripts/setup reserves (1024; 1536 with --scaling)")
    e.add_argument("--skip-setup", action="store_true", help="do not run scripts/setup --perf")

    a = p.parse_args(argv)
    if not (a.rfc2544 or a.closed_loop or a.scaling or a.isolation_cost or a.telemetry_cost):
        a.rfc2544 = True
    for name in a.scaling_cl_subjects:
        if name not in ("nfv-l2", "nfv-xconnect", "testpmd-io"):
            p.error("--scaling-cl-subjects: '{}' cannot run with more than 2 ports (use nfv-l2, "
                    "nfv-xconnect, testpmd-io)".format(name))
    for name in a.subjects + a.cl_subjects:
        if not subjects.known(name):
            p.error("unknown subject '{}' (known: {})".format(name, ", ".join(subjects.DESCRIPTIONS)))
    if any(name.startswith(subjects.ISOLATION) for name in a.subjects):
        p.error("{}: closed loop only (--closed-loop --cl-subjects ...)".format(subjects.ISOLATION))
    if any(name.startswith(subjects.ISOLATION) for name in a.cl_subjects) and a.frames != "ipv4":
        p.error("{} admits IP frames only: add --frames ipv4 (and measure every subject with "
                "them)".format(subjects.ISOLATION))
    quick = a.quick
    defaults = dict(sizes=["64", "1518"] if quick else ["64", "imix", "1518"],
                    rounds=1 if quick else (5 if a.closed_loop or a.isolation_cost or a.telemetry_cost else 3),
                    trial_s=2.0 if quick else 10.0, search_s=0.5 if quick else 2.0,
                    warmup_s=0.2 if quick else 1.0, resolution=0.05 if quick else 0.02,
                    confirm=1 if quick else 2, max_steps=8 if quick else 14,
                    cl_warmup_s=1.0 if quick else 3.0, cl_window_s=2.0 if quick else 5.0,
                    hugepages=1536 if a.scaling else 1024)
    for key, value in defaults.items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    for method in a.scaling_methods:
        if method not in ("closed-loop", "ndr"):
            p.error("--scaling-methods: unknown '{}' (closed-loop, ndr)".format(method))
    if a.rounds < 1:
        p.error("--rounds must be at least 1")
    a.build_dir = os.path.abspath(a.build_dir)
    a.results_dir = os.path.abspath(a.results_dir)
    wants_baseline = any(subjects.baseline_of(n) for n in a.subjects + a.cl_subjects)
    if wants_baseline and not a.baseline_build:
        p.error("subjects named SUBJECT@base need --baseline-build DIR")
    if a.baseline_build:
        a.baseline_build = os.path.abspath(a.baseline_build)
        if not os.access(os.path.join(a.baseline_build, "dataplane", "nfv-switch"), os.X_OK):
            p.error("--baseline-build {}: no dataplane/nfv-switch in it (build it first)".format(
                a.baseline_build))
    if a.cpu_lock.lower() == "none":
        a.cpu_lock = None
    return a


def config_record(a):
    keys = ["quick", "rfc2544", "closed_loop", "scaling", "subjects", "cl_subjects", "sizes",
            "cl_sizes", "rounds", "ndr_loss", "pdr_loss", "trial_s", "search_s", "warmup_s",
            "resolution", "confirm", "max_steps", "cl_warmup_s", "cl_window_s", "scaling_ports",
            "scaling_macs", "scaling_methods", "scaling_cl_subjects", "scaling_size", "build_dir", "baseline_build", "cpu_lock", "frames",
            "isolation_cost", "telemetry_cost", "telemetry_interval"]
    return {k: getattr(a, k) for k in keys}
