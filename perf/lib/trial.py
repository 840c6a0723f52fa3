"""One RFC 2544 trial through nfv-traffic's `trial` command, summed over directions.

Loss counts what the switch did not deliver: frames sent and not received, plus frames the
switch's side of the virtio ring refused (tx_failed: it did not drain the ring in time)."""


MAX_DIRECTIONS = 16  # nfv-traffic's trial: "at most 16 directions"


def directions_for(nports, reverse=False):
    """Up to 16 ports: paired 0<->1, 2<->3..., every port sends to its partner and receives
    from it. More (at most 32): 16 directions, the first half sending to the second half
    (`reverse`: the other way, to teach a learning switch the receivers' MACs)."""
    if nports <= MAX_DIRECTIONS:
        tx = list(range(nports))
        return tx, [p ^ 1 for p in tx]
    half = nports // 2
    if half > MAX_DIRECTIONS:
        raise ValueError("{} ports: a trial has at most {} directions".format(nports, MAX_DIRECTIONS))
    tx, rx = list(range(half)), list(range(half, 2 * half))
    return (rx, tx) if reverse else (tx, rx)


def run(generator, rate_pps_per_dir, duration_s, warmup_s, frame, nports=2, flows=None,
        drain_ms=300, reverse=False):
    tx, rx = directions_for(nports, reverse)
    params = dict(tx_ports=tx, rx_ports=rx, rate_pps=int(rate_pps_per_dir), duration_s=duration_s,
                  warmup_s=warmup_s, drain_ms=drain_ms, frame=frame)
    if flows:
        params["flows"] = flows
    reply = generator.command("trial", timeout_s=warmup_s + duration_s + drain_ms / 1000 + 30,
                              **params)
    dirs = reply["directions"]
    sent = sum(d["sent"] for d in dirs)
    failed = sum(d["tx_failed"] for d in dirs)
    received = sum(d["received"] for d in dirs)
    offered = sent + failed
    lat = [d.get("latency") or {} for d in dirs]

    def worst(key):
        values = [entry.get(key) for entry in lat if entry.get("samples")]
        return max(values) if values else None

    return {
        "rate_pps_per_dir": int(rate_pps_per_dir),
        "offered_pps": rate_pps_per_dir * len(dirs) if rate_pps_per_dir else None,
        "sent": sent, "tx_failed": failed, "received": received,
        "loss_ratio": (offered - received) / offered if offered else 1.0,
        "tx_rate_pps": sum(d["tx_rate_pps"] for d in dirs),
        "rx_rate_pps": sum(d["rx_rate_pps"] for d in dirs),
        "min_dir_tx_rate_pps": min(d["tx_rate_pps"] for d in dirs),
        "min_dir_rx_rate_pps": min(d["rx_rate_pps"] for d in dirs),
        "corrupt": sum(d["corrupt"] for d in dirs),
        "p50_latency_us": worst("p50_us"), "p99_latency_us": worst("p99_us"),
        "max_latency_us": worst("max_us"),
        "generator_cycles_per_frame": reply.get("cycles_per_frame"),
        "directions": dirs,
    }
