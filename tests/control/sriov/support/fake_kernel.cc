#include "fake_kernel.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>

#include "fake_pci_rules.h"
#include "fake_tree_io.h"

namespace nfv::sriov::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUsbClass = "0x0c0330";
constexpr const char* kXhciDriver = "xhci_hcd";

bool is_nic_driver(const std::string& driver) {
  return driver == "i40e" || driver == "iavf" || driver == "mlx5_core" || driver == "mlx4_core" ||
         driver == "igb" || driver == "igbvf";
}

// The kernel compares names with sysfs_streq: one trailing newline does not count.
std::string without_newline(std::string_view data) {
  std::string text(data);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string hex_id(const fs::path& file) {
  std::string text = read_trimmed(file);
  return text.rfind("0x", 0) == 0 ? text.substr(2) : text;
}

// kstrtou16 with base 0: "0x" hex, leading 0 octal, else decimal; one trailing newline.
int parse_u16(std::string_view data, unsigned& value) {
  std::string text = without_newline(data);
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.erase(0, 2);
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text.erase(0, 1);
  }
  if (text.empty()) return EINVAL;
  unsigned long long parsed = 0;
  for (char c : text) {
    int digit = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : 99;
    if (digit >= base) return EINVAL;
    parsed = parsed * static_cast<unsigned>(base) + static_cast<unsigned>(digit);
    if (parsed > 0xffffffffULL) return ERANGE;
  }
  if (parsed > 0xffff) return ERANGE;
  value = static_cast<unsigned>(parsed);
  return 0;
}

// kstrtobool: y/Y/1 true, n/N/0 false, "on"/"off"; anything else EINVAL.
int parse_bool(std::string_view data, bool& value) {
  if (data.empty()) return EINVAL;
  switch (data[0]) {
    case 'y':
    case 'Y':
    case '1':
      value = true;
      return 0;
    case 'n':
    case 'N':
    case '0':
      value = false;
      return 0;
    case 'o':
    case 'O':
      if (data.size() > 1 && (data[1] == 'n' || data[1] == 'N')) {
        value = true;
        return 0;
      }
      if (data.size() > 1 && (data[1] == 'f' || data[1] == 'F')) {
        value = false;
        return 0;
      }
      return EINVAL;
    default:
      return EINVAL;
  }
}

bool is_device_dir(const fs::path& dir) { return fs::is_regular_file(dir / "vendor"); }

const std::set<std::string> kDeviceWritable = {"sriov_numvfs", "sriov_drivers_autoprobe",
                                               "driver_override"};
const std::set<std::string> kDriverWriteOnly = {"bind", "unbind", "new_id", "remove_id"};

}  // namespace

FakeKernel::FakeKernel(fs::path backing, VfGroups vf_groups)
    : backing_(std::move(backing)), vf_groups_(vf_groups) {}

int FakeKernel::check_open(const std::string& path, bool read, bool write) const {
  fs::path file = backing_ / path.substr(1);
  std::string name = file.filename().string();
  fs::path parent = file.parent_path();
  bool write_only =
      (parent == backing_ / "bus/pci" && name == "drivers_probe") ||
      (parent.parent_path() == backing_ / "bus/pci/drivers" && kDriverWriteOnly.count(name) > 0);
  if (write_only) return read ? EACCES : 0;
  if (!write) return 0;
  bool writable = is_device_dir(parent) && kDeviceWritable.count(name) > 0;
  return writable ? 0 : EACCES;  // vendor, device, class, numa_node, sriov_totalvfs...
}

int FakeKernel::write(const std::string& path, std::string_view data) {
  std::unique_lock lock(mutex_);
  rename_due(std::chrono::steady_clock::now());
  size_t number = writes_.size() + 1;
  int error = 0;
  auto planned = planned_failures_.find(number);
  if (planned != planned_failures_.end()) {
    error = planned->second;
    planned_failures_.erase(planned);
  } else {
    error = wait_while_held(lock, path, data);
    if (error == 0) error = apply(path, data);
  }
  auto race = racing_binds_.find(number);
  if (race != racing_binds_.end()) {
    auto device = device_dir(race->second.first);
    if (device && !fs::is_symlink(*device / "driver")) attach(*device, race->second.second);
    racing_binds_.erase(race);
  }
  writes_.push_back({path, std::string(data), error});
  return error;
}

void FakeKernel::fail_write(unsigned nth, int error) {
  std::lock_guard lock(mutex_);
  planned_failures_[writes_.size() + nth] = error;
}

void FakeKernel::bind_after_write(unsigned nth, const std::string& bdf, const std::string& driver) {
  std::lock_guard lock(mutex_);
  racing_binds_[writes_.size() + nth] = {bdf, driver};
}

