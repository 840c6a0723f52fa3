"""RFC 2544 throughput: binary search on the offered rate for NDR and PDR at once.

1. Probe: one trial at the generator's maximum rate (rate 0 = as fast as the rings take
   frames; not paced, so never a pass). Its achieved per-direction rate is the top of the
   search; its received rate is the first rate tried (the forwarding rate under overload is
   a good first guess). A result within 3% of the top is flagged `generator_limited`.
2. Search: each trial at rate r with loss L narrows both intervals: NDR (L == 0, or
   <= --ndr-loss) and PDR (L <= --pdr-loss). Bisect the NDR interval, then the PDR one,
   until each is narrower than --resolution x the top rate (or --max-steps trials).
   A pass above an earlier failure (or a failure below an earlier pass) is noise: the
   interval is reopened on that side instead of becoming empty.
3. Confirm: --confirm trials of --trial-s at the rate found; if one fails, that rate is the
   new top and the search resumes below it (from the best lower pass), then confirms again
   (at most 3 confirmations; then the last rate tried is reported with `confirmed: false`).
A trial counts only if the generator offered what was asked (>= 97% of the frames due):
otherwise it fails ("offered short": the generator fell more than 10 ms behind, because its
CPU was busy or because the switch left the ring full that long).
"""
import math

GENERATOR_TOLERANCE = 0.97


class Criterion:
    def __init__(self, name, max_loss, top):
        self.name = name
        self.max_loss = max_loss
        self.top = top
        self.lo = 0.0    # highest rate that passed
        self.hi = top    # lowest rate that failed
        self.passes = []  # rates that passed a search trial

    def record(self, rate, passed, result):
        if passed:
            self.lo = rate
            self.passes.append(rate)
            if self.hi <= rate:
                self.hi = self.top
        elif self.lo >= rate:
            self.fail_and_reopen(rate)  # an earlier pass at or above it was noise
        else:
            self.hi = rate

    def fail_and_reopen(self, rate):
        """A confirmation failed at `rate`: search again below it, from the best search pass
        below it (or from zero)."""
        self.hi = rate
        self.passes = [p for p in self.passes if p < rate]
        self.lo = max(self.passes, default=0.0)

    def done(self, resolution):
        return self.hi - self.lo <= resolution * self.top


def _verdict(result, rate, duration_s, ndirs):
    due = math.ceil(rate * duration_s) * ndirs if rate else None
    offered = result["sent"] + result["tx_failed"]
    limited = due is not None and offered < GENERATOR_TOLERANCE * due
    return limited


def throughput(run_trial, cfg, ndirs, report):
    """run_trial(rate_per_dir, duration_s, phase) -> trial result (see trial.py), also recorded
    by the caller. Returns the NDR and PDR per direction with their confirmation trials."""
    probe = run_trial(0, cfg.search_s, "probe")
    top = probe["min_dir_tx_rate_pps"]
    guess = min(probe["min_dir_rx_rate_pps"], top * (1 - cfg.resolution))
    report("probe", probe, "max offered {:.3f} Mpps, forwarded {:.3f} Mpps".format(
        probe["tx_rate_pps"] / 1e6, probe["rx_rate_pps"] / 1e6))
    # The probe is not paced (a full ring just slows the generator down), so it is never a
    # pass: the search tries rates below the generator's maximum only.
    criteria = [Criterion("ndr", cfg.ndr_loss, top), Criterion("pdr", cfg.pdr_loss, top)]

    steps = 0
    tried_guess = False
    for c in criteria:
        while not c.done(cfg.resolution) and steps < cfg.max_steps:
            if not tried_guess and c.lo < guess < c.hi:
                rate = guess
                tried_guess = True
            else:
                rate = (c.lo + c.hi) / 2
            result = run_trial(rate, cfg.search_s, "search")
            limited = _verdict(result, rate, cfg.search_s, ndirs)
            steps += 1
            verdicts = []
            for each in criteria:
                passed = result["loss_ratio"] <= each.max_loss and not limited
                each.record(rate, passed, result)
                verdicts.append("{} {}".format(each.name, "pass" if passed else "fail"))
            report("search", result, ", ".join(verdicts) + (" (offered short)" if limited else ""))

    outcome = {"top_pps_per_dir": top, "probe": probe, "search_steps": steps}
    for c in criteria:
        outcome[c.name] = _confirm(c, run_trial, cfg, ndirs, report)
    ndr, pdr = outcome["ndr"], outcome["pdr"]
    if ndr["confirmed"] and ndr["rate_pps_per_dir"] > pdr["rate_pps_per_dir"]:
        outcome["pdr"] = dict(ndr, from_ndr=True)  # a lossless rate is a PDR pass too
    return outcome


def _confirm(c, run_trial, cfg, ndirs, report):
    """Confirm c.lo with --confirm trials of --trial-s; on a failure that rate becomes the
    top of c's interval and the search resumes below it (at most 3 confirmations)."""
    rate, last = c.lo, None
    for attempt in range(1, 4):
        rate = c.lo
        if rate <= 0:
            break
        passed = True
        for _ in range(cfg.confirm):
            result = run_trial(rate, cfg.trial_s, "confirm-" + c.name)
            limited = _verdict(result, rate, cfg.trial_s, ndirs)
            ok = result["loss_ratio"] <= c.max_loss and not limited
            report("confirm-" + c.name, result, "pass" if ok else "fail" +
                   (" (offered short)" if limited else ""))
            last = result
            if not ok:
                passed = False
                break
        if passed:
            return {"rate_pps_per_dir": rate, "confirmed": True, "trial": last,
                    "generator_limited": rate >= GENERATOR_TOLERANCE * c.top, "attempts": attempt}
        c.fail_and_reopen(rate)
        for _ in range(max(2, cfg.max_steps // 2)):
            if c.done(cfg.resolution):
                break
            mid = (c.lo + c.hi) / 2
            result = run_trial(mid, cfg.search_s, "search-" + c.name)
            ok = result["loss_ratio"] <= c.max_loss and not _verdict(result, mid, cfg.search_s, ndirs)
            c.record(mid, ok, result)
            report("search-" + c.name, result, "pass" if ok else "fail")
    # nothing held: report the last rate tried, flagged
    return {"rate_pps_per_dir": rate, "confirmed": False, "trial": last,
            "generator_limited": False, "attempts": 3}
