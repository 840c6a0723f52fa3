// Domain XML of a DomainSpec: the domain, its memory, CPUs and boot; devices are in
// domain_devices.cc. Modelled on DPDK's PVP reference domain: shared guest memory on the
// planned node, pinned vCPUs and emulator, one NUMA cell with shared memory access (vhost-user
// maps the guest's RAM).
#include <string>

#include "domain_xml_parts.h"
#include "nfv/common/strings.h"
#include "nfv/guests/domain_metadata.h"
#include "nfv/guests/domain_spec.h"
#include "xml_writer.h"

namespace nfv::guests {
namespace {

uint64_t memory_kib(const DomainSpec& spec) { return spec.memory_mb * 1024; }

// VFIO pins all of the guest's memory: libvirt must lock it (and raise the memlock limit).
bool has_passthrough(const DomainSpec& spec) { return !spec.vfs.empty() || !spec.gpus.empty(); }

void write_memory(const DomainSpec& spec, XmlWriter& xml) {
  std::string kib = std::to_string(memory_kib(spec));
  xml.text("memory", kib, {{"unit", "KiB"}});
  xml.text("currentMemory", kib, {{"unit", "KiB"}});
  xml.open("memoryBacking");
  if (spec.backing == MemoryBacking::kHugepages) {
    // One guest NUMA cell: the page size applies to all of it; the host node is numatune's.
    xml.open("hugepages");
    xml.empty("page", {{"size", std::to_string(spec.hugepage_kb)}, {"unit", "KiB"}});
    xml.close();
  } else {
    xml.empty("source", {{"type", "memfd"}});
  }
  xml.empty("access", {{"mode", "shared"}});
  if (has_passthrough(spec)) xml.empty("locked");
  xml.close();
}

void write_vcpus(const DomainSpec& spec, XmlWriter& xml) {
  XmlAttributes attributes{{"placement", "static"}};
  if (!spec.vcpu_pinned && !spec.vcpu_cpus.empty()) {
    attributes.emplace_back("cpuset", format_id_list(spec.vcpu_cpus));
  }
  xml.text("vcpu", std::to_string(spec.vcpus), attributes);
  bool pin_vcpus = spec.vcpu_pinned && !spec.vcpu_cpus.empty();
  if (!pin_vcpus && spec.emulator_cpus.empty()) return;
  xml.open("cputune");
  if (pin_vcpus) {
    // vCPU i on vcpu_cpus[i]; the planner gives one CPU per vCPU (any extra vCPU floats).
    for (uint32_t vcpu = 0; vcpu < spec.vcpus && vcpu < spec.vcpu_cpus.size(); ++vcpu) {
      xml.empty("vcpupin",
                {{"vcpu", std::to_string(vcpu)}, {"cpuset", std::to_string(spec.vcpu_cpus[vcpu])}});
    }
  }
  if (!spec.emulator_cpus.empty()) {
    xml.empty("emulatorpin", {{"cpuset", format_id_list(spec.emulator_cpus)}});
  }
  xml.close();
}

void write_numatune(const DomainSpec& spec, XmlWriter& xml) {
  if (!spec.numa_node) return;
  xml.open("numatune");
  xml.empty("memory", {{"mode", "strict"}, {"nodeset", std::to_string(*spec.numa_node)}});
  xml.close();
}

void write_os(const DomainSpec& spec, XmlWriter& xml) {
  xml.open("os");
  // GPUs need PCIe (q35): large BARs, and the switch layout that tells NCCL what is close.
  if (spec.gpus.empty()) {
    xml.text("type", "hvm");
  } else {
    xml.text("type", "hvm", {{"arch", "x86_64"}, {"machine", "q35"}});
  }
  if (!spec.boot.kernel.empty()) {
    xml.text("kernel", spec.boot.kernel);
    if (!spec.boot.initrd.empty()) xml.text("initrd", spec.boot.initrd);
    if (!spec.boot.cmdline.empty()) xml.text("cmdline", spec.boot.cmdline);
  }
  xml.close();
  xml.open("features");
  xml.empty("acpi");  // graceful shutdown is an ACPI power-button event
  xml.empty("apic");
  xml.close();
}

// KVM: the host's CPU as is. TCG: QEMU's "max" model (every feature TCG emulates, so a guest
// built for a modern x86 such as a DPDK application runs). Always one NUMA cell with shared
// memory access: vhost-user needs it.
void write_cpu(const DomainSpec& spec, XmlWriter& xml) {
  bool kvm = spec.accelerator == Accelerator::kKvm;
  xml.open("cpu", {{"mode", kvm ? "host-passthrough" : "maximum"}, {"check", "none"}});
  xml.open("numa");
  std::string last_vcpu = std::to_string(spec.vcpus == 0 ? 0 : spec.vcpus - 1);
  xml.empty("cell", {{"id", "0"},
                     {"cpus", "0-" + last_vcpu},
                     {"memory", std::to_string(memory_kib(spec))},
                     {"unit", "KiB"},
                     {"memAccess", "shared"}});
  xml.close();
  xml.close();
}

// Files the guest reads through QEMU's fw_cfg (the qemu_fw_cfg module shows them under
// /sys/firmware/qemu_fw_cfg/by_name/): no disk or network needed to hand them over.
void write_fw_cfg(const DomainSpec& spec, XmlWriter& xml) {
  if (spec.nccl_topology_file.empty()) return;
  xml.open("sysinfo", {{"type", "fwcfg"}});
  xml.empty("entry", {{"name", kNcclTopologyFwCfg}, {"file", spec.nccl_topology_file}});
  xml.close();
}

void write_lifecycle(XmlWriter& xml) {
  xml.text("on_poweroff", "destroy");
  xml.text("on_reboot", "restart");
  xml.text("on_crash", "destroy");
}

}  // namespace

std::string domain_xml(const DomainSpec& spec) {
  XmlWriter xml;
  bool kvm = spec.accelerator == Accelerator::kKvm;
  XmlAttributes domain{{"type", kvm ? "kvm" : "qemu"}};
  if (needs_tcg_vhost_override(spec)) domain.emplace_back("xmlns:qemu", kQemuNamespace);
  xml.open("domain", domain);
  xml.text("name", spec.name);
  xml.open("metadata");
  xml.markup(namespaced_metadata_element(spec.desired_json));
  xml.close();
  write_memory(spec, xml);
  write_vcpus(spec, xml);
  write_numatune(spec, xml);
  write_os(spec, xml);
  write_fw_cfg(spec, xml);
  write_cpu(spec, xml);
  write_lifecycle(xml);
  write_devices(spec, xml);
  if (needs_tcg_vhost_override(spec)) write_tcg_vhost_override(spec, xml);
  xml.close();
  return xml.str();
}

}  // namespace nfv::guests
