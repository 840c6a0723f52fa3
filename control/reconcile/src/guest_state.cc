#include "nfv/reconcile/guest_state.h"

#include <fmt/format.h>

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

void add(std::string& text, const std::string& part) {
  if (!text.empty()) text += ", ";
  text += part;
}

}  // namespace

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
  return text;
}

}  // namespace nfv::reconcile
