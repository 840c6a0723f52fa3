// GuestState as JSON: what a guest's domain records as the appliance's metadata, read back
// when nfvd lists its guests. The text comes back from libvirt, so it is parsed as hostile:
// every field checked for its type, an error naming the first wrong one.
#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "nfv/reconcile/guest_state.h"

namespace nfv::reconcile {
namespace {

using json = nlohmann::json;

json interface_json(const GuestInterface& interface) {
  json out = {{"type", interface.type == GuestInterface::Type::kVhost ? "vhost" : "vf"},
              {"name", interface.name},
              {"mac", interface.mac}};
  if (interface.type == GuestInterface::Type::kVhost) {
    out["socket"] = interface.socket;
    out["guest_serves_socket"] = interface.guest_serves_socket;
    out["queues"] = interface.queues;
    out["ring_size"] = interface.ring_size;
  } else {
    out["vlan"] = interface.vlan;
    out["vf_bdf"] = interface.vf_bdf;
  }
  return out;
}

// A GPU without a NIC is its address alone (as guests recorded before NIC pairs were).
json gpu_json(const GuestGpu& gpu) {
  if (gpu.nic_vf.empty() && gpu.pcie_class.empty() && gpu.pcie_switch.empty()) return gpu.gpu;
  return {{"gpu", gpu.gpu},
          {"nic_vf", gpu.nic_vf},
          {"pcie_class", gpu.pcie_class},
          {"pcie_switch", gpu.pcie_switch}};
}

// Reads one field of `object` into `out` when present, checking its JSON type.
class Reader {
 public:
  Reader(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  template <typename T>
  Status get(const char* key, T& out) const {
    auto it = object_.find(key);
    if (it == object_.end()) return {};
    if (!matches<T>(*it)) return make_error("{}.{}: wrong type", where_, key);
    out = it->template get<T>();
    return {};
  }

 private:
  template <typename T>
  static bool matches(const json& value) {
    if constexpr (std::is_same_v<T, bool>) {
      return value.is_boolean();
    } else if constexpr (std::is_integral_v<T>) {
      return value.is_number_unsigned() &&
             value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
    } else if constexpr (std::is_same_v<T, std::string>) {
      return value.is_string();
    } else {  // lists
      if (!value.is_array()) return false;
      for (const auto& item : value) {
        if (!matches<typename T::value_type>(item)) return false;
      }
      return true;
    }
  }

  const json& object_;
  std::string where_;
};

Result<GuestInterface> interface_from(const json& value, const std::string& where) {
  if (!value.is_object()) return make_error("{}: not an object", where);
  GuestInterface interface;
  Reader read(value, where);
  std::string type;
  NFV_TRY(read.get("type", type));
  if (type != "vhost" && type != "vf") return make_error("{}.type: vhost or vf", where);
  interface.type = type == "vhost" ? GuestInterface::Type::kVhost : GuestInterface::Type::kVf;
  NFV_TRY(read.get("name", interface.name));
  NFV_TRY(read.get("mac", interface.mac));
  NFV_TRY(read.get("socket", interface.socket));
  NFV_TRY(read.get("guest_serves_socket", interface.guest_serves_socket));
  NFV_TRY(read.get("queues", interface.queues));
  NFV_TRY(read.get("ring_size", interface.ring_size));
  NFV_TRY(read.get("vlan", interface.vlan));
  NFV_TRY(read.get("vf_bdf", interface.vf_bdf));
  return interface;
}

Result<GuestGpu> gpu_from(const json& value, const std::string& where) {
  GuestGpu gpu;
  if (value.is_string()) {
    gpu.gpu = value.get<std::string>();
    return gpu;
  }
  if (!value.is_object()) return make_error("{}: neither an address nor an object", where);
  Reader read(value, where);
  NFV_TRY(read.get("gpu", gpu.gpu));
  NFV_TRY(read.get("nic_vf", gpu.nic_vf));
  NFV_TRY(read.get("pcie_class", gpu.pcie_class));
  NFV_TRY(read.get("pcie_switch", gpu.pcie_switch));
  return gpu;
}

Status gpus_from(const json& value, std::vector<GuestGpu>& gpus) {
  if (!value.is_array()) return make_error("guest.gpus: not a list");
  for (size_t i = 0; i < value.size(); ++i) {
    auto gpu = gpu_from(value[i], fmt::format("guest.gpus[{}]", i));
    if (!gpu) return std::move(gpu).error();
    gpus.push_back(std::move(gpu).value());
  }
  return {};
}

Status boot_from(const json& value, GuestBoot& boot) {
  if (!value.is_object()) return make_error("guest.boot: not an object");
  Reader read(value, "guest.boot");
  NFV_TRY(read.get("kernel", boot.kernel));
  NFV_TRY(read.get("initrd", boot.initrd));
  NFV_TRY(read.get("cmdline", boot.cmdline));
  return read.get("disk", boot.disk);
}

}  // namespace

std::string guest_to_json_text(const GuestState& guest) {
  json interfaces = json::array();
  for (const auto& interface : guest.interfaces) interfaces.push_back(interface_json(interface));
  json gpus = json::array();
  for (const auto& gpu : guest.gpus) gpus.push_back(gpu_json(gpu));
  json out = {{"name", guest.name},
              {"vcpus", guest.vcpus},
              {"memory_mb", guest.memory_mb},
              {"hugepage_size", guest.hugepage_size},
              {"memfd", guest.memfd},
              {"interfaces", std::move(interfaces)},
              {"boot",
               {{"kernel", guest.boot.kernel},
                {"initrd", guest.boot.initrd},
                {"cmdline", guest.boot.cmdline},
                {"disk", guest.boot.disk}}},
              {"vcpus_pinned", guest.vcpus_pinned},
              {"vcpu_cpus", guest.vcpu_cpus},
              {"emulator_cpus", guest.emulator_cpus},
              {"gpus", std::move(gpus)}};
  if (guest.numa) out["numa"] = *guest.numa;
  return out.dump();
}

Result<GuestState> guest_from_json_text(const std::string& text) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return make_error("guest: not JSON");
  if (!value.is_object()) return make_error("guest: not a JSON object");
  GuestState guest;
  Reader read(value, "guest");
  NFV_TRY(read.get("name", guest.name));
  if (guest.name.empty()) return make_error("guest.name: missing");
  NFV_TRY(read.get("vcpus", guest.vcpus));
  NFV_TRY(read.get("memory_mb", guest.memory_mb));
  NFV_TRY(read.get("hugepage_size", guest.hugepage_size));
  NFV_TRY(read.get("memfd", guest.memfd));
  if (value.contains("numa")) {
    uint32_t node = 0;
    NFV_TRY(read.get("numa", node));
    guest.numa = node;
  }
  NFV_TRY(read.get("vcpus_pinned", guest.vcpus_pinned));
  NFV_TRY(read.get("vcpu_cpus", guest.vcpu_cpus));
  NFV_TRY(read.get("emulator_cpus", guest.emulator_cpus));
  if (auto gpus = value.find("gpus"); gpus != value.end()) NFV_TRY(gpus_from(*gpus, guest.gpus));
  if (auto boot = value.find("boot"); boot != value.end()) NFV_TRY(boot_from(*boot, guest.boot));
  if (auto list = value.find("interfaces"); list != value.end()) {
    if (!list->is_array()) return make_error("guest.interfaces: not a list");
    for (size_t i = 0; i < list->size(); ++i) {
      auto interface = interface_from((*list)[i], fmt::format("guest.interfaces[{}]", i));
      if (!interface) return std::move(interface).error();
      guest.interfaces.push_back(std::move(interface).value());
    }
  }
  return guest;
}

}  // namespace nfv::reconcile
