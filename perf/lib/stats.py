"""Median, min and max across rounds, and ratios paired within a round."""
import math
import statistics

# Two-sided 95 % quantiles of Student's t by degrees of freedom (beyond the table: 1.96).
_T95 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26,
        10: 2.23, 12: 2.18, 15: 2.13, 19: 2.09, 24: 2.06, 29: 2.05, 39: 2.02, 59: 2.00}


def spread(values):
    """{'median', 'min', 'max', 'n'} of the non-None values (all None if there are none)."""
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


def _t95(dof):
    return next((t for d, t in sorted(_T95.items()) if dof <= d), 1.96)


def geometric_interval(ratios):
    """{'gmean', 'low', 'high'}: the geometric mean of paired ratios and its 95 % confidence
    interval (Student's t on the logarithms): ratios multiply, so their logarithms are what
    averages; a regression shows as an interval that excludes 1. None below two ratios."""
    logs = [math.log(r) for r in ratios if r and r > 0]
    if len(logs) < 2:
        return None
    mean = statistics.fmean(logs)
    half = _t95(len(logs) - 1) * statistics.stdev(logs) / math.sqrt(len(logs))
    return {"gmean": math.exp(mean), "low": math.exp(mean - half), "high": math.exp(mean + half)}


def ratios_by_round(by_round, reference_by_round):
    """{round: value/reference} for each round where both were measured (reference > 0)."""
    return {rnd: value / reference_by_round[rnd] for rnd, value in by_round.items()
            if value is not None and reference_by_round.get(rnd)}


def paired_ratios(by_round, reference_by_round):
    """Ratios value/reference for each round where both were measured (reference > 0)."""
    return list(ratios_by_round(by_round, reference_by_round).values())


def fmt(value, digits=2):
    return "-" if value is None else "{:.{}f}".format(value, digits)


def fmt_spread(s, digits=2):
    """'1.23 [1.01..1.40]' or '-'."""
    if s["median"] is None:
        return "-"
    if s["n"] == 1:
        return fmt(s["median"], digits)
    return "{} [{}..{}]".format(fmt(s["median"], digits), fmt(s["min"], digits), fmt(s["max"], digits))


def fmt_interval(interval, digits=3):
    """'1.000 [0.959..1.043]' (geometric_interval) or '-'."""
    if not interval:
        return "-"
    return "{} [{}..{}]".format(fmt(interval["gmean"], digits), fmt(interval["low"], digits),
                                fmt(interval["high"], digits))
