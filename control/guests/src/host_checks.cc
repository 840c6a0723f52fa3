// Host checks before a domain is defined: hugepages, the VFs paired with GPUs, socket
// directories.
#include "nfv/guests/host_checks.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "nfv/common/strings.h"

namespace nfv::guests {
namespace {

std::optional<uint64_t> read_count(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!in || !std::getline(in, text)) return std::nullopt;
  auto value = parse_uint(trim(text), path);
  if (!value) return std::nullopt;
  return *value;
}

// The sysfs directory of one hugepage size: per node, or the whole system's.
std::string hugepage_directory(const DomainSpec& spec, const std::string& sysfs_root) {
  std::string size = fmt::format("hugepages-{}kB", spec.hugepage_kb);
  if (spec.numa_node) {
    return fmt::format("{}/devices/system/node/node{}/hugepages/{}", sysfs_root, *spec.numa_node,
                       size);
  }
  return fmt::format("{}/kernel/mm/hugepages/{}", sysfs_root, size);
}

std::string node_text(const DomainSpec& spec) {
  return spec.numa_node ? fmt::format("NUMA node {}", *spec.numa_node) : "the host";
}

}  // namespace

Status check_free_hugepages(const DomainSpec& spec, const std::string& sysfs_root) {
  if (spec.backing != MemoryBacking::kHugepages) return ok_status();
  if (spec.hugepage_kb == 0) {
    return make_error("guest {}: hugepage backing without a hugepage size", spec.name);
  }
  std::string dir = hugepage_directory(spec, sysfs_root);
  uint64_t needed = (spec.memory_mb * 1024 + spec.hugepage_kb - 1) / spec.hugepage_kb;
  auto free_pages = read_count(dir + "/free_hugepages");
  if (!free_pages) {
    return make_error(
        "guest {}: {} offers no hugepages of {} kB ({} unreadable); use a size "
        "the kernel supports or memfd backing",
        spec.name, node_text(spec), spec.hugepage_kb, dir + "/free_hugepages");
  }
  if (*free_pages >= needed) return ok_status();
  uint64_t reserved = read_count(dir + "/nr_hugepages").value_or(0);
  return make_error(
      "guest {}: needs {} hugepages of {} kB on {} for {} MB, {} free; reserve "
      "more: echo {} > {}/nr_hugepages",
      spec.name, needed, spec.hugepage_kb, node_text(spec), spec.memory_mb, *free_pages,
      reserved + needed - *free_pages, dir);
}

bool qemu_can_create_in(const DirectoryAccess& access, const QemuIdentity& qemu) {
  constexpr mode_t kOwner = S_IWUSR | S_IXUSR, kGroup = S_IWGRP | S_IXGRP,
                   kOther = S_IWOTH | S_IXOTH;
  if (qemu.uid == 0) return true;
  if (access.uid == qemu.uid) return (access.mode & kOwner) == kOwner;
  if (access.gid == qemu.gid) return (access.mode & kGroup) == kGroup;
  return (access.mode & kOther) == kOther;
}

Status check_socket_directories(const DomainSpec& spec, const QemuIdentity& qemu) {
  for (const VhostInterface& vhost : spec.vhost) {
    if (!vhost.qemu_server) continue;
    std::filesystem::path parent = std::filesystem::path(vhost.socket).parent_path();
    const std::string dir = parent.empty() ? std::string(".") : parent.string();
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return make_error(
          "guest {}: the directory {} of port {}'s socket is missing; create it "
          "(mkdir -p {} && chown {}:{} {})",
          spec.name, dir, vhost.port, dir, qemu.uid, qemu.gid, dir);
    }
    DirectoryAccess access{info.st_uid, info.st_gid, info.st_mode};
    if (qemu_can_create_in(access, qemu)) continue;
    return make_error(
        "guest {}: QEMU (uid {}, gid {}) cannot create port {}'s socket in {} "
        "(owner {}:{}, mode {:04o}); fix: chown {}:{} {} (or chmod o+wx {})",
        spec.name, qemu.uid, qemu.gid, vhost.port, dir, info.st_uid, info.st_gid,
        info.st_mode & 07777, qemu.uid, qemu.gid, dir, dir);
  }
  return ok_status();
}

}  // namespace nfv::guests

namespace nfv::guests {

Status check_paired_vfs(const DomainSpec& spec, const std::string& sysfs_root) {
  for (const auto& gpu : spec.gpus) {
    if (gpu.nic_vf.empty()) continue;
    std::error_code error;
    auto physfn = std::filesystem::symlink_status(
        fmt::format("{}/bus/pci/devices/{}/physfn", sysfs_root, gpu.nic_vf), error);
    if (!std::filesystem::is_symlink(physfn)) {
      return make_error(
          "guest {}: the NIC VF {} of GPU {} is not a VF on this host (no physfn link); it is "
          "not passed through: check the PF's VFs (ls /sys/bus/pci/devices/*/virtfn*) and apply "
          "again",
          spec.name, gpu.nic_vf, gpu.bdf);
    }
  }
  return ok_status();
}

}  // namespace nfv::guests
