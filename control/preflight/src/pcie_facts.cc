#include "nfv/preflight/pcie_facts.h"

#include <charconv>
#include <fstream>
#include <iterator>

#include "nfv/host/iommu_group.h"
#include "nfv/host/pci_address.h"
#include "nfv/host/pci_device.h"

namespace nfv::preflight {
namespace {

namespace fs = std::filesystem;

// A directory named like a full BDF ("0000:3b:00.0"): a PCI function, not a host bridge
// ("pci0000:00") or another sysfs directory.
bool is_function_dir(const fs::path& dir) {
  std::string name = dir.filename().string();
  return name.size() == 12 && name[4] == ':' && host::PciAddress::parse(name).ok();
}

std::string driver_of(const fs::path& dir) {
  std::error_code ec;
  fs::path target = fs::read_symlink(dir / "driver", ec);
  return ec ? "" : target.filename().string();
}

bool bridge_of(const fs::path& dir) {
  std::ifstream in(dir / "class");
  std::string text;
  in >> text;
  return text.rfind("0x0604", 0) == 0;
}

void read_config(const fs::path& dir, PcieFunction& function) {
  std::ifstream in(dir / "config", std::ios::binary);
  if (!in) {
    function.config_problem = "cannot open " + (dir / "config").string();
    return;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  auto config = parse_pcie_config(bytes);
  if (config) {
    function.config = *config;
  } else {
    function.config_problem = (dir / "config").string() + ": " + config.error().message;
  }
}

PcieFunction function_at(const fs::path& dir, bool with_config) {
  PcieFunction function{dir.filename().string(), driver_of(dir), bridge_of(dir), {}, {}};
  if (with_config) read_config(dir, function);
  return function;
}

std::optional<unsigned> group_of(const fs::path& dir) {
  std::error_code ec;
  fs::path target = fs::read_symlink(dir / "iommu_group", ec);
  if (ec) return std::nullopt;
  std::string name = target.filename().string();
  unsigned group = 0;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), group);
  if (error != std::errc() || end != name.data() + name.size() || name.empty()) return std::nullopt;
  return group;
}

void read_group(const host::Sysfs& sysfs, PciePath& path) {
  auto members = host::read_iommu_group_devices(sysfs, *path.iommu_group);
  if (!members) return;  // the link names a group the tree does not list: nothing to judge by
  for (const host::PciAddress& member : *members) {
    std::error_code ec;
    fs::path dir = fs::canonical(sysfs.path(host::device_path(member)), ec);
    if (ec) {
      path.group_members.push_back({member.str(), "", false, {}, {}});
      continue;
    }
    path.group_members.push_back(function_at(dir, false));
  }
}

}  // namespace

const PciePath* PcieFacts::find(const std::string& bdf) const {
  auto it = devices.find(bdf);
  return it == devices.end() ? nullptr : &it->second;
}

std::optional<PciePath> read_pcie_path(const host::Sysfs& sysfs, const std::string& bdf) {
  std::error_code ec;
  fs::path dir = fs::canonical(sysfs.path("bus/pci/devices/" + bdf), ec);
  if (ec) return std::nullopt;
  PciePath path;
  path.device = function_at(dir, true);
  for (fs::path up = dir.parent_path(); is_function_dir(up); up = up.parent_path()) {
    path.bridges.insert(path.bridges.begin(), function_at(up, true));
  }
  path.iommu_group = group_of(dir);
  if (path.iommu_group) read_group(sysfs, path);
  return path;
}

PcieFacts read_pcie_facts(const host::Sysfs& sysfs, const std::vector<std::string>& bdfs) {
  PcieFacts facts;
  for (const std::string& bdf : bdfs) {
    if (facts.devices.count(bdf)) continue;
    if (auto path = read_pcie_path(sysfs, bdf)) facts.devices.emplace(bdf, std::move(*path));
  }
  return facts;
}

}  // namespace nfv::preflight
