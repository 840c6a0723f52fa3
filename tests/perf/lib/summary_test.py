#!/usr/bin/python3
"""perf/run's summary: paired ratios, medians and the performance targets, on made-up units."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "perf"))
from lib import comparison, report, stats, summary, targets  # noqa: E402


def closed_loop(subject, size, rnd, pps, ok=True):
    return {"mode": "closed_loop", "subject": subject, "frame_size": size, "round": rnd,
            "ok": ok, "pps": pps, "switch_cycles_per_packet": 100.0,
            "generator_cycles_per_packet": 120.0, "switch_busy_pct": 90.0}


SCALING = {"base": (2, 1024), "16ports": (16, 1024), "1Mmacs": (2, 1 << 20)}


def scaling(config, rnd, ndr):
    ports, macs = SCALING[config]
    return {"mode": "scaling", "subject": "nfv-l2", "frame_size": "64", "round": rnd, "ok": True,
            "config": {"name": config, "ports": ports, "macs": macs, "pmds": 1},
            "ndr_pps": ndr, "pdr_pps": ndr,
            "ndr_p50_latency_us": 5.0, "ndr_p99_latency_us": 9.0, "pdr_p99_latency_us": 9.0,
            "ndr_generator_cycles_per_frame": 80.0, "ndr_confirmed": True,
            "ndr_switch_busy_pct": 97.0, "ndr_switch_cycles_per_packet": 210.0,
            "ndr_switch_drops": {"tx_queue_full": 3}, "ndr_generator_tx_failed": 5}


def scaling_cl(subject, config, rnd, pps):
    ports, macs = SCALING[config]
    return {"mode": "scaling_cl", "subject": subject, "frame_size": "64", "round": rnd,
            "ok": True, "config": {"name": config, "ports": ports, "macs": macs, "pmds": 1},
            "pps": pps * 1e6, "switch_cycles_per_packet": 200.0, "generator_cycles_per_packet": 150.0,
            "switch_busy_pct": 98.0, "learned_macs": macs}


class PairedRatios(unittest.TestCase):
    def test_only_rounds_measured_on_both_sides_count(self):
        self.assertEqual(stats.paired_ratios({1: 10, 2: 20, 3: None}, {1: 5, 3: 7, 4: 1}), [2.0])

    def test_spread_ignores_missing_values(self):
        self.assertEqual(stats.spread([3, None, 1, 2]), {"median": 2, "min": 1, "max": 3, "n": 3})


class GeometricInterval(unittest.TestCase):
    def test_the_interval_is_symmetric_in_logarithms_and_needs_two_ratios(self):
        self.assertIsNone(stats.geometric_interval([1.1]))
        same = stats.geometric_interval([1.2, 1.2, 1.2])
        self.assertAlmostEqual(same["gmean"], 1.2)
        self.assertAlmostEqual(same["low"], 1.2)
        self.assertAlmostEqual(same["high"], 1.2)
        spread = stats.geometric_interval([0.5, 2.0])
        self.assertAlmostEqual(spread["gmean"], 1.0)
        # t(1 dof) = 12.71, log-stdev = ln(4)/sqrt(2), n = 2
        self.assertAlmostEqual(spread["high"], 2.0 ** 12.71, places=3)
        self.assertAlmostEqual(spread["low"] * spread["high"], 1.0)
        self.assertEqual(stats.fmt_interval(None), "-")


class RoundOrder(unittest.TestCase):
    def test_even_rounds_run_the_subjects_in_reverse(self):
        subjects = ["nfv-l2", "nfv-l2@base", "testpmd-io"]
        self.assertEqual(comparison.round_order(subjects, 1), subjects)
        self.assertEqual(comparison.round_order(subjects, 2), ["testpmd-io", "nfv-l2@base", "nfv-l2"])
        self.assertEqual(comparison.round_order(subjects, 3), subjects)


class BaselineAB(unittest.TestCase):
    """SUBJECT@base is the same subject from another build: ratios paired round by round."""

    def test_this_build_over_the_baseline_per_round(self):
        units = []
        for rnd, (new, old, new_cycles, old_cycles) in enumerate(
                [(10, 8, 100, 125), (9, 10, 110, 100), (12, 12, 90, 90)], start=1):
            a = closed_loop("nfv-l2", "64", rnd, new)
            a["switch_cycles_per_packet"] = new_cycles
            b = closed_loop("nfv-l2@base", "64", rnd, old)
            b["switch_cycles_per_packet"] = old_cycles
            units += [a, b, closed_loop("testpmd-io", "64", rnd, 10)]
        records = summary.build(units)
        new = next(r for r in records if r["subject"] == "nfv-l2")
        self.assertAlmostEqual(new["ratio_to_baseline"], 1.0)
        self.assertAlmostEqual(new["ratio_to_baseline_min"], 0.9)
        self.assertAlmostEqual(new["ratio_to_baseline_max"], 1.25)
        self.assertAlmostEqual(new["switch_cycles_ratio_to_baseline"], 1.0)
        self.assertAlmostEqual(new["switch_cycles_ratio_to_baseline_min"], 0.8)
        base = next(r for r in records if r["subject"] == "nfv-l2@base")
        self.assertNotIn("ratio_to_baseline", base)
        meta = {"config": {"rounds": 3, "baseline_build": "/b", "cl_warmup_s": 3,
                           "cl_window_s": 5}}
        self.assertIn("| nfv-l2 | 64B | 1.000 [0.900..1.250] | 1.040 [0.686..1.577] "
                      "| 1.000 [0.800..1.100] | 0.958 [0.639..1.438] |", report._ab(records, meta))


class PerformanceTargets(unittest.TestCase):
    def units(self):
        u = []
        # Round 1: testpmd mac is the faster reference; round 2: testpmd io.
        for rnd, (l2, io, mac, ovs) in enumerate([(10, 8, 11, 7), (12, 12, 10, 8)], start=1):
            u += [closed_loop("nfv-l2", "64", rnd, l2), closed_loop("testpmd-io", "64", rnd, io),
                  closed_loop("testpmd-mac", "64", rnd, mac), closed_loop("ovs-normal", "64", rnd, ovs)]
        u += [closed_loop("nfv-l2", "1518", 1, 5), closed_loop("ovs-normal", "1518", 1, 6)]
        u += [scaling("base", 1, 10), scaling("16ports", 1, 9), scaling("1Mmacs", 1, 8)]
        return u

    def by_name(self):
        return {r["name"]: r for r in targets.build(self.units())}

    def test_ratio_to_the_faster_testpmd_mode_of_the_same_round(self):
        r = self.by_name()["64B: nfv-l2 vs the faster of testpmd io/mac"]
        self.assertAlmostEqual(r["ratio_min"], 10 / 11)
        self.assertAlmostEqual(r["ratio_max"], 1.0)
        self.assertTrue(r["met"])

    def test_ovs_thresholds(self):
        by_name = self.by_name()
        r64 = by_name["64B: nfv-l2 vs OVS-DPDK NORMAL"]
        self.assertAlmostEqual(r64["ratio"], (10 / 7 + 12 / 8) / 2)
        self.assertTrue(r64["met"])
        r1518 = by_name["1518B: nfv-l2 vs OVS-DPDK NORMAL"]
        self.assertAlmostEqual(r1518["ratio"], 5 / 6)
        self.assertFalse(r1518["met"])

    def test_scaling_within_fifteen_percent(self):
        by_name = self.by_name()
        self.assertTrue(by_name["64B: nfv-l2 with 16 ports vs 2 ports, 1K MACs"]["met"])
        self.assertFalse(by_name["64B: nfv-l2 with 1M learned MACs vs 2 ports, 1K MACs"]["met"])

    def test_failed_units_are_not_ratios(self):
        u = [closed_loop("nfv-l2", "64", 1, 10), closed_loop("ovs-normal", "64", 1, 1, ok=False)]
        r = {x["name"]: x for x in targets.build(u)}["64B: nfv-l2 vs OVS-DPDK NORMAL"]
        self.assertIsNone(r["met"])
        self.assertEqual(r["rounds"], 0)

    def test_isolation_costs_at_most_five_percent_of_throughput_and_cycles(self):
        u = []
        for rnd, (plain, isolated, plain_cycles, isolated_cycles) in enumerate(
                [(10.0, 9.7, 100.0, 104.0), (10.0, 9.2, 100.0, 109.0), (10.0, 9.6, 100.0, 103.0)],
                start=1):
            u.append(dict(closed_loop("nfv-l2", "64", rnd, plain),
                          switch_cycles_per_packet=plain_cycles))
            u.append(dict(closed_loop("nfv-l2-isolation", "64", rnd, isolated),
                          switch_cycles_per_packet=isolated_cycles))
        by_name = {r["name"]: r for r in targets.build(u)}
        throughput = by_name["64B: nfv-l2-isolation vs nfv-l2, throughput"]
        self.assertAlmostEqual(throughput["ratio"], 0.96)
        self.assertAlmostEqual(throughput["ratio_min"], 0.92)
        self.assertTrue(throughput["met"])
        cycles = by_name["64B: nfv-l2-isolation vs nfv-l2, switch cycles/packet"]
        self.assertAlmostEqual(cycles["ratio"], 1.04)
        self.assertTrue(cycles["met"])
        self.assertIn("| <= 1.05 | 3 | yes |", targets.markdown(list(by_name.values())))
        u[3]["switch_cycles_per_packet"] = 112.0  # round 2 now costs 12%: median 1.06
        u[5]["switch_cycles_per_packet"] = 106.0
        cycles = {r["name"]: r for r in targets.build(u)}[
            "64B: nfv-l2-isolation vs nfv-l2, switch cycles/packet"]
        self.assertFalse(cycles["met"])

    def test_isolation_cost_from_alternating_windows(self):
        u = []
        for rnd, (off, on) in enumerate([(10.0, 9.9), (10.0, 9.8), (10.0, 9.0)], start=1):
            for subject, pps in (("nfv-l2", off), ("nfv-l2-isolation", on)):
                u.append({"mode": "isolation_cost", "subject": subject, "frame_size": "64",
                          "round": rnd, "ok": True, "pps": pps * 1e6,
                          "switch_cycles_per_packet": 1000.0 / pps, "switch_busy_pct": 99.0})
        records = summary.build(u)
        by_name = {r["name"]: r for r in records if r["mode"] == "target"}
        throughput = by_name["64B: nfv-l2-isolation vs nfv-l2, throughput"]
        self.assertAlmostEqual(throughput["ratio"], 0.98)
        self.assertEqual(throughput["detail"], "alternating windows of one loop, paired rounds")
        self.assertTrue(throughput["met"])
        self.assertAlmostEqual(
            by_name["64B: nfv-l2-isolation vs nfv-l2, switch cycles/packet"]["ratio"], 10 / 9.8)
        rows = [r for r in records if r["mode"] == "isolation_cost"]
        self.assertEqual([r["subject"] for r in rows], ["nfv-l2", "nfv-l2-isolation"])
        meta = {"machine": {}, "switch_cpus": [0], "gen_cpu": 1, "command": "perf/run",
                "started_utc": "now", "config": {"cl_warmup_s": 1, "cl_window_s": 2, "rounds": 3}}
        self.assertIn("| on | 64B | 9.800 [9.000..9.900] |", report.markdown(records, meta))

    def test_summary_and_markdown_carry_the_targets(self):
        records = summary.build(self.units())
        self.assertEqual(sum(1 for r in records if r["mode"] == "target"), 5)
        closed = [r for r in records if r["mode"] == "closed_loop" and r["subject"] == "nfv-l2"
                  and r["frame_size"] == "64B"][0]
        self.assertAlmostEqual(closed["ratio_to_testpmd_io"], (10 / 8 + 12 / 12) / 2)
        for r in records:  # the fields every summary.json record promises
            for key in ("subject", "frame_size", "ndr_mpps", "pdr_mpps", "p99_latency_us"):
                self.assertIn(key, r)
        scaled = [r for r in records if r["mode"] == "scaling" and r["config"] == "16ports"][0]
        self.assertEqual(scaled["ndr_switch_busy_pct"], 97.0)
        self.assertEqual(scaled["ndr_switch_drops"], {"tx_queue_full": 3})
        self.assertEqual(scaled["ndr_generator_tx_failed"], 5)
        text = targets.markdown(records)
        self.assertIn("| 1518B: nfv-l2 vs OVS-DPDK NORMAL | 0.83 | - | >= 1.0 | 1 | **no** |", text)
        meta = {"machine": {}, "switch_cpus": [0], "gen_cpu": 1, "command": "perf/run",
                "started_utc": "now", "config": {"cl_warmup_s": 1, "cl_window_s": 2, "rounds": 2}}
        page = report.markdown(records, meta)
        self.assertIn("## Performance targets", page)
        self.assertIn("| 97 | 210 | not taken 5, tx_queue_full 3 |", page)


class ClosedLoopScaling(unittest.TestCase):
    """The scaling targets use the closed loop when a run has it (the 2-port figure's method),
    paired per round with the same subject's base; the NDR is then only reported."""

    def units(self):
        u = []
        # (nfv base, nfv 16 ports, nfv 1M, testpmd base, testpmd 16 ports) per round
        for rnd, (b, p16, m1, tb, t16) in enumerate([(10, 8, 9, 20, 12), (8, 7, 7.6, 10, 8)],
                                                     start=1):
            u += [scaling_cl("nfv-l2", "base", rnd, b), scaling_cl("nfv-l2", "16ports", rnd, p16),
                  scaling_cl("nfv-l2", "1Mmacs", rnd, m1),
                  scaling_cl("testpmd-io", "base", rnd, tb),
                  scaling_cl("testpmd-io", "16ports", rnd, t16)]
            u.append(scaling("base", rnd, 10))
            u.append(scaling("16ports", rnd, 1))  # an NDR far off: not the target's measure
        return u

    def test_targets_are_closed_loop_ratios_to_the_same_round_base(self):
        by_name = {r["name"]: r for r in targets.build(self.units())}
        ports = by_name["64B: nfv-l2 with 16 ports vs 2 ports, 1K MACs"]
        self.assertEqual(ports["detail"], "closed loop, paired rounds")
        self.assertAlmostEqual(ports["ratio_min"], 0.8)
        self.assertAlmostEqual(ports["ratio_max"], 7 / 8)
        self.assertFalse(ports["met"])  # median 0.8375
        macs = by_name["64B: nfv-l2 with 1M learned MACs vs 2 ports, 1K MACs"]
        self.assertAlmostEqual(macs["ratio"], (0.9 + 0.95) / 2)
        self.assertTrue(macs["met"])

    def test_ratio_beyond_what_testpmd_io_loses(self):
        records = summary.build(self.units())
        row = [r for r in records if r["mode"] == "scaling_cl" and r["subject"] == "nfv-l2"
               and r["config"] == "16ports"][0]
        # round 1: (8/10) / (12/20) = 1.333; round 2: (7/8) / (8/10) = 1.09375
        self.assertAlmostEqual(row["ratio_to_base_vs_testpmd_io_min"], 7 / 8 / 0.8)
        self.assertAlmostEqual(row["ratio_to_base_vs_testpmd_io_max"], 0.8 / 0.6)
        self.assertEqual(row["learned_macs"], 1024)
        meta = {"machine": {}, "switch_cpus": [0], "gen_cpu": 1, "command": "perf/run",
                "started_utc": "now", "config": {"cl_warmup_s": 1, "cl_window_s": 2, "rounds": 2}}
        page = report.markdown(records, meta)
        self.assertIn("## Scaling of nfv-l2 (closed loop", page)
        self.assertIn("| nfv-l2 | 16ports | 16 | 1024 | 7.500 [7.000..8.000] | 0.84 [0.80..0.88] "
                      "| 1.21 [1.09..1.33] |", page)


if __name__ == "__main__":
    unittest.main()
