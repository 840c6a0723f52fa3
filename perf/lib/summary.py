"""summary.json: one record per (mode, subject, frame size[, scaling configuration]) with the
median across rounds, min and max, and ratios paired within each round."""
from collections import OrderedDict

from . import frames, stats, subjects, targets


def _group(units, mode):
    groups = OrderedDict()
    for u in units:
        if u["mode"] != mode:
            continue
        key = (u["subject"], u["frame_size"], (u.get("config") or {}).get("name"))
        groups.setdefault(key, []).append(u)
    return groups


def _by_round(units, field):
    return {u["round"]: u.get(field) for u in units if u["ok"]}


def _put_spread(record, name, values, scale=1.0):
    s = stats.spread([v / scale if v is not None else None for v in values])
    record[name] = s["median"]
    record[name + "_min"] = s["min"]
    record[name + "_max"] = s["max"]
    return s


def _errors(units):
    return ["round {}: {}".format(u["round"], u.get("error")) for u in units if not u["ok"]]


def _search_records(units, mode, reference_key):
    """RFC 2544 or scaling records; ratios to the reference group of the same frame size."""
    groups = _group(units, mode)
    out = []
    for (subject, size, config), members in groups.items():
        ok = [u for u in members if u["ok"]]
        rec = OrderedDict(mode=mode, subject=subject, frame_size=frames.label(size), config=config,
                          rounds=len(ok), failed_rounds=len(members) - len(ok))
        if config:
            rec["config_detail"] = members[0]["config"]
        for name in ("ndr", "pdr"):
            s = _put_spread(rec, name + "_mpps", [u[name + "_pps"] for u in ok], 1e6)
            rec[name + "_gbps"] = frames.gbps(s["median"] * 1e6 if s["median"] is not None else None,
                                              size)
        rec["p50_latency_us"] = stats.spread([u["ndr_p50_latency_us"] for u in ok])["median"]
        rec["p99_latency_us"] = stats.spread([u["ndr_p99_latency_us"] for u in ok])["median"]
        rec["p99_latency_us_min"] = stats.spread([u["ndr_p99_latency_us"] for u in ok])["min"]
        rec["p99_latency_us_max"] = stats.spread([u["ndr_p99_latency_us"] for u in ok])["max"]
        rec["pdr_p99_latency_us"] = stats.spread([u["pdr_p99_latency_us"] for u in ok])["median"]
        rec["generator_cycles_per_frame"] = stats.spread(
            [u["ndr_generator_cycles_per_frame"] for u in ok])["median"]
        rec["generator_limited"] = any(u.get("generator_limited") for u in ok)
        # Who was saturated at NDR: the switch's PMD busy share and cycles per packet
        # (nfv-switch only), and where the confirmation trial's losses were.
        rec["ndr_switch_busy_pct"] = stats.spread([u.get("ndr_switch_busy_pct") for u in ok])["median"]
        rec["ndr_switch_cycles_per_packet"] = stats.spread(
            [u.get("ndr_switch_cycles_per_packet") for u in ok])["median"]
        drops = {}
        for u in ok:
            for reason, count in (u.get("ndr_switch_drops") or {}).items():
                drops[reason] = drops.get(reason, 0) + count
        rec["ndr_switch_drops"] = drops
        rec["ndr_generator_tx_failed"] = sum(u.get("ndr_generator_tx_failed") or 0 for u in ok)
        rec["unconfirmed_rounds"] = sum(1 for u in ok if not u["ndr_confirmed"])
        ref = groups.get(reference_key(subject, size, config))
        ratio_name = "ratio_to_testpmd_io" if mode == "rfc2544" else "ratio_to_base"
        for name, prefix in (("ndr_pps", ""), ("pdr_pps", "pdr_")):
            ratios = stats.paired_ratios(_by_round(members, name), _by_round(ref, name)) if ref else []
            _put_spread(rec, prefix + ratio_name, ratios)
        rec["errors"] = _errors(members)
        out.append(rec)
    return out