void FakeKernel::on_vfs_removed(std::function<void(const std::string& pf)> callback) {
  std::lock_guard lock(mutex_);
  vfs_removed_ = std::move(callback);
}

void FakeKernel::on_vfs_created(
    std::function<void(const std::string& pf, unsigned count)> callback) {
  std::lock_guard lock(mutex_);
  vfs_created_ = std::move(callback);
}

void FakeKernel::set_in_use(const std::string& bdf, bool in_use) {
  std::lock_guard lock(mutex_);
  if (in_use) {
    in_use_.insert(bdf);
  } else {
    in_use_.erase(bdf);
  }
}

std::vector<FakeKernel::WriteRecord> FakeKernel::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

size_t FakeKernel::write_count() const {
  std::lock_guard lock(mutex_);
  return writes_.size();
}

int FakeKernel::apply(const std::string& path, std::string_view data) {
  fs::path file = backing_ / path.substr(1);
  std::string name = file.filename().string();
  fs::path parent = file.parent_path();
  if (parent == backing_ / "bus/pci" && name == "drivers_probe") return write_probe(data);
  if (parent.parent_path() == backing_ / "bus/pci/drivers") {
    std::string driver = parent.filename().string();
    if (name == "bind") return write_bind(driver, data);
    if (name == "unbind") return write_unbind(driver, data);
    return EOPNOTSUPP;  // new_id/remove_id: not modelled; the code must use driver_override
  }
  if (is_device_dir(parent)) {
    if (name == "sriov_numvfs") return write_numvfs(parent, data);
    if (name == "sriov_drivers_autoprobe") return write_autoprobe(parent, data);
    if (name == "driver_override") return write_override(parent, data);
  }
  return EACCES;
}

int FakeKernel::write_numvfs(const fs::path& pf, std::string_view data) {
  unsigned wanted = 0;
  if (int error = parse_u16(data, wanted)) return error;
  if (wanted > std::stoul(read_trimmed(pf / "sriov_totalvfs"))) return ERANGE;
  unsigned current = static_cast<unsigned>(std::stoul(read_trimmed(pf / "sriov_numvfs")));
  if (wanted == current) return 0;
  if (!fs::is_symlink(pf / "driver")) return ENOENT;
  std::vector<fs::path> links;
  for (const auto& entry : fs::directory_iterator(pf)) {
    if (entry.path().filename().string().rfind("virtfn", 0) == 0) links.push_back(entry.path());
  }
  if (wanted == 0) {
    for (const fs::path& link : links) {
      if (held_or_in_use(fs::read_symlink(link).filename().string())) return EBUSY;
    }
    for (const fs::path& link : links) remove_vf(pf, link);
    write_raw(pf / "sriov_numvfs", "0\n");
    if (vfs_removed_) vfs_removed_(pf.filename().string());
    return 0;
  }
  if (current > 0) return EBUSY;
  bool autoprobe = read_trimmed(pf / "sriov_drivers_autoprobe") == "1";
  for (unsigned index = 0; index < wanted; ++index) create_vf(pf, index, autoprobe);
  write_raw(pf / "sriov_numvfs", std::to_string(wanted) + "\n");
  if (vfs_created_) vfs_created_(pf.filename().string(), wanted);
  return 0;
}

int FakeKernel::write_autoprobe(const fs::path& device, std::string_view data) {
  if (!fs::exists(device / "sriov_totalvfs")) return EACCES;
  bool value = false;
  if (int error = parse_bool(data, value)) return error;
  write_raw(device / "sriov_drivers_autoprobe", value ? "1\n" : "0\n");
  return 0;
}

int FakeKernel::write_override(const fs::path& device, std::string_view data) {
  if (data.size() >= 4095) return EINVAL;
  std::string name(data.substr(0, data.find('\n')));
  write_raw(device / "driver_override", (name.empty() ? "(null)" : name) + "\n");
  return 0;
}

int FakeKernel::write_bind(const std::string& driver, std::string_view data) {
  auto device = device_dir(without_newline(data));
  if (!device || !matches(*device, driver)) return ENODEV;
  if (fs::is_symlink(*device / "driver")) return EBUSY;
  return probe_with(*device, driver);
}

int FakeKernel::write_unbind(const std::string& driver, std::string_view data) {
  auto device = device_dir(without_newline(data));
  if (!device || !fs::is_symlink(*device / "driver") ||
      fs::read_symlink(*device / "driver").filename() != driver) {
    return ENODEV;
  }
  detach(*device);
  return 0;
}

