"""nfv-switch's performance targets, checked on what one run measured.

Every check is a median of ratios paired within a round (never figures of two runs):
- closed loop, 64 B: nfv-l2 / the faster of testpmd io and testpmd mac in the same round >= 0.9,
  and nfv-l2 / ovs-normal >= 1.3;
- closed loop, 1518 B: nfv-l2 / ovs-normal >= 1.0;
- closed loop, 64 B: the isolation features cost at most 5%: nfv-l2-isolation / nfv-l2
  throughput >= 0.95, and its switch busy cycles per packet / nfv-l2's <= 1.05;
- closed loop, 64 B: nfvd's sampling and a /metrics scrape every second cost at most 2%:
  throughput ratio (on / off) >= 0.98 and switch busy cycles per packet ratio <= 1.02;
- scaling: nfv-l2 throughput with 16 ports, and with 1M learned MACs, within 15% of the
  2-port, 1K-MAC figure (ratio to base >= 0.85), measured like that figure: in the closed loop
  (mode scaling_cl). A run without closed-loop scaling checks them on the NDR instead.
A check whose subjects were not measured is left out; one measured in fewer rounds says so."""
from collections import OrderedDict

from . import frames, stats

SCALING_FLOOR = 0.85


def _by_round(units, mode, subject, size, field, config=None):
    out = {}
    for u in units:
        if (u["mode"] == mode and u["subject"] == subject and u["frame_size"] == size
                and u["ok"] and (config is None or (u.get("config") or {}).get("name") == config)):
            out[u["round"]] = u.get(field)
    return out


def _best_of(*by_round):
    rounds = set().union(*(b.keys() for b in by_round))
    return {r: max((b.get(r) or 0) for b in by_round) for r in rounds}


def _record(name, size, ratios, threshold, detail, at_most=False):
    """`met`: the median at least `threshold` (at most, with at_most)."""
    s = stats.spread(ratios)
    met = None
    if s["median"] is not None:
        met = s["median"] <= threshold if at_most else s["median"] >= threshold
    # The fields every summary.json record has (perf/README.md), then the target's own.
    return OrderedDict(mode="target", subject="nfv-l2", frame_size=frames.label(size),
                       ndr_mpps=None, pdr_mpps=None, p99_latency_us=None, name=name,
                       detail=detail, threshold=threshold, ratio=s["median"], ratio_min=s["min"],
                       ratio_max=s["max"], rounds=s["n"], at_most=at_most, met=met,
                       interval=stats.geometric_interval(ratios))


def build(units):
    """One record per target whose own subject (nfv-l2) was measured; a target whose reference
    failed in every round is kept with met = None, so the table shows what is missing."""
    out = []
    cl = lambda subject, size: _by_round(units, "closed_loop", subject, size, "pps")  # noqa: E731
    l2_64, l2_1518 = cl("nfv-l2", "64"), cl("nfv-l2", "1518")
    if l2_64:
        best = _best_of(cl("testpmd-io", "64"), cl("testpmd-mac", "64"))
        out.append(_record("64B: nfv-l2 vs the faster of testpmd io/mac", "64",
                           stats.paired_ratios(l2_64, best), 0.9, "closed loop, paired rounds"))
        out.append(_record("64B: nfv-l2 vs OVS-DPDK NORMAL", "64",
                           stats.paired_ratios(l2_64, cl("ovs-normal", "64")), 1.3,
                           "closed loop, paired rounds"))
    if l2_1518:
        out.append(_record("1518B: nfv-l2 vs OVS-DPDK NORMAL", "1518",
                           stats.paired_ratios(l2_1518, cl("ovs-normal", "1518")), 1.0,
                           "closed loop, paired rounds"))
    out += _isolation_cost(units)
    out += _telemetry_cost(units)
    closed = any(u["mode"] == "scaling_cl" for u in units)
    mode, field, detail = (("scaling_cl", "pps", "closed loop, paired rounds") if closed else
                           ("scaling", "ndr_pps", "scaling NDR, paired rounds"))
    sizes = sorted({u["frame_size"] for u in units if u["mode"] == mode})
    for config, label in (("16ports", "16 ports"), ("1Mmacs", "1M learned MACs")):
        for size in sizes:
            value = _by_round(units, mode, "nfv-l2", size, field, config)
            if not value:
                continue
            base = _by_round(units, mode, "nfv-l2", size, field, "base")
            out.append(_record("{}: nfv-l2 with {} vs 2 ports, 1K MACs".format(
                frames.label(size), label), size, stats.paired_ratios(value, base), SCALING_FLOOR,
                detail))
    return out


def _isolation_cost(units):
    """From the alternating windows of --isolation-cost, and from separate closed-loop units
    when the run compared the two subjects that way."""
    out = []
    for mode, detail in (("isolation_cost", "alternating windows of one loop, paired rounds"),
                         ("closed_loop", "closed loop, paired rounds")):
        sizes = {u["frame_size"] for u in units
                 if u["mode"] == mode and u["subject"] == "nfv-l2-isolation"}
        for size in sorted(sizes):
            def paired(field):
                return stats.paired_ratios(
                    _by_round(units, mode, "nfv-l2-isolation", size, field),
                    _by_round(units, mode, "nfv-l2", size, field))
            label = frames.label(size)
            out.append(_record("{}: nfv-l2-isolation vs nfv-l2, throughput".format(label), size,
                               paired("pps"), 0.95, detail))
            out.append(_record("{}: nfv-l2-isolation vs nfv-l2, switch cycles/packet".format(
                label), size, paired("switch_cycles_per_packet"), 1.05, detail, at_most=True))
    return out


def _telemetry_cost(units):
    """From the alternating windows of --telemetry-cost: sampling and scraping cost the fast
    path at most 2%."""
    out = []
    sizes = {u["frame_size"] for u in units if u["mode"] == "telemetry_cost"}
    for size in sorted(sizes):
        def paired(field):
            return stats.paired_ratios(
                _by_round(units, "telemetry_cost", "nfv-l2+telemetry", size, field),
                _by_round(units, "telemetry_cost", "nfv-l2", size, field))
        label = frames.label(size)
        detail = "alternating windows of one loop, paired rounds"
        out.append(_record("{}: telemetry on vs off, throughput".format(label), size,
                           paired("pps"), 0.98, detail))
        out.append(_record("{}: telemetry on vs off, switch cycles/packet".format(label), size,
                           paired("switch_cycles_per_packet"), 1.02, detail, at_most=True))
    return out


def markdown(records):
    rows = [r for r in records if r["mode"] == "target"]
    if not rows:
        return ""
    out = ["## Performance targets", "",
           "Medians of ratios paired within a round [min..max]; `met` compares the median with "
           "the threshold. Geometric mean of the same ratios with its 95 % confidence interval: "
           "how far this run resolves the ratio.", "",
           "| target | ratio | geo. mean [95 % CI] | threshold | rounds | met | measured by |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        s = {"median": r["ratio"], "min": r["ratio_min"], "max": r["ratio_max"], "n": r["rounds"]}
        met = "-" if r["met"] is None else ("yes" if r["met"] else "**no**")
        out.append("| {} | {} | {} | {} {} | {} | {} | {} |".format(
            r["name"], stats.fmt_spread(s), stats.fmt_interval(r.get("interval")),
            "<=" if r.get("at_most") else ">=", r["threshold"],
            r["rounds"], met, r["detail"]))
    return "\n".join(out) + "\n"
