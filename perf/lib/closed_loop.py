"""Closed loop (the method of /work/shared/notes/perf-method.md, with nfv-traffic as the
generator): the generator forwards io between its two ports ([[0,1],[1,0]], frames unchanged),
`seed` puts 8 bursts of 32 frames into each port (src = the port's MAC, dst = the MAC of the
port whose frames leave by it, so a learning switch has a unicast destination for every frame),
and the frames circulate: the rate is what the slower side (switch or generator) sustains.
After a warm-up, one window measures the generator's forwarded packets per second, its busy
cycles per packet, and the switch's busy cycles per packet over the same window."""
import time


def measure(subject, generator, frame, warmup_s, window_s):
    generator.command("forward", pairs=[[0, 1], [1, 0]], mode="io")
    for port in (0, 1):
        generator.command("seed", port=port, bursts=8, frame=frame)
    reseeded = _reseed_lost(generator, frame)
    time.sleep(warmup_s)
    subject.window_begin()
    generator.command("clear")
    time.sleep(window_s)
    stopped = generator.command("forward_stop", timeout_s=30)
    switch = subject.window_end()
    result = {"pps": stopped["pps"], "packets": stopped["packets"],
              "elapsed_s": stopped["elapsed_s"],
              "generator_cycles_per_packet": stopped["cycles_per_packet"],
              "pairs": stopped["pairs"], "reseeded_ports": reseeded}
    result.update(switch)
    return result


def _reseed_lost(generator, frame, settle_s=0.3):
    """A switch may drop a whole seed (e.g. a port it still counts as down although the guest
    sees its link up): then only one port's frames circulate, one way. Frames seeded on port
    p arrive on port p^1; if a port received nothing, seed its partner again (once)."""
    time.sleep(settle_s)
    ports = generator.command("stats")["ports"]
    lost = [p["port"] ^ 1 for p in ports if p["rx_packets"] == 0]
    for port in lost:
        generator.command("seed", port=port, bursts=8, frame=frame)
    return lost
