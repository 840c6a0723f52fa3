#include "nfv/reconcile/guest_state.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace nfv::reconcile {
namespace {

std::string interfaces_text(const std::vector<GuestInterface>& interfaces) {
  if (interfaces.empty()) return "none";
  std::string text;
  for (const auto& interface : interfaces) {
    if (!text.empty()) text += ", ";
    text += interface_text(interface);
  }
  return text;
}

std::string numa_text(const std::optional<uint32_t>& numa) {
  return numa ? std::to_string(*numa) : "auto";
}

std::string boot_text(const GuestBoot& boot) {
  if (!boot.kernel.empty()) return fmt::format("kernel {} '{}'", boot.kernel, boot.cmdline);
  if (!boot.disk.empty()) return "disk " + boot.disk;
  return "none";
}

std::string cpus_text(const std::vector<uint32_t>& cpus, bool pinned) {
  if (cpus.empty()) return "any";
  return fmt::format("{}{}", fmt::join(cpus, ","), pinned ? " (pinned)" : "");
}

std::string gpu_list(const std::vector<GuestGpu>& gpus) {
  if (gpus.empty()) return "none";
  std::string text;
  for (const auto& gpu : gpus) {
    if (!text.empty()) text += ",";
    text += gpu_text(gpu);
  }
  return text;
}

void add(std::string& text, const std::string& part) {
  if (!text.empty()) text += ", ";
  text += part;
}

}  // namespace

std::string gpu_text(const GuestGpu& gpu) {
  if (gpu.nic_vf.empty()) return gpu.gpu;
  return fmt::format("{}+{} ({})", gpu.gpu, gpu.nic_vf, gpu.pcie_class);
}

std::string interface_text(const GuestInterface& interface) {
  if (interface.type == GuestInterface::Type::kVhost) return "vhost " + interface.name;
  return interface.name.empty() ? "vf (any PF)" : "vf " + interface.name;
}

std::string describe_guest_change(const GuestState& to, const GuestState& from) {
  std::string text;
  if (to.vcpus != from.vcpus) add(text, fmt::format("vcpus {} -> {}", from.vcpus, to.vcpus));
  if (to.memory_mb != from.memory_mb) {
    add(text, fmt::format("memory {} -> {} MB", from.memory_mb, to.memory_mb));
  }
  if (to.hugepage_size != 0 && from.hugepage_size != 0 && to.hugepage_size != from.hugepage_size) {
    add(text, fmt::format("hugepage size {} -> {} kB", from.hugepage_size / 1024,
                          to.hugepage_size / 1024));
  }
  if (to.numa != from.numa) {
    add(text, fmt::format("numa {} -> {}", numa_text(from.numa), numa_text(to.numa)));
  }
  if (to.interfaces != from.interfaces) {
    add(text, fmt::format("interfaces {} -> {}", interfaces_text(from.interfaces),
                          interfaces_text(to.interfaces)));
  }
  if (to.memfd != from.memfd) {
    add(text, fmt::format("memory {} -> {}", from.memfd ? "memfd" : "hugepages",
                          to.memfd ? "memfd" : "hugepages"));
  }
  if (to.boot != from.boot) add(text, "boot " + boot_text(from.boot) + " -> " + boot_text(to.boot));
  if (to.vcpus_pinned != from.vcpus_pinned || to.vcpu_cpus != from.vcpu_cpus) {
    add(text, fmt::format("vCPU CPUs {} -> {}", cpus_text(from.vcpu_cpus, from.vcpus_pinned),
                          cpus_text(to.vcpu_cpus, to.vcpus_pinned)));
  }
  if (to.emulator_cpus != from.emulator_cpus) {
    add(text, fmt::format("emulator CPUs {} -> {}", cpus_text(from.emulator_cpus, false),
                          cpus_text(to.emulator_cpus, false)));
  }
  if (to.gpus != from.gpus) {
    add(text, fmt::format("GPUs {} -> {}", gpu_list(from.gpus), gpu_list(to.gpus)));
  }
  return text;
}

}  // namespace nfv::reconcile
