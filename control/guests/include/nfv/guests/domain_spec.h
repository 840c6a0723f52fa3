// Everything a libvirt domain of the appliance is made of, as plain values: what the guest
// manager decided (accelerator, console and socket paths) on top of the guest's desired state
// (reconcile::GuestState). domain_xml() turns it into libvirt domain XML, purely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::guests {

// kvm: hardware virtualization; tcg: QEMU's emulator (no usable /dev/kvm). Under TCG the
// domain carries QEMU 7.2's work-around for vhost-user (no MSI-X vectors on virtio-net).
enum class Accelerator { kKvm, kTcg };
const char* accelerator_name(Accelerator accelerator);  // "kvm" | "tcg"

// hugepages: guest RAM from hugepages of `hugepage_kb` on the guest's node (production);
// memfd: shared anonymous memory (tests and the demo: no hugepages needed). Both are shared,
// which vhost-user needs.
enum class MemoryBacking { kHugepages, kMemfd };

// A vhost-user interface: a port of nfv-switch.
struct VhostInterface {
  std::string port;           // the switch port's name (alias, and the metadata's link)
  std::string socket;         // the socket's path
  bool qemu_server = true;    // QEMU creates the socket (the switch is the client)
  uint32_t queues = 1;        // queue pairs
  uint32_t ring_size = 1024;  // rx and tx descriptors per queue
  std::string mac;            // "52:54:00:..."
};

// An SR-IOV VF passed through as a libvirt <interface type='hostdev'>.
struct VfInterface {
  std::string bdf;    // the VF's PCI address on the host, "0000:3b:02.1"
  std::string mac;    // "" leaves the VF's MAC as nfvd set it
  uint32_t vlan = 0;  // 0: none; else the PF tags and strips it for the guest
};

// A GPU passed through as a plain <hostdev>, with the NIC VF paired with it for GPUDirect RDMA
// (a plain <hostdev> too: nfvd gave the VF its MAC and GUIDs through the PF). Pairs with the
// same `host_switch` share a PCIe switch on the host and share a virtual one in the guest
// (guest_pcie_layout.h).
struct GpuDevice {
  std::string bdf;
  std::string nic_vf;       // "": no NIC
  std::string host_switch;  // the host switch's upstream port; "": not behind one with its NIC
};

// Direct kernel boot (kernel + initrd + command line) or a disk image. A disk given with a
// kernel is attached too (the kernel's root file system, say) but not booted from.
struct BootSource {
  std::string kernel;
  std::string initrd;
  std::string cmdline;
  std::string disk;         // a qcow2 or raw image; booted from when kernel is empty
  std::string disk_format;  // "qcow2" or "raw"; "": qcow2 when the name ends in .qcow2, else raw
};

struct DomainSpec {
  std::string name;
  Accelerator accelerator = Accelerator::kKvm;
  uint32_t vcpus = 1;
  uint64_t memory_mb = 1024;
  MemoryBacking backing = MemoryBacking::kHugepages;
  uint64_t hugepage_kb = 2048;
  std::optional<uint32_t> numa_node;  // memory (numatune strict) and the NUMA cell's node
  // vcpu_pinned: vCPU i on vcpu_cpus[i]; else every vCPU floats over vcpu_cpus (empty: anywhere).
  bool vcpu_pinned = false;
  std::vector<uint32_t> vcpu_cpus;
  std::vector<uint32_t> emulator_cpus;  // empty: not pinned
  std::vector<VhostInterface> vhost;
  std::vector<VfInterface> vfs;
  std::vector<GpuDevice> gpus;  // any GPU makes the machine q35 with a PCIe layout
  BootSource boot;
  std::string console_log;     // the serial console is written here (file, appended)
  std::string console_socket;  // and offered here (unix socket, QEMU listens); "" = none
  // The appliance's mark: the domain is its own (metadata element), with the desired state
  // it was created from (JSON text, reconcile::GuestState) so that list() can compare.
  std::string desired_json;
  // The guest's NCCL topology file on the host, offered to the guest through QEMU's fw_cfg at
  // kNcclTopologyFwCfg ("" : none).
  std::string nccl_topology_file;
};

// The fw_cfg name the guest reads the NCCL topology at:
// NCCL_TOPO_FILE=/sys/firmware/qemu_fw_cfg/by_name/opt/dev.nfv-appliance/nccl-topo.xml/raw
inline constexpr const char* kNcclTopologyFwCfg = "opt/dev.nfv-appliance/nccl-topo.xml";

// The metadata element's namespace: a domain carrying it is the appliance's.
inline constexpr const char* kMetadataNamespace = "https://nfv-appliance.dev/xmlns/guest/1";
inline constexpr const char* kMetadataPrefix = "nfv";

// The domain XML, pure (golden-tested).
std::string domain_xml(const DomainSpec& spec);

// What libvirt and QEMU would refuse late or obscurely, checked before define: strings XML
// cannot carry (control characters, invalid UTF-8), a '/' in the name, memory that is not a
// whole number of hugepages, fewer pinned CPUs than vCPUs, nothing to boot, socket paths too
// long for a unix socket, ring sizes QEMU does not take, malformed MACs and PCI addresses,
// a port given twice. An error names the guest and the fault.
Status check_domain_spec(const DomainSpec& spec);

// The libvirt device alias of a vhost-user interface: "ua-" (libvirt's prefix for user aliases)
// and the port's name, every character outside [A-Za-z0-9.-] written as _xx (hex), so that two
// ports never share an alias.
std::string vhost_alias(const std::string& port);

}  // namespace nfv::guests
