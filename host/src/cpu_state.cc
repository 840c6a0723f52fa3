#include "nfv/host/cpu_state.h"

#include <cerrno>
#include <string>

#include "nfv/host/cpulist.h"

namespace nfv::host {
namespace {

constexpr std::string_view kCpuDir = "devices/system/cpu/";

Result<std::vector<uint32_t>> read_list(const Sysfs& sysfs, std::string_view name) {
  std::string file = std::string(kCpuDir) + std::string(name);
  auto text = sysfs.read(file);
  if (!text) return std::move(text).error();
  if (*text == "(null)") return std::vector<uint32_t>();
  return parse_cpulist(*text, sysfs.path(file).string());
}

// A list the kernel may not have: nullopt when the file is missing.
Result<std::optional<std::vector<uint32_t>>> read_optional_list(const Sysfs& sysfs,
                                                                std::string_view name) {
  auto cpus = read_list(sysfs, name);
  if (!cpus) {
    if (cpus.error().code == ENOENT) return std::optional<std::vector<uint32_t>>();
    return std::move(cpus).error();
  }
  return std::optional<std::vector<uint32_t>>(std::move(cpus).value());
}

}  // namespace

Result<CpuState> read_cpu_state(const Sysfs& sysfs) {
  CpuState state;
  auto present = read_list(sysfs, "present");
  if (!present) return std::move(present).error();
  auto online = read_list(sysfs, "online");
  if (!online) return std::move(online).error();
  auto isolated = read_optional_list(sysfs, "isolated");
  if (!isolated) return std::move(isolated).error();
  auto nohz_full = read_optional_list(sysfs, "nohz_full");
  if (!nohz_full) return std::move(nohz_full).error();
  state.present = std::move(present).value();
  state.online = std::move(online).value();
  state.isolated = std::move(isolated).value();
  state.nohz_full = std::move(nohz_full).value();
  return state;
}

}  // namespace nfv::host
