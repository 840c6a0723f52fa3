"""Scaling of nfv-l2 (one learning bridge) with more ports, more learned MACs and more PMDs,
each as a ratio to the 2-port / 1K-MAC / 1-PMD figure measured in the same round (rounds
interleave all configurations, fresh processes each time). Two measures, each on its own
processes (--scaling-methods):
- closed-loop: the throughput of the closed-loop comparison's 2-port figure (closed_loop.py),
  with the generator rewriting MACs so that every frame's source and destination are looked up
  among all the learned MACs, in scrambled order; the scaling targets (targets.py) are checked
  on it. testpmd io
  (no lookups) runs the same configurations as the reference of what the vhost-user ports and
  the generator allow;
- ndr: RFC 2544 NDR at 64 bytes (the generator's frames vary the source MAC only).

- ports: the generator has N virtio-user ports, paired 0<->1, 2<->3...: N directions (above
  16 ports, nfv-traffic's limit of 16 directions per trial: the first half sends to the
  second half, one way, after a learning trial the other way; at most 32 ports, DPDK's
  RTE_MAX_ETHPORTS).
- MACs: `flows` per port = MACs / ports, so the bridge learns that many source MACs in
  total (the port MACs are spread so that no two ports' ranges overlap); the MAC table is
  sized 2x that (at least the default 65536); a learning trial precedes the search.
- PMDs: 1 .. the CPUs left to the switch (the generator keeps one CPU). On a 2-CPU machine
  only 1 is possible, and the run says so."""
import math
import re

from . import closed_loop, frames, harness, progress, rfc2544
from .traffic import TrafficError

BASE = {"ports": 2, "macs": 1024, "pmds": 1}


def configs(cfg, switch_cpus):
    out = [dict(BASE, name="base")]
    for n in cfg.scaling_ports:
        if n != BASE["ports"]:
            out.append(dict(BASE, ports=n, name="{}ports".format(n)))
    for m in cfg.scaling_macs:
        if m != BASE["macs"]:
            out.append(dict(BASE, macs=m, name="{}macs".format(_k(m))))
    for p in range(2, len(switch_cpus) + 1):
        out.append(dict(BASE, pmds=p, name="{}pmds".format(p)))
    return out


def _k(n):
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return "{}M".format(n >> 20)
    if n >= 1024 and n % 1024 == 0:
        return "{}K".format(n >> 10)
    return str(n)


def generator_memory_mb(nports, ring=1024):
    mbufs = nports * 2 * ring + 4096
    return max(256, int(math.ceil(mbufs * 2.5 / 1024)) + 128)


def max_ethdev_ports():
    """RTE_MAX_ETHPORTS of the installed DPDK (Debian 12: 32): the most virtio-user ports one
    generator process can have."""
    for path in ("/usr/include/x86_64-linux-gnu/dpdk/rte_build_config.h",
                 "/usr/include/dpdk/rte_build_config.h"):
        try:
            match = re.search(r"#define RTE_MAX_ETHPORTS (\d+)", open(path).read())
        except OSError:
            continue
        if match:
            return int(match.group(1))
    return None


def run(env, recorder, cfg):
    if len(env.switch_cpus) < 2:
        progress.line("[scaling] PMDs: only 1 measured: {} CPU(s), the generator needs one of "
                      "them and every PMD needs its own".format(len(env.switch_cpus) + 1))
    size = cfg.scaling_size
    for rnd in range(1, cfg.rounds + 1):
        for conf in configs(cfg, env.switch_cpus):
            limit = max_ethdev_ports()
            if limit and conf["ports"] > limit:
                error = ("{} ports: not possible with this DPDK: RTE_MAX_ETHPORTS is {} (a "
                         "compile-time limit), so one nfv-traffic process has at most {} "
                         "virtio-user ports; a second generator would need a CPU of its own"
                         .format(conf["ports"], limit, limit))
                progress.line("[scaling nfv-l2 {} r{}] FAILED: {}".format(conf["name"], rnd, error))
                recorder.unit({"mode": "scaling", "subject": "nfv-l2", "frame_size": size,
                               "round": rnd, "config": conf, "ok": False, "error": error})
                continue
            flows = max(1, conf["macs"] // conf["ports"])
            table = min(1 << 24, max(65536, 1 << (2 * conf["macs"] - 1).bit_length()))
            if "closed-loop" in cfg.scaling_methods:
                for subject in cfg.scaling_cl_subjects:
                    _closed_loop_unit(env, recorder, cfg, subject, conf, rnd, flows, table)
            if "ndr" in cfg.scaling_methods:
                rfc2544.run_unit(env, recorder, cfg, "nfv-l2", size, rnd, nports=conf["ports"],
                                 flows=flows, mac_table_size=table, pmds=conf["pmds"],
                                 mode="scaling", config=conf,
                                 gen_memory_mb=generator_memory_mb(conf["ports"]), learn=True)


def _closed_loop_unit(env, recorder, cfg, subject, conf, rnd, flows, table):
    size = cfg.scaling_size
    tag = "[scaling-cl {} {} r{}]".format(subject, conf["name"], rnd)
    unit = {"mode": "scaling_cl", "subject": subject, "frame_size": size, "round": rnd,
            "config": conf, "ok": False}
    try:
        with harness.unit(env, subject, "scaling-cl-{}-r{}".format(conf["name"], rnd),
                          nports=conf["ports"], mac_table_size=table, pmds=conf["pmds"],
                          gen_memory_mb=generator_memory_mb(conf["ports"])) as (switch, gen):
            result = closed_loop.measure(switch, gen, frames.generator_frame(size), cfg.cl_warmup_s,
                                         cfg.cl_window_s, conf["ports"], flows, tag)
        unit.update(ok=True, **result)
        recorder.trial(dict(result, mode="scaling_cl", subject=subject, frame_size=size,
                            round=rnd, phase="window", config=conf["name"]))
        progress.line("{} {:.3f} Mpps, switch {} cycles/packet (busy {}%), generator {:.0f} "
                      "cycles/packet".format(tag, result["pps"] / 1e6,
                                             _num(result.get("switch_cycles_per_packet")),
                                             _num(result.get("switch_busy_pct")),
                                             result["generator_cycles_per_packet"]))
    except (harness.UnitFailed, TrafficError, RuntimeError, OSError) as error:
        unit["error"] = str(error)
        progress.line("{} FAILED: {}".format(tag, error))
    recorder.unit(unit)


def _num(value):
    return "-" if value is None else "{:.0f}".format(value)
