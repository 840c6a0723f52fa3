"""Median, min and max across rounds, and ratios paired within a round."""
import statistics


def spread(values):
    """{'median', 'min', 'max', 'n'} of the non-None values (all None if there are none)."""
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


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
