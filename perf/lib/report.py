"""summary.md: the tables a reader wants, and what the machine was."""
from . import stats, subjects, targets

S = stats.fmt_spread
F = stats.fmt


def _machine(meta):
    m = meta["machine"]
    return "\n".join([
        "## Machine", "",
        "| | |", "|---|---|",
        "| CPU | {} |".format(m.get("cpu_model")),
        "| CPUs | {} online, allowed {}; switch PMD on CPU {}, generator datapath on CPU {} |".format(
            m.get("cpus_online"), m.get("cpus_allowed"), meta["switch_cpus"], meta["gen_cpu"]),
        "| OS, kernel | {}, {} |".format(m.get("os"), m.get("kernel")),
        "| DPDK | {} (package dpdk {}; testpmd from dpdk-dev {}) |".format(
            m.get("dpdk"), m.get("dpdk_package"), m.get("testpmd_package")),
        "| Open vSwitch | {} {} |".format(m.get("ovs"), m.get("ovs_dpdk") or ""),
        "| nfv-switch | {}, git {} |".format(m.get("nfv_switch"), m.get("git_commit")),
        "| hugepages | {} x 2 MB |".format(m.get("hugepages_2mb")),
        "| command | `{}` |".format(meta["command"]),
        "| started (UTC), wall time | {}, {} |".format(meta["started_utc"], meta.get("wall_time")),
        ""])


def _rfc2544(records, meta):
    rows = [r for r in records if r["mode"] == "rfc2544"]
    if not rows:
        return ""
    cfg = meta["config"]
    out = ["## RFC 2544 throughput", "",
           "Binary search per (subject, frame size), fresh processes per round; NDR = loss <= {}, "
           "PDR = loss <= {}; search trials {} s, confirmation {} x {} s, warm-up {} s, resolution "
           "{:.0%} of the generator's maximum. Rates are both directions together; Gbit/s count "
           "Ethernet frames with FCS (no preamble/IFG). Latency p50/p99 at the NDR rate (the worse "
           "direction). Median of {} round(s) [min..max]; ratio = subject/testpmd-io NDR in the "
           "same round.".format(cfg["ndr_loss"], cfg["pdr_loss"], cfg["search_s"], cfg["confirm"],
                               cfg["trial_s"], cfg["warmup_s"], cfg["resolution"], cfg["rounds"]),
           "",
           "| subject | frame | NDR Mpps | NDR Gbit/s | PDR Mpps | PDR Gbit/s | p50 us | p99 us "
           "| NDR ratio to testpmd io | PDR ratio | notes |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        notes = []
        if r["generator_limited"]:
            notes.append("generator-limited")
        if r["unconfirmed_rounds"]:
            notes.append("{} round(s) unconfirmed".format(r["unconfirmed_rounds"]))
        if r["failed_rounds"]:
            notes.append(_failed(r))
        out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["subject"], r["frame_size"], S(_sp(r, "ndr_mpps"), 3), F(r["ndr_gbps"]),
            S(_sp(r, "pdr_mpps"), 3), F(r["pdr_gbps"]), F(r["p50_latency_us"], 1),
            F(r["p99_latency_us"], 1), S(_sp(r, "ratio_to_testpmd_io")),
            S(_sp(r, "pdr_ratio_to_testpmd_io")), ", ".join(notes)))
    return "\n".join(out) + "\n"


def _lost(r):
    parts = []
    if r.get("ndr_generator_tx_failed"):
        parts.append("not taken {}".format(r["ndr_generator_tx_failed"]))
    parts += ["{} {}".format(k, v) for k, v in sorted((r.get("ndr_switch_drops") or {}).items())]
    return ", ".join(parts) or "-"


def _failed(r):
    """'FAILED 2x: <errors>' for a record with failed rounds, '' otherwise."""
    if not r["failed_rounds"]:
        return ""
    return "FAILED {}x: {}".format(r["failed_rounds"], "; ".join(r["errors"])[:300])


def _sp(r, name):
    median = r.get(name)
    return {"median": median, "min": r.get(name + "_min"), "max": r.get(name + "_max"),
            "n": r.get("rounds", 0) if median is not None else 0}


