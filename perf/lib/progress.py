"""One line per trial, and per unit, on stdout."""
import time

_start = time.monotonic()


def line(text):
    elapsed = time.monotonic() - _start
    print("{:4.0f}:{:02.0f} {}".format(elapsed // 60, elapsed % 60, text), flush=True)


def trial(tag, phase, result, verdict):
    offered = result.get("offered_pps")
    offered_text = "max" if not offered else "{:.3f}".format(offered / 1e6)
    p99 = result.get("p99_latency_us")
    line("{} {:<11} offered {:>7} Mpps  fwd {:7.3f} Mpps  loss {:8.4f}%  p99 {:>8} us  {}".format(
        tag, phase, offered_text, result["rx_rate_pps"] / 1e6, 100 * result["loss_ratio"],
        "-" if p99 is None else "{:.1f}".format(p99), verdict))
