// The domain specs of the golden domain XML files (golden/<name>.xml): one per kind of guest
// the appliance defines.
#pragma once

#include <string>
#include <vector>

#include "nfv/guests/domain_spec.h"

namespace nfv::guests::testing {

struct GoldenSpec {
  std::string name;  // the golden file's stem
  DomainSpec spec;
};

// A test guest: TCG, memfd, two vhost-user ports (QEMU server and client), console socket.
DomainSpec tcg_memfd_guest();
// Production: KVM, 1 GiB hugepages on node 1, pinned vCPUs and emulator, a VF with a VLAN, a GPU.
DomainSpec kvm_hugepage_guest();
// Booted from a qcow2 disk, vCPUs floating over a CPU set, a VF kept as nfvd set it.
DomainSpec disk_guest();
// An AI guest: GPUs with NIC VFs, two pairs behind one host switch, one behind another, one pair
// farther apart; its NCCL topology file offered through fw_cfg.
DomainSpec ai_guest();
// Markup and quotes in every string that comes from a config.
DomainSpec hostile_guest();

std::vector<GoldenSpec> golden_specs();

// golden/<name>.xml in the source tree.
std::string golden_path(const std::string& name);

}  // namespace nfv::guests::testing
