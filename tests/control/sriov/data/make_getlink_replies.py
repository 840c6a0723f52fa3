#!/usr/bin/env python3
"""Writes RTM_GETLINK replies of SR-IOV PFs in the kernel's layout, as hex, for the parser tests.

There is no SR-IOV hardware on the machines these tests run on, so these replies are synthesised
(independently of the C++ code under test) following net/core/rtnetlink.c: rtnl_fill_ifinfo()
puts the link attributes, then rtnl_fill_vf() puts IFLA_NUM_VF and IFLA_VFINFO_LIST, whose
IFLA_VF_INFO nests (started with nla_nest_start_noflag: no NLA_F_NESTED) hold, in this order,
IFLA_VF_MAC, IFLA_VF_BROADCAST, IFLA_VF_VLAN, IFLA_VF_RATE, IFLA_VF_TX_RATE, IFLA_VF_SPOOFCHK,
IFLA_VF_LINK_STATE, IFLA_VF_RSS_QUERY_EN, IFLA_VF_TRUST, the IB GUIDs when the driver has
ndo_get_vf_guid, IFLA_VF_VLAN_LIST > IFLA_VF_VLAN_INFO, and no IFLA_VF_STATS with
RTEXT_FILTER_SKIP_STATS. Unset spoofchk/trust/rss_query_en are reported as 0xffffffff.

Usage: make_getlink_replies.py   (writes getlink_i40e_2vfs_reply.hex, getlink_ib_1vf_reply.hex)
"""
import struct

RTM_NEWLINK = 16
IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU = 1, 2, 3, 4
IFLA_TXQLEN, IFLA_OPERSTATE, IFLA_NUM_VF, IFLA_VFINFO_LIST, IFLA_XDP = 13, 16, 21, 22, 43
IFLA_VF_INFO = 1
(IFLA_VF_MAC, IFLA_VF_VLAN, IFLA_VF_TX_RATE, IFLA_VF_SPOOFCHK, IFLA_VF_LINK_STATE,
 IFLA_VF_RATE, IFLA_VF_RSS_QUERY_EN, IFLA_VF_STATS, IFLA_VF_TRUST, IFLA_VF_IB_NODE_GUID,
 IFLA_VF_IB_PORT_GUID, IFLA_VF_VLAN_LIST, IFLA_VF_BROADCAST) = range(1, 14)
IFLA_VF_VLAN_INFO = 1
IFLA_XDP_ATTACHED = 2
UNSET = 0xFFFFFFFF


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


def vf_info(vf, mac, vlan, qos, proto, min_rate, max_rate, spoofchk, link_state, trust,
            guids=None, addr_len=6, broadcast=b"\xff" * 6):
    body = attr(IFLA_VF_MAC, struct.pack("=I32s", vf, mac))
    body += attr(IFLA_VF_BROADCAST, struct.pack("=32s", broadcast[:addr_len]))
    body += attr(IFLA_VF_VLAN, struct.pack("=III", vf, vlan, qos))
    body += attr(IFLA_VF_RATE, struct.pack("=III", vf, min_rate, max_rate))
    body += attr(IFLA_VF_TX_RATE, struct.pack("=II", vf, max_rate))
    body += attr(IFLA_VF_SPOOFCHK, struct.pack("=II", vf, spoofchk))
    body += attr(IFLA_VF_LINK_STATE, struct.pack("=II", vf, link_state))
    body += attr(IFLA_VF_RSS_QUERY_EN, struct.pack("=II", vf, UNSET))
    body += attr(IFLA_VF_TRUST, struct.pack("=II", vf, trust))
    if guids is not None:
        # struct ifla_vf_guid { __u32 vf; __u64 guid; }: 4 bytes of padding before the guid.
        body += attr(IFLA_VF_IB_NODE_GUID, struct.pack("=I4xQ", vf, guids[0]))
        body += attr(IFLA_VF_IB_PORT_GUID, struct.pack("=I4xQ", vf, guids[1]))
    # struct ifla_vf_vlan_info { __u32 vf, vlan, qos; __be16 vlan_proto; }: 14 bytes + 2 padding.
    vlan_info = struct.pack("=III", vf, vlan, qos) + struct.pack(">H", proto) + b"\0\0"
    body += attr(IFLA_VF_VLAN_LIST, attr(IFLA_VF_VLAN_INFO, vlan_info))
    return attr(IFLA_VF_INFO, body)


def newlink(seq, ifindex, arphrd, ifname, mtu, address, broadcast, vfs):
    body = struct.pack("=BxHiII", 0, arphrd, ifindex, 0x11043, 0)  # UP|BROADCAST|RUNNING|...
    body += attr(IFLA_IFNAME, ifname.encode() + b"\0")
    body += attr(IFLA_TXQLEN, struct.pack("=I", 1000))
    body += attr(IFLA_OPERSTATE, struct.pack("=B", 6))
    body += attr(IFLA_MTU, struct.pack("=I", mtu))
    body += attr(IFLA_ADDRESS, address)
    body += attr(IFLA_BROADCAST, broadcast)
    body += attr(IFLA_NUM_VF, struct.pack("=I", len(vfs)))
    body += attr(IFLA_VFINFO_LIST, b"".join(vfs))
    body += attr(IFLA_XDP, attr(IFLA_XDP_ATTACHED, struct.pack("=B", 0)))
    return struct.pack("=IHHII", 16 + len(body), RTM_NEWLINK, 0, seq, 0) + body


def write_hex(name, comment, data):
    with open(name, "w") as out:
        for line in comment.strip().splitlines():
            out.write("# " + line + "\n")
        for i in range(0, len(data), 16):
            out.write(" ".join("%02x" % b for b in data[i:i + 16]) + "\n")


def main():
    mac0 = bytes.fromhex("525400123456")
    i40e = newlink(
        7, 4, 1, "enp59s0f0", 1500, bytes.fromhex("3cfdfea00000"), b"\xff" * 6,
        [vf_info(0, mac0, 100, 3, 0x8100, 0, 1000, 1, 1, 0),
         vf_info(1, b"\0" * 6, 200, 0, 0x88A8, 0, 0, UNSET, 0, UNSET)])
    write_hex("getlink_i40e_2vfs_reply.hex", """
RTM_GETLINK reply of an X710 PF enp59s0f0 (ifindex 4) with 2 VFs, kernel layout, synthesised by
make_getlink_replies.py. VF 0: mac 52:54:00:12:34:56, vlan 100 qos 3, max rate 1000, spoofchk on,
link-state enable, trust off. VF 1: vlan 200 802.1ad, spoofchk and trust not reported.""", i40e)
    ib_address = bytes(20)
    ib = newlink(
        9, 6, 32, "ib0", 4092, ib_address, b"\xff" * 20,
        [vf_info(0, b"\0" * 20, 0, 0, 0x8100, 0, 0, UNSET, 0, UNSET,
                 guids=(0x0011223344556677, 0x8899AABBCCDDEEFF), addr_len=20,
                 broadcast=b"\xff" * 20)])
    write_hex("getlink_ib_1vf_reply.hex", """
RTM_GETLINK reply of an InfiniBand PF ib0 (ifindex 6, ARPHRD_INFINIBAND) with 1 VF whose driver
reports GUIDs: node 00:11:22:33:44:55:66:77, port 88:99:aa:bb:cc:dd:ee:ff. Kernel layout,
synthesised by make_getlink_replies.py.""", ib)


if __name__ == "__main__":
    main()