int FakeKernel::write_probe(std::string_view data) {
  auto device = device_dir(without_newline(data));
  if (!device) return ENODEV;
  if (fs::is_symlink(*device / "driver")) return 0;
  std::string override_name = read_trimmed(*device / "driver_override");
  std::string candidate = override_name != "(null)" ? override_name : default_driver(*device);
  if (candidate.empty() || !fs::is_directory(backing_ / "bus/pci/drivers" / candidate)) return 0;
  // A failing probe leaves the device unbound; drivers_probe itself still succeeds.
  (void)probe_with(*device, candidate);
  return 0;
}

int FakeKernel::probe_with(const fs::path& device, const std::string& driver) {
  if (!can_probe(device)) return ENODEV;
  // vfio-pci refuses a device without an IOMMU group (no IOMMU).
  if (driver == "vfio-pci" && !fs::is_symlink(device / "iommu_group")) return EINVAL;
  attach(device, driver);
  return 0;
}

void FakeKernel::create_vf(const fs::path& pf, unsigned index, bool autoprobe) {
  std::string pf_bdf = pf.filename().string();
  unsigned domain = 0, bus = 0, dev = 0, fn = 0;
  std::sscanf(pf_bdf.c_str(), "%x:%x:%x.%x", &domain, &bus, &dev, &fn);
  unsigned rid = (bus << 8 | dev << 3 | fn) + std::stoul(read_trimmed(pf / "sriov_offset")) +
                 index * std::stoul(read_trimmed(pf / "sriov_stride"));
  std::string bdf =
      fmt::format("{:04x}:{:02x}:{:02x}.{:x}", domain, rid >> 8, (rid >> 3) & 0x1f, rid & 7);
  fs::path vf = pf.parent_path() / bdf;
  fs::create_directory(vf);
  write_raw(vf / "vendor", read_raw(pf / "vendor"));
  write_raw(vf / "device", "0x" + read_trimmed(pf / "sriov_vf_device") + "\n");
  write_raw(vf / "class", read_raw(pf / "class"));
  write_raw(vf / "numa_node", read_raw(pf / "numa_node"));
  write_raw(vf / "subsystem_vendor", read_raw(pf / "subsystem_vendor"));
  write_raw(vf / "subsystem_device", "0x0000\n");
  // A VF reports its PF's link (it has no link of its own).
  for (const char* link : {"current_link_speed", "current_link_width"}) {
    if (fs::exists(pf / link)) write_raw(vf / link, read_raw(pf / link));
  }
  write_raw(vf / "driver_override", "(null)\n");
  if (fs::exists(pf / "config")) {
    unsigned vf_device =
        static_cast<unsigned>(std::stoul(read_trimmed(pf / "sriov_vf_device"), nullptr, 16));
    write_raw(vf / "config", vf_config_space(read_raw(pf / "config"), vf_device));
  }
  link_relative(pf, vf / "physfn");
  link_relative(vf, pf / ("virtfn" + std::to_string(index)));
  link_relative(vf, backing_ / "bus/pci/devices" / bdf);
  if (fs::is_symlink(pf / "iommu_group")) {
    bool own =
        vf_groups_ == VfGroups::kOwn || (vf_groups_ == VfGroups::kByAcs && isolated_by_acs(vf));
    std::string group = own ? std::to_string(lowest_free_group())
                            : fs::read_symlink(pf / "iommu_group").filename().string();
    fs::path group_dir = backing_ / "kernel/iommu_groups" / group;
    fs::create_directories(group_dir / "devices");
    link_relative(vf, group_dir / "devices" / bdf);
    link_relative(group_dir, vf / "iommu_group");
  }
  if (autoprobe) {
    std::string driver = default_driver(vf);
    if (!driver.empty() && fs::is_directory(backing_ / "bus/pci/drivers" / driver)) {
      attach(vf, driver);
    }
  }
}

void FakeKernel::remove_vf(const fs::path& /*pf*/, const fs::path& link) {
  fs::path vf = fs::canonical(link);
  std::string bdf = vf.filename().string();
  if (fs::is_symlink(vf / "driver")) detach(vf);
  saved_netdevs_.erase(bdf);
  std::erase_if(renames_, [&](const PendingRename& r) { return r.bdf == bdf; });
  if (fs::is_symlink(vf / "iommu_group")) {
    fs::path group_dir = fs::canonical(vf / "iommu_group");
    fs::remove(group_dir / "devices" / bdf);
    if (fs::is_empty(group_dir / "devices")) fs::remove_all(group_dir);  // the group is freed
  }
  fs::remove(backing_ / "bus/pci/devices" / bdf);
  fs::remove(link);
  fs::remove_all(vf);
}