def _closed_loop_records(units):
    groups = _group(units, "closed_loop")
    out = []
    for (subject, size, _), members in groups.items():
        ok = [u for u in members if u["ok"]]
        rec = OrderedDict(mode="closed_loop", subject=subject, frame_size=frames.label(size),
                          rounds=len(ok), failed_rounds=len(members) - len(ok),
                          ndr_mpps=None, pdr_mpps=None, p50_latency_us=None, p99_latency_us=None)
        s = _put_spread(rec, "mpps", [u["pps"] for u in ok], 1e6)
        rec["gbps"] = frames.gbps(s["median"] * 1e6 if s["median"] is not None else None, size)
        ref = groups.get((subjects.REFERENCE, size, None))
        ratios = stats.paired_ratios(_by_round(members, "pps"), _by_round(ref, "pps")) if ref else []
        _put_spread(rec, "ratio_to_testpmd_io", ratios)
        _put_spread(rec, "switch_cycles_per_packet", [u.get("switch_cycles_per_packet") for u in ok])
        _put_spread(rec, "generator_cycles_per_packet",
                    [u.get("generator_cycles_per_packet") for u in ok])
        rec["switch_busy_pct"] = stats.spread([u.get("switch_busy_pct") for u in ok])["median"]
        base = groups.get((subject + subjects.BASELINE_SUFFIX, size, None))
        if base:  # a paired A/B of two builds: this build over the baseline build, per round
            throughput = stats.paired_ratios(_by_round(members, "pps"), _by_round(base, "pps"))
            cycles = stats.paired_ratios(_by_round(members, "switch_cycles_per_packet"),
                                         _by_round(base, "switch_cycles_per_packet"))
            _put_spread(rec, "ratio_to_baseline", throughput)
            _put_spread(rec, "switch_cycles_ratio_to_baseline", cycles)
            rec["ratio_to_baseline_interval"] = stats.geometric_interval(throughput)
            rec["switch_cycles_ratio_to_baseline_interval"] = stats.geometric_interval(cycles)
        rec["per_round"] = [{"round": u["round"], "mpps": u["pps"] / 1e6,
                             "switch_cycles_per_packet": u.get("switch_cycles_per_packet"),
                             "generator_cycles_per_packet": u.get("generator_cycles_per_packet")}
                            for u in ok]
        rec["errors"] = _errors(members)
        out.append(rec)
    return out


def _alternating_records(units, mode):
    """Alternating windows of one loop (isolation_cost, telemetry_cost): per subject (off:
    nfv-l2, on: the other), the rate and the switch's busy cycles per packet."""
    out = []
    for (subject, size, _), members in _group(units, mode).items():
        ok = [u for u in members if u["ok"]]
        rec = OrderedDict(mode=mode, subject=subject, frame_size=frames.label(size),
                          rounds=len(ok), failed_rounds=len(members) - len(ok),
                          ndr_mpps=None, pdr_mpps=None, p50_latency_us=None, p99_latency_us=None)
        _put_spread(rec, "mpps", [u["pps"] for u in ok], 1e6)
        _put_spread(rec, "switch_cycles_per_packet", [u.get("switch_cycles_per_packet") for u in ok])
        rec["switch_busy_pct"] = stats.spread([u.get("switch_busy_pct") for u in ok])["median"]
        rec["errors"] = _errors(members)
        out.append(rec)
    return out


def _scaling_cl_records(units):
    """Closed-loop scaling: per (subject, configuration), the rate, its ratio to the same
    subject's base configuration in the same round, and (nfv-l2) that ratio divided by testpmd
    io's in the same round: what the switch loses beyond what the ports and generator lose."""
    groups = _group(units, "scaling_cl")
    out = []
    for (subject, size, config), members in groups.items():
        ok = [u for u in members if u["ok"]]
        rec = OrderedDict(mode="scaling_cl", subject=subject, frame_size=frames.label(size),
                          config=config, config_detail=members[0].get("config") or {},
                          rounds=len(ok), failed_rounds=len(members) - len(ok),
                          ndr_mpps=None, pdr_mpps=None, p99_latency_us=None)
        _put_spread(rec, "mpps", [u["pps"] for u in ok], 1e6)
        to_base = _ratios_to_base(groups, subject, size, config)
        _put_spread(rec, "ratio_to_base", list(to_base.values()))
        if subject != subjects.REFERENCE:
            reference = _ratios_to_base(groups, subjects.REFERENCE, size, config)
            _put_spread(rec, "ratio_to_base_vs_testpmd_io",
                        stats.paired_ratios(to_base, reference))
        _put_spread(rec, "switch_cycles_per_packet", [u.get("switch_cycles_per_packet") for u in ok])
        _put_spread(rec, "generator_cycles_per_packet",
                    [u.get("generator_cycles_per_packet") for u in ok])
        rec["switch_busy_pct"] = stats.spread([u.get("switch_busy_pct") for u in ok])["median"]
        rec["learned_macs"] = stats.spread([u.get("learned_macs") for u in ok])["median"]
        rec["errors"] = _errors(members)
        out.append(rec)
    return out


def _ratios_to_base(groups, subject, size, config):
    """{round: rate / the subject's base rate in that round} (empty when either is missing)."""
    members, base = groups.get((subject, size, config)), groups.get((subject, size, "base"))
    if not members or not base:
        return {}
    return stats.ratios_by_round(_by_round(members, "pps"), _by_round(base, "pps"))


def build(units):
    records = _search_records(units, "rfc2544", lambda s, size, c: (subjects.REFERENCE, size, None))
    records += _closed_loop_records(units)
    records += _search_records(units, "scaling", lambda s, size, c: (s, size, "base"))
    records += _scaling_cl_records(units)
    records += _alternating_records(units, "isolation_cost")
    records += _alternating_records(units, "telemetry_cost")
    records += targets.build(units)
    return records
