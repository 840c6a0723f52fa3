"""PNG plots of a run (matplotlib, Agg backend): throughput by frame size and subject,
closed-loop ratios, nfv-l2 throughput vs ports and vs MACs."""
import os


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _bars(ax, rows, value, title, ylabel):
    """Grouped bars: x = frame size, one bar per subject, whiskers = min..max over rounds."""
    sizes = list(dict.fromkeys(r["frame_size"] for r in rows))
    names = list(dict.fromkeys(r["subject"] for r in rows))
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        xs, ys, lo, hi = [], [], [], []
        for j, size in enumerate(sizes):
            r = next((r for r in rows if r["subject"] == name and r["frame_size"] == size), None)
            if r is None or r.get(value) is None:
                continue
            xs.append(j + (i - (len(names) - 1) / 2) * width)
            ys.append(r[value])
            lo.append(r[value] - (r.get(value + "_min") if r.get(value + "_min") is not None else r[value]))
            hi.append((r.get(value + "_max") if r.get(value + "_max") is not None else r[value]) - r[value])
        ax.bar(xs, ys, width, yerr=[lo, hi], capsize=3, label=name)
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels(sizes)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)


def _line(plt, rows, key, xlabel, path, logx=False):
    rows = sorted(rows, key=lambda r: r["config_detail"][key])
    if len(rows) < 2:
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    xs = [r["config_detail"][key] for r in rows]
    for value, label in (("ratio_to_base", "NDR"), ("pdr_ratio_to_base", "PDR")):
        ys = [r.get(value) for r in rows]
        lo = [(y - (r.get(value + "_min") or y)) if y is not None else 0 for y, r in zip(ys, rows)]
        hi = [((r.get(value + "_max") or y) - y) if y is not None else 0 for y, r in zip(ys, rows)]
        ax.errorbar(xs, [y if y is not None else float("nan") for y in ys], yerr=[lo, hi],
                    marker="o", capsize=3, label=label)
    if logx:
        ax.set_xscale("log", base=2)
    ax.set_xticks(xs)
    ax.set_xticklabels([str(x) if x < 1024 else "{}K".format(x // 1024) if x < 1 << 20
                        else "{}M".format(x >> 20) for x in xs])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("nfv-l2 throughput / 2 ports, 1K MACs")
    ax.axhline(1.0, color="grey", lw=0.8)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _bar_pair(plt, rows, path, title, left, right, right_hline=None):
    """Two bar charts side by side, (value, title, ylabel) each; returns the file's name."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    _bars(axes[0], rows, *left)
    _bars(axes[1], rows, *right)
    if right_hline is not None:
        axes[1].axhline(right_hline, color="grey", lw=0.8)
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return os.path.basename(path)


def draw(records, out_dir):
    """Returns the file names written (relative to out_dir)."""
    plt = _pyplot()
    written = []
    rfc = [r for r in records if r["mode"] == "rfc2544"]
    if rfc:
        written.append(_bar_pair(
            plt, rfc, os.path.join(out_dir, "throughput.png"),
            "RFC 2544 throughput by frame size (median, whiskers min..max)",
            ("ndr_mpps", "NDR (zero loss)", "Mpps (both directions)"),
            ("pdr_mpps", "PDR (partial drop)", "Mpps (both directions)")))
    cl = [r for r in records if r["mode"] == "closed_loop"]
    if cl:
        written.append(_bar_pair(
            plt, cl, os.path.join(out_dir, "closed_loop.png"),
            "Closed loop (median, whiskers min..max)",
            ("mpps", "Closed-loop rate", "Mpps (both directions)"),
            ("ratio_to_testpmd_io", "Paired ratio to testpmd io", "ratio"), right_hline=1.0))
    sc = [r for r in records if r["mode"] == "scaling"]
    if sc:
        base = [r for r in sc if r["config"] == "base"]
        ports = base + [r for r in sc if r["config"].endswith("ports")]
        macs = base + [r for r in sc if r["config"].endswith("macs")]
        if _line(plt, ports, "ports", "ports (vhost-user, one bridge)",
                 os.path.join(out_dir, "scaling_ports.png")):
            written.append("scaling_ports.png")
        if _line(plt, macs, "macs", "learned MACs", os.path.join(out_dir, "scaling_macs.png"),
                 logx=True):
            written.append("scaling_macs.png")
    return written