void FakeKernel::attach(const fs::path& device, const std::string& driver) {
  std::string bdf = device.filename().string();
  fs::path driver_dir = backing_ / "bus/pci/drivers" / driver;
  link_relative(driver_dir, device / "driver");
  link_relative(device, driver_dir / bdf);
  if (!is_nic_driver(driver)) return;
  auto saved = saved_netdevs_.find(bdf);
  if (saved != saved_netdevs_.end() && saved->second.first == driver) {
    for (const SavedEntry& entry : saved->second.second) {
      fs::path at = device / "net" / entry.name;
      fs::create_directories(at.parent_path());
      if (entry.is_link) {
        fs::create_directory_symlink(entry.content, at);
      } else if (entry.content == "\x01dir") {
        fs::create_directories(at);
      } else {
        write_raw(at, entry.content);
      }
    }
    saved_netdevs_.erase(saved);
  } else {
    // A fresh netdev. A VF's gets the kernel's ethN first; udev renames it after its PF's
    // ("enp59s0f0v3") later.
    std::string ifname = "eth-" + bdf;
    std::string predictable = vf_predictable_name(device);
    if (!predictable.empty()) {
      ifname = kernel_netdev_name();
      schedule_rename(bdf, ifname, predictable);
    }
    fs::path net = device / "net" / ifname;
    fs::create_directories(net);
    write_raw(net / "address", "00:00:00:00:00:00\n");
    write_raw(net / "operstate", "down\n");
    write_raw(net / "mtu", "1500\n");
    write_raw(net / "name_assign_type", predictable.empty() ? "4\n" : "1\n");
    fs::create_directory_symlink("../../../" + bdf, net / "device");
  }
  for (const auto& entry : fs::directory_iterator(device / "net")) {
    link_relative(entry.path(), backing_ / "class/net" / entry.path().filename());
  }
}

void FakeKernel::detach(const fs::path& device) {
  std::string bdf = device.filename().string();
  // udev has long renamed a netdev by the time its driver goes: rename first.
  for (const PendingRename& rename : renames_) {
    if (rename.bdf == bdf) rename_netdev(rename.bdf, rename.from, rename.to);
  }
  std::erase_if(renames_, [&](const PendingRename& r) { return r.bdf == bdf; });
  std::string driver = fs::read_symlink(device / "driver").filename().string();
  fs::remove(device / "driver");
  fs::remove(backing_ / "bus/pci/drivers" / driver / bdf);
  if (!fs::is_directory(device / "net")) return;
  std::vector<SavedEntry> entries;
  for (const auto& netdev : fs::directory_iterator(device / "net")) {
    std::string ifname = netdev.path().filename().string();
    entries.push_back({ifname, false, "\x01dir"});
    for (const auto& entry : fs::directory_iterator(netdev.path())) {
      std::string name = ifname + "/" + entry.path().filename().string();
      if (fs::is_symlink(entry.path())) {
        entries.push_back({name, true, fs::read_symlink(entry.path()).string()});
      } else {
        entries.push_back({name, false, read_raw(entry.path())});
      }
    }
    fs::remove(backing_ / "class/net" / ifname);
  }
  fs::remove_all(device / "net");
  saved_netdevs_[bdf] = {driver, std::move(entries)};
}

bool FakeKernel::matches(const fs::path& device, const std::string& driver) const {
  std::string override_name = read_trimmed(device / "driver_override");
  if (override_name != "(null)") return override_name == driver;
  if (driver == kXhciDriver) return read_trimmed(device / "class") == kUsbClass;
  return default_driver(device) == driver;
}

bool FakeKernel::can_probe(const fs::path& device) const {
  // pci_device_can_probe: a VF binds only when its PF autoprobes or an override names a driver.
  if (!fs::is_symlink(device / "physfn")) return true;
  if (read_trimmed(device / "driver_override") != "(null)") return true;
  return read_trimmed(device / "physfn/sriov_drivers_autoprobe") == "1";
}

std::string FakeKernel::default_driver(const fs::path& device) const {
  if (read_trimmed(device / "class") == kUsbClass) return kXhciDriver;
  return driver_for_ids(hex_id(device / "vendor"), hex_id(device / "device"),
                        read_trimmed(device / "class"));
}

std::optional<fs::path> FakeKernel::device_dir(std::string_view bdf) const {
  if (bdf.empty() || bdf.find('/') != std::string_view::npos) return std::nullopt;
  fs::path link = backing_ / "bus/pci/devices" / std::string(bdf);
  std::error_code ec;
  if (!fs::is_symlink(link) || !fs::exists(link, ec)) return std::nullopt;
  return fs::canonical(link);
}

unsigned FakeKernel::lowest_free_group() const {
  unsigned group = 0;
  while (fs::exists(backing_ / "kernel/iommu_groups" / std::to_string(group))) ++group;
  return group;
}

}  // namespace nfv::sriov::testing
