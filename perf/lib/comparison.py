"""The closed-loop comparison: for each frame size, rounds of all subjects in
turn, fresh processes each time; each subject's rate as a ratio to testpmd io's rate in the
same round (see closed_loop.py for one measurement)."""
from . import closed_loop, frames, harness, progress
from .traffic import TrafficError


def round_order(subjects, rnd):
    """The subjects in the order round `rnd` measures them: as given in odd rounds, reversed in
    even ones, so that no subject always runs first or right after the same neighbour (a paired
    A/B of two builds would otherwise carry an order effect)."""
    return list(subjects) if rnd % 2 == 1 else list(reversed(subjects))


def run(env, recorder, cfg):
    for size in cfg.cl_sizes:
        for rnd in range(1, cfg.rounds + 1):
            for subject in round_order(cfg.cl_subjects, rnd):
                tag = "[closed-loop {} {} r{}]".format(subject, frames.label(size), rnd)
                unit = {"mode": "closed_loop", "subject": subject, "frame_size": size,
                        "round": rnd, "ok": False}
                try:
                    with harness.unit(env, subject, "cl-{}-r{}".format(size, rnd)) as (sw, gen):
                        result = closed_loop.measure(sw, gen, frames.generator_frame(size),
                                                     cfg.cl_warmup_s, cfg.cl_window_s,
                                                     ipv4=cfg.frames == "ipv4")
                    unit.update(ok=True, **result)
                    recorder.trial(dict(result, mode="closed_loop", subject=subject,
                                        frame_size=size, round=rnd, phase="window"))
                    if result["reseeded_ports"]:
                        progress.line("{} the seed of port(s) {} was lost: seeded again".format(
                            tag, result["reseeded_ports"]))
                    progress.line("{} {:.3f} Mpps, switch {} cycles/packet (busy {}%), "
                                  "generator {:.0f} cycles/packet".format(
                                      tag, result["pps"] / 1e6,
                                      _num(result.get("switch_cycles_per_packet"), 0),
                                      _num(result.get("switch_busy_pct"), 0),
                                      result["generator_cycles_per_packet"]))
                except (harness.UnitFailed, TrafficError, RuntimeError, OSError) as error:
                    unit["error"] = str(error)
                    progress.line("{} FAILED: {}".format(tag, error))
                recorder.unit(unit)


def _num(value, digits):
    return "-" if value is None else "{:.{}f}".format(value, digits)