def _closed_loop(records, meta):
    rows = [r for r in records if r["mode"] == "closed_loop"]
    if not rows:
        return ""
    cfg = meta["config"]
    out = ["## Closed loop", "",
           "Generator: nfv-traffic io forwarding between its two ports, 8 bursts of 32 frames "
           "seeded per port; {} s warm-up, {} s window; rate = frames forwarded per second, both "
           "directions. Median of {} round(s) [min..max]; ratio = paired with testpmd io in the "
           "same round. Cycles/packet: busy TSC cycles of the switch's PMD (nfvctl pmd list, "
           "testpmd --record-core-cycles, OVS pmd-stats-show) and of the generator's datapath, "
           "per packet forwarded.{}".format(cfg["cl_warmup_s"], cfg["cl_window_s"], cfg["rounds"],
                                            " Frames: the test header in IPv4/UDP, each port "
                                            "with its own address." if cfg.get("frames") == "ipv4"
                                            else ""),
           "",
           "| subject | frame | Mpps | Gbit/s | ratio to testpmd io | switch cycles/pkt | switch busy % "
           "| generator cycles/pkt | notes |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        notes = _failed(r)
        out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["subject"], r["frame_size"], S(_sp(r, "mpps"), 3), F(r["gbps"]),
            S(_sp(r, "ratio_to_testpmd_io")), S(_sp(r, "switch_cycles_per_packet"), 0),
            F(r["switch_busy_pct"], 0), S(_sp(r, "generator_cycles_per_packet"), 0), notes))
    return "\n".join(out) + "\n"


def _ab(records, meta):
    rows = [r for r in records if r["mode"] == "closed_loop" and "ratio_to_baseline" in r]
    if not rows:
        return ""
    out = ["## A/B: this build against the baseline build", "",
           "The same subject from two builds (`SUBJECT@base`: nfv-switch of `{}`), measured in "
           "turn in every round of the closed loop above. Ratios are paired within a round: "
           "throughput this/baseline (above 1: faster), and the switch's busy cycles per packet "
           "this/baseline (below 1: cheaper). Median [min..max] over {} round(s); geometric "
           "mean of the paired ratios with its 95 % confidence interval (an interval that "
           "contains 1: no difference this run can resolve).".format(
               meta["config"].get("baseline_build"), meta["config"]["rounds"]), "",
           "| subject | frame | throughput ratio | geo. mean [95 % CI] | switch cycles/pkt ratio "
           "| geo. mean [95 % CI] |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        out.append("| {} | {} | {} | {} | {} | {} |".format(
            r["subject"], r["frame_size"], S(_sp(r, "ratio_to_baseline"), 3),
            stats.fmt_interval(r.get("ratio_to_baseline_interval")),
            S(_sp(r, "switch_cycles_ratio_to_baseline"), 3),
            stats.fmt_interval(r.get("switch_cycles_ratio_to_baseline_interval"))))
    return "\n".join(out) + "\n"


def _scaling_cl(records, meta):
    rows = [r for r in records if r["mode"] == "scaling_cl"]
    if not rows:
        return ""
    cfg = meta["config"]
    out = ["## Scaling of nfv-l2 (closed loop: the scaling targets)", "",
           "The closed loop above at {} with more ports (paired 0<->1, 2<->3...; the same 16 "
           "bursts of 32 frames in flight in all) and more learned MACs: the generator rewrites "
           "every frame it forwards so that its source and destination are two of `MACs / ports` "
           "MACs per port, in scrambled order, and the window starts once the bridge has learned "
           "them all. Ratio to base = paired with the same subject's 2-port, 1K-MAC rate in the "
           "same round. vs testpmd io = that ratio divided by testpmd io's in the same round "
           "(1.0: the switch loses nothing beyond what the vhost-user ports and the generator "
           "lose). {} s warm-up, {} s window, median of {} round(s) [min..max].".format(
               rows[0]["frame_size"], cfg["cl_warmup_s"], cfg["cl_window_s"], cfg["rounds"]), "",
           "| subject | configuration | ports | MACs | Mpps | ratio to base | vs testpmd io "
           "| switch cycles/pkt | switch busy % | generator cycles/pkt | notes |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        c = r.get("config_detail") or {}
        notes = _failed(r)
        out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["subject"], r["config"], c.get("ports"), c.get("macs"), S(_sp(r, "mpps"), 3),
            S(_sp(r, "ratio_to_base")), S(_sp(r, "ratio_to_base_vs_testpmd_io")),
            S(_sp(r, "switch_cycles_per_packet"), 0), F(r["switch_busy_pct"], 0),
            S(_sp(r, "generator_cycles_per_packet"), 0), notes))
    return "\n".join(out) + "\n"


