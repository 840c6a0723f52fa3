"""The cost of the isolation features in alternating windows of one loop (`--isolation-cost`):
nfv-l2-isolation's switch and generator are started once per round and, with the frames
circulating, the features are turned off and on over the control socket (hot changes through
the switch's snapshots) between windows of equal length. Both windows of a round run in the
same processes, on the same buffers and the same host placement, so their ratio carries none of
the spread that separate processes show on a shared VM (perf/README.md, "Why ratios within one
run"). The order of the two windows alternates from round to round. Frames are IPv4/UDP (port
security admits IP frames only)."""
import time

from . import closed_loop, frames, harness, progress, subjects
from .traffic import TrafficError

SETTLE_S = 0.5  # after a change, before the window: the new snapshot is in use


def run(env, recorder, cfg):
    for size in cfg.cl_sizes:
        for rnd in range(1, cfg.rounds + 1):
            tag = "[isolation-cost {} r{}]".format(frames.label(size), rnd)
            try:
                with harness.unit(env, subjects.ISOLATION, "iso-{}-r{}".format(size, rnd)) as (sw, gen):
                    closed_loop.start(sw, gen, frames.generator_frame(size), ipv4=True)
                    time.sleep(cfg.cl_warmup_s)
                    for on in ((False, True) if rnd % 2 == 1 else (True, False)):
                        _window(sw, gen, on, size, rnd, cfg.cl_window_s, recorder, tag)
            except (harness.UnitFailed, TrafficError, RuntimeError, OSError) as error:
                progress.line("{} FAILED: {}".format(tag, error))
                for subject in ("nfv-l2", subjects.ISOLATION):
                    recorder.unit({"mode": "isolation_cost", "subject": subject,
                                   "frame_size": size, "round": rnd, "ok": False,
                                   "error": str(error)})


def _window(sw, gen, on, size, rnd, window_s, recorder, tag):
    sw.set_isolation(on)
    time.sleep(SETTLE_S)
    sw.window_begin()
    begin, started = _forwarded(gen), time.monotonic()
    time.sleep(window_s)
    end, elapsed = _forwarded(gen), time.monotonic() - started
    switch = sw.window_end()
    subject = subjects.ISOLATION if on else "nfv-l2"
    result = dict(switch, pps=(end - begin) / elapsed, elapsed_s=elapsed)
    recorder.trial(dict(result, mode="isolation_cost", subject=subject, frame_size=size,
                        round=rnd, phase="window"))
    recorder.unit(dict(result, mode="isolation_cost", subject=subject, frame_size=size,
                       round=rnd, ok=True))
    progress.line("{} isolation {}: {:.3f} Mpps, switch {:.0f} cycles/packet".format(
        tag, "on" if on else "off", result["pps"] / 1e6, switch["switch_cycles_per_packet"] or 0))


def _forwarded(gen):
    """Frames the generator has forwarded so far, all ports."""
    return sum(port["tx_packets"] for port in gen.command("stats")["ports"])
