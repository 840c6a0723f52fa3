"""Closed loop (the method of perf/METHOD.md, with nfv-traffic as the
generator): the generator forwards io between its two ports ([[0,1],[1,0]], frames unchanged),
`seed` puts 8 bursts of 32 frames into each port (src = the port's MAC, dst = the MAC of the
port whose frames leave by it, so a learning switch has a unicast destination for every frame),
and the frames circulate: the rate is what the slower side (switch or generator) sustains.
After a warm-up, one window measures the generator's forwarded packets per second, its busy
cycles per packet, and the switch's busy cycles per packet over the same window.

Scaling (nports > 2, flows > 1): ports are paired 0<->1, 2<->3...; with flows, the generator
rewrites every frame it forwards so that the switch looks up `flows` source and destination
MACs per port (nfv-traffic's forward mode "mac" with flows), and the window starts only once
the bridge has learned them all."""
import time

from . import frames, progress

LEARN_TIMEOUT_S = 120
SEED_BURSTS = 16  # in all ports together


def start(subject, generator, frame, nports=2, flows=1, ipv4=False):
    """Frames circulating between generator and switch; returns the ports seeded again."""
    pairs = [[port, port ^ 1] for port in range(nports)]
    if flows > 1:
        generator.command("forward", pairs=pairs, mode="mac", flows=flows)
    else:
        generator.command("forward", pairs=pairs, mode="io")
    # The same frames in flight whatever the port count (16 bursts of 32: 8 per port with 2
    # ports): with 8 per port, 16 ports would circulate 8x the frames, and the larger working
    # set of buffers (not the port count) would be measured.
    for port in range(nports):
        generator.command("seed", port=port, bursts=max(1, SEED_BURSTS // nports),
                          frame=frames.for_port(frame, port, ipv4))
    reseeded = _reseed_lost(generator, frame, ipv4)
    if hasattr(subject, "after_seed"):
        subject.after_seed()
    return reseeded


def measure(subject, generator, frame, warmup_s, window_s, nports=2, flows=1, tag="",
            ipv4=False):
    reseeded = start(subject, generator, frame, nports, flows, ipv4)
    learned = None
    if flows > 1 and getattr(subject, "learns_macs", False):
        learned = _wait_learned(subject, nports * flows, tag)
    time.sleep(warmup_s)
    subject.window_begin()
    generator.command("clear")
    time.sleep(window_s)
    stopped = generator.command("forward_stop", timeout_s=30)
    switch = subject.window_end()
    result = {"pps": stopped["pps"], "packets": stopped["packets"],
              "elapsed_s": stopped["elapsed_s"],
              "generator_cycles_per_packet": stopped["cycles_per_packet"],
              "pairs": stopped["pairs"], "reseeded_ports": reseeded, "nports": nports,
              "flows": flows, "learned_macs": learned}
    result.update(switch)
    return result


def _wait_learned(subject, expected, tag):
    """Polls the bridge's MAC count until it holds every MAC the generator cycles through;
    returns the count (an error if the deadline passes first: the window would then measure
    floods, not lookups)."""
    start = time.monotonic()
    last_report = start
    while True:
        learned = subject.learned_macs()
        now = time.monotonic()
        if learned >= expected:
            progress.line("{} learned {} MACs in {:.1f} s".format(tag, learned, now - start))
            return learned
        if now - start > LEARN_TIMEOUT_S:
            raise RuntimeError("the bridge learned {} of {} MACs in {} s".format(
                learned, expected, LEARN_TIMEOUT_S))
        if now - last_report >= 5:
            progress.line("{} learning: {} of {} MACs".format(tag, learned, expected))
            last_report = now
        time.sleep(0.2)


def _reseed_lost(generator, frame, ipv4, settle_s=0.3):
    """A switch may drop a whole seed (e.g. a port it still counts as down although the guest
    sees its link up): then only one port's frames circulate, one way. Frames seeded on port
    p arrive on port p^1; if a port received nothing, seed its partner again (once)."""
    time.sleep(settle_s)
    ports = generator.command("stats")["ports"]
    lost = [p["port"] ^ 1 for p in ports if p["rx_packets"] == 0]
    for port in lost:
        generator.command("seed", port=port, bursts=8, frame=frames.for_port(frame, port, ipv4))
    return lost