def _scaling(records, meta):
    rows = [r for r in records if r["mode"] == "scaling"]
    if not rows:
        return ""
    out = ["## Scaling of nfv-l2 (NDR)", "",
           "RFC 2544 NDR (same search as above) of nfv-l2 at {}; ratio to the 2-port, 1K-MAC, "
           "1-PMD figure of the same round. MACs = source MACs learned by the bridge in total "
           "(`flows` = MACs / ports per port).".format(rows[0]["frame_size"]), ""]
    if meta.get("scaling_note"):
        out += [meta["scaling_note"], ""]
    out += ["Switch busy % and cycles/pkt: nfv-switch's PMD during the NDR confirmation trial "
            "(warm-up included); a PMD near 100% busy is the bottleneck, one well below it waits "
            "for the generator. Lost at NDR: frames the switch did not take from the generator's "
            "rings (not taken) and the switch's drops by reason, summed over rounds.", "",
            "| configuration | ports | MACs | PMDs | NDR Mpps | ratio to base | PDR Mpps | PDR ratio "
            "| p99 us | switch busy % | switch cycles/pkt | lost at NDR | notes |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        c = r.get("config_detail") or {}
        notes = _failed(r) or ("generator-limited" if r["generator_limited"] else "")
        out.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["config"], c.get("ports"), c.get("macs"), c.get("pmds"), S(_sp(r, "ndr_mpps"), 3),
            S(_sp(r, "ratio_to_base")), S(_sp(r, "pdr_mpps"), 3), S(_sp(r, "pdr_ratio_to_base")),
            F(r["p99_latency_us"], 1), F(r.get("ndr_switch_busy_pct"), 0),
            F(r.get("ndr_switch_cycles_per_packet"), 0), _lost(r), notes))
    return "\n".join(out) + "\n"


def _alternating_table(rows, title, intro, off_subject):
    """A table of --isolation-cost or --telemetry-cost: one row per subject and frame size."""
    out = [title, "", intro, "",
           "| features | frame | Mpps | switch cycles/pkt | switch busy % | notes |",
           "|---|---|---|---|---|---|"]
    for r in rows:
        out.append("| {} | {} | {} | {} | {} | {} |".format(
            "off" if r["subject"] == off_subject else "on", r["frame_size"],
            S(_sp(r, "mpps"), 3), S(_sp(r, "switch_cycles_per_packet"), 0),
            F(r["switch_busy_pct"], 0), _failed(r)))
    return "\n".join(out) + "\n"


def _isolation_cost(records, meta):
    rows = [r for r in records if r["mode"] == "isolation_cost"]
    if not rows:
        return ""
    cfg = meta["config"]
    return _alternating_table(
        rows, "## Cost of isolation (alternating windows)",
        "nfv-l2-isolation's switch and generator, started once per round: with the frames "
        "circulating ({} s warm-up, IPv4/UDP), port security, MAC limit and lock, storm "
        "control and policing are turned off (`nfv-l2`) and on (`nfv-l2-isolation`) over the "
        "control socket between two {} s windows, in alternating order. Median of {} round(s) "
        "[min..max]; the paired ratios are in the targets below.".format(
            cfg["cl_warmup_s"], cfg["cl_window_s"], cfg["rounds"]), "nfv-l2")


def _telemetry_cost(records, meta):
    rows = [r for r in records if r["mode"] == "telemetry_cost"]
    if not rows:
        return ""
    cfg = meta["config"]
    return _alternating_table(
        rows, "## Cost of telemetry (alternating windows)",
        "nfv-l2's switch and generator with nfvd beside them, started once per round: with the "
        "frames circulating, nfvd is frozen (`nfv-l2`: no sampling, no scrape) or running "
        "(`nfv-l2+telemetry`: a sample every {} s, /metrics scraped every second) between two "
        "{} s windows, in alternating order. Median of {} round(s) [min..max]; the paired "
        "ratios are in the targets below.".format(
            cfg["telemetry_interval"], cfg["cl_window_s"], cfg["rounds"]), "nfv-l2")


def markdown(records, meta):
    parts = ["# nfv-appliance benchmark results", "",
             "Figures from one run on a shared machine: compare subjects only through the "
             "ratios (paired within a round), never with another run's figures. Subjects: " +
             "; ".join("`{}` {}".format(k, v) for k, v in subjects.DESCRIPTIONS.items()) + ".", "",
             _rfc2544(records, meta), _closed_loop(records, meta), _ab(records, meta),
             _scaling_cl(records, meta), _isolation_cost(records, meta),
             _telemetry_cost(records, meta),
             _scaling(records, meta),
             targets.markdown(records),
             "Plots: " + (", ".join("[{0}]({0})".format(p) for p in meta.get("plots", [])) or "none"), "",
             _machine(meta)]
    return "\n".join(p for p in parts if p is not None)
