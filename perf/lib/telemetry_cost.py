"""The cost of telemetry in alternating windows of one loop (`--telemetry-cost`): nfv-l2's
switch and generator are started once per round, and nfvd is started beside them, adopting the
switch (no config: it only samples), with a scraper fetching its /metrics page. Between windows
of equal length nfvd is frozen (SIGSTOP, the scraper idle: no sampling, no scraping) or running
(SIGCONT: sampling every --telemetry-interval and one scrape per second). Both windows of a round
run in the same processes on the same buffers, in alternating order; their ratio is the cost."""
import os
import signal
import socket
import threading
import time
import urllib.request

from . import closed_loop, frames, harness, procs, progress
from .traffic import TrafficError

SETTLE_S = 0.5
SUBJECT_ON = "nfv-l2+telemetry"


class Scraper:
    """GET /metrics once a second while on."""

    def __init__(self, url):
        self.url = url
        self.on = threading.Event()
        self.done = threading.Event()
        self.scrapes = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.done.is_set():
            if self.on.is_set():
                try:
                    with urllib.request.urlopen(self.url, timeout=2) as reply:
                        reply.read()
                    self.scrapes += 1
                except OSError:
                    pass
            self.done.wait(1.0)

    def stop(self):
        self.done.set()
        self.thread.join(timeout=5)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_nfvd(env, sw, interval_s):
    port = _free_port()
    state = os.path.join(env.tmp, "nfvd-state")
    argv = [env.binary("nfvd"), "--state-dir", state, "--socket", os.path.join(env.tmp, "nfvd.sock"),
            "--switch-socket", sw.ctl, "--guests", "none", "--sample-interval", interval_s,
            "--metrics-port", port, "--vf-allocations", os.path.join(env.tmp, "vf.json"),
            "--log-level", "warning"]
    nfvd = procs.start("nfvd", [str(a) for a in argv], env.log("nfvd"))
    url = "http://127.0.0.1:{}/metrics".format(port)

    def serving():
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:
                return b"nfv_port_rx_packets_total" in reply.read()
        except OSError:
            return False
    procs.wait_for(serving, 20, "nfvd's /metrics with the switch's ports", nfvd)
    return nfvd, url


def run(env, recorder, cfg):
    for size in cfg.cl_sizes:
        for rnd in range(1, cfg.rounds + 1):
            tag = "[telemetry-cost {} r{}]".format(frames.label(size), rnd)
            try:
                with harness.unit(env, "nfv-l2", "tel-{}-r{}".format(size, rnd)) as (sw, gen):
                    closed_loop.start(sw, gen, frames.generator_frame(size))
                    nfvd, url = _start_nfvd(env, sw, cfg.telemetry_interval)
                    scraper = Scraper(url)
                    try:
                        time.sleep(cfg.cl_warmup_s)
                        for on in ((False, True) if rnd % 2 == 1 else (True, False)):
                            _window(sw, gen, nfvd, scraper, on, size, rnd, cfg.cl_window_s,
                                    recorder, tag)
                    finally:
                        # Stopped before the switch: nfvd would restart the one it adopted.
                        os.kill(nfvd.popen.pid, signal.SIGCONT)
                        scraper.stop()
                        nfvd.stop()
            except (harness.UnitFailed, TrafficError, RuntimeError, OSError) as error:
                progress.line("{} FAILED: {}".format(tag, error))
                for subject in ("nfv-l2", SUBJECT_ON):
                    recorder.unit({"mode": "telemetry_cost", "subject": subject,
                                   "frame_size": size, "round": rnd, "ok": False,
                                   "error": str(error)})


def _window(sw, gen, nfvd, scraper, on, size, rnd, window_s, recorder, tag):
    os.kill(nfvd.popen.pid, signal.SIGCONT if on else signal.SIGSTOP)
    (scraper.on.set if on else scraper.on.clear)()
    time.sleep(SETTLE_S)
    scrapes = scraper.scrapes
    sw.window_begin()
    begin, started = _forwarded(gen), time.monotonic()
    time.sleep(window_s)
    end, elapsed = _forwarded(gen), time.monotonic() - started
    switch = sw.window_end()
    subject = SUBJECT_ON if on else "nfv-l2"
    result = dict(switch, pps=(end - begin) / elapsed, elapsed_s=elapsed,
                  scrapes=scraper.scrapes - scrapes)
    recorder.trial(dict(result, mode="telemetry_cost", subject=subject, frame_size=size,
                        round=rnd, phase="window"))
    recorder.unit(dict(result, mode="telemetry_cost", subject=subject, frame_size=size,
                       round=rnd, ok=True))
    progress.line("{} telemetry {}: {:.3f} Mpps, switch {:.0f} cycles/packet, {} scrapes".format(
        tag, "on" if on else "off", result["pps"] / 1e6, switch["switch_cycles_per_packet"] or 0,
        result["scrapes"]))


def _forwarded(gen):
    return sum(port["tx_packets"] for port in gen.command("stats")["ports"])
