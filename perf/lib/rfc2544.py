"""The RFC 2544 campaign: for each frame size, rounds of all subjects in turn (A B C D E,
A B C D E...), fresh processes for each (subject, size, round), one throughput search each."""
from . import frames, harness, progress, search, trial
from .traffic import TrafficError


def run_unit(env, recorder, cfg, subject, size, rnd, nports=2, flows=None, mac_table_size=65536,
             pmds=1, mode="rfc2544", config=None, gen_memory_mb=256, learn=False):
    """One search on fresh processes; records its trials and its outcome, returns the outcome."""
    tag = "[{} {} {} r{}]".format(mode, subject, frames.label(size), rnd) if config is None else \
        "[{} {} {} r{}]".format(mode, subject, config["name"], rnd)
    frame = frames.generator_frame(size)
    unit = {"mode": mode, "subject": subject, "frame_size": size, "round": rnd,
            "config": config or {}, "ok": False}
    try:
        with harness.unit(env, subject, "{}-{}-r{}".format(mode, (config or {}).get("name", size), rnd),
                          nports=nports, mac_table_size=mac_table_size, pmds=pmds,
                          gen_memory_mb=gen_memory_mb) as (_subject, generator):
            if learn and flows:
                # let the bridge learn every source MAC before the search
                rate = 250_000
                duration = max(0.5, 1.2 * flows / rate)
                if nports > trial.MAX_DIRECTIONS:  # one-way trials: teach the receivers' MACs
                    trial.run(generator, rate, duration, 0, frame, nports, flows, reverse=True)
                learned = trial.run(generator, rate, duration, 0, frame, nports, flows)
                progress.line("{} learning: {} source MACs per port, {:.1f} s at 0.25 Mpps per "
                              "port, loss {:.4f}%".format(tag, flows, duration,
                                                          100 * learned["loss_ratio"]))

            observed = hasattr(_subject, "trial_begin")  # nfv-switch: busy share, drops

            def run_trial(rate, duration, phase):
                if observed:
                    _subject.trial_begin()
                result = trial.run(generator, rate, duration, cfg.warmup_s, frame, nports, flows)
                if observed:
                    result.update(_subject.trial_end())
                result.update(mode=mode, subject=subject, frame_size=size, round=rnd, phase=phase,
                              duration_s=duration, config=(config or {}).get("name"))
                recorder.trial(result)
                return result

            def report(phase, result, verdict):
                progress.trial(tag, phase, result, verdict)

            ndirs = len(trial.directions_for(nports)[0])
            outcome = search.throughput(run_trial, cfg, ndirs, report)
        unit.update(ok=True, directions=ndirs, **_summarize(outcome, ndirs))
        progress.line("{} NDR {:.3f} Mpps, PDR {:.3f} Mpps{}".format(
            tag, unit["ndr_pps"] / 1e6, unit["pdr_pps"] / 1e6,
            " (generator-limited)" if unit["generator_limited"] else ""))
    except (harness.UnitFailed, TrafficError, RuntimeError, OSError) as error:
        unit["error"] = str(error)
        progress.line("{} FAILED: {}".format(tag, error))
    recorder.unit(unit)
    return unit


def _summarize(outcome, ndirs):
    """Aggregate rates (all directions) and the latency of the confirmation trials."""
    record = {"search_steps": outcome["search_steps"],
              "top_pps": outcome["top_pps_per_dir"] * ndirs}
    for name in ("ndr", "pdr"):
        found = outcome[name]
        record[name + "_pps"] = found["rate_pps_per_dir"] * ndirs
        record[name + "_confirmed"] = found["confirmed"]
        t = found["trial"] or {}
        record[name + "_p50_latency_us"] = t.get("p50_latency_us")
        record[name + "_p99_latency_us"] = t.get("p99_latency_us")
        record[name + "_generator_cycles_per_frame"] = t.get("generator_cycles_per_frame")
        record[name + "_generator_tx_failed"] = t.get("tx_failed")
        for key in ("switch_busy_pct", "switch_cycles_per_packet", "switch_drops"):
            record[name + "_" + key] = t.get(key)
    record["generator_limited"] = outcome["ndr"]["generator_limited"]
    return record


def run(env, recorder, cfg):
    for size in cfg.sizes:
        for rnd in range(1, cfg.rounds + 1):
            for subject in cfg.subjects:
                run_unit(env, recorder, cfg, subject, size, rnd)
