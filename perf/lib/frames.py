"""Frame sizes: names on the command line, the generator's frame, bits on the wire.

perf/run names frames as RFC 2544 does: the Ethernet frame *including* its 4-byte FCS
(64 = the smallest Ethernet frame). nfv-traffic's `size` excludes the FCS (see
traffic/README.md), so a 64-byte RFC 2544 frame is `size: 60` for the generator.
IMIX is nfv-traffic's 7:4:1 mix of 64/570/1518-byte frames as handed to the port (68/574/1522
with FCS); its Gbit/s use that mix's mean size.
"""

FCS = 4
IMIX = {64: 7, 570: 4, 1518: 1}  # generator sizes (no FCS) and their weights


def parse(text):
    """'64,imix,1518' -> ['64', 'imix', '1518'] (validated)."""
    sizes = []
    for item in text.split(","):
        item = item.strip().lower()
        if item == "imix":
            sizes.append(item)
            continue
        if not item.isdigit() or not 64 <= int(item) <= 1518:
            raise ValueError("frame size '{}': expected imix or 64..1518 (bytes with FCS)".format(item))
        sizes.append(str(int(item)))
    return sizes


def generator_frame(size):
    """The `frame` object for nfv-traffic's trial/seed commands."""
    if size == "imix":
        return {"imix": True}
    return {"size": int(size) - FCS}


def port_ipv4(index):
    """The IPv4 address of the generator's port `index` (10.0.x.y, y from 1)."""
    value = index + 1
    return "10.0.{}.{}".format(value >> 8 & 0xFF, value & 0xFF)


def for_port(frame, port, ipv4):
    """`frame` as port `port` sends it: with ipv4, IPv4/UDP from the port's address to the
    address of the port its frames leave by (port ^ 1)."""
    if not ipv4:
        return frame
    return dict(frame, ip_src=port_ipv4(port), ip_dst=port_ipv4(port ^ 1))


def mean_bytes_with_fcs(size):
    if size == "imix":
        total = sum(weight for weight in IMIX.values())
        return sum((s + FCS) * w for s, w in IMIX.items()) / total
    return float(size)


def gbps(pps, size):
    """Ethernet frame bits (with FCS, without preamble and inter-frame gap) per second."""
    if pps is None:
        return None
    return pps * mean_bytes_with_fcs(size) * 8 / 1e9


def label(size):
    return "IMIX" if size == "imix" else "{}B".format(size)
