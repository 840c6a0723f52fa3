#include "nfv/sriov/allocation_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace nfv::sriov {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr int kFormatVersion = 1;

json allocation_to_json(const Allocation& a) {
  json j;
  j["device"] = a.device.str();
  j["owner"] = a.owner;
  j["purpose"] = purpose_name(a.purpose);
  j["pf"] = a.pf ? json(a.pf->str()) : json(nullptr);
  j["vf_index"] = a.vf_index ? json(*a.vf_index) : json(nullptr);
  j["host_driver"] = a.host_driver;
  j["iommu_group"] = a.iommu_group ? json(*a.iommu_group) : json(nullptr);
  j["numa_node"] = a.numa_node ? json(*a.numa_node) : json(nullptr);
  j["vendor_device"] = a.vendor_device;
  return j;
}

Result<Allocation> allocation_from_json(const json& j, const std::string& where) {
  if (!j.is_object() || !j.contains("device") || !j["device"].is_string() || !j.contains("owner") ||
      !j["owner"].is_string()) {
    return make_error("{}: needs string fields \"device\" and \"owner\"", where);
  }
  Allocation a;
  auto device = PciAddress::parse(j["device"].get<std::string>());
  if (!device) return make_error("{}: {}", where, device.error().message);
  a.device = *device;
  a.owner = j["owner"].get<std::string>();
  auto purpose = parse_purpose(j.value("purpose", "guest"));
  if (!purpose) return make_error("{}: {}", where, purpose.error().message);
  a.purpose = *purpose;
  if (j.contains("pf") && j["pf"].is_string()) {
    auto pf = PciAddress::parse(j["pf"].get<std::string>());
    if (!pf) return make_error("{}: {}", where, pf.error().message);
    a.pf = *pf;
  }
  if (j.contains("vf_index") && j["vf_index"].is_number_unsigned()) {
    a.vf_index = j["vf_index"].get<unsigned>();
  }
  a.host_driver = j.value("host_driver", "");
  if (j.contains("iommu_group") && j["iommu_group"].is_number_unsigned()) {
    a.iommu_group = j["iommu_group"].get<unsigned>();
  }
  if (j.contains("numa_node") && j["numa_node"].is_number_integer()) {
    a.numa_node = j["numa_node"].get<int>();
  }
  a.vendor_device = j.value("vendor_device", "");
  return a;
}

Status fail_errno(const std::string& what, const fs::path& file) {
  int err = errno;
  return make_error_code(err, "{} {}: {}", what, file.string(), std::strerror(err));
}

Status write_all(int fd, const std::string& data, const fs::path& file) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail_errno("cannot write", file);
    done += static_cast<size_t>(n);
  }
  return {};
}

}  // namespace

std::string allocations_to_json(const std::vector<Allocation>& allocations) {
  json root;
  root["version"] = kFormatVersion;
  root["allocations"] = json::array();
  for (const Allocation& a : allocations) root["allocations"].push_back(allocation_to_json(a));
  return root.dump(2) + "\n";
}

Result<std::vector<Allocation>> allocations_from_json(const std::string& text,
                                                      const std::string& source) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return make_error(
        "allocation file {} is not valid JSON; fix it or move it aside (nothing "
        "was changed)",
        source);
  }
  if (!root.is_object() || root.value("version", 0) != kFormatVersion ||
      !root.contains("allocations") || !root["allocations"].is_array()) {
    return make_error(
        "allocation file {}: expected {{\"version\": {}, \"allocations\": [...]}}; "
        "fix it or move it aside (nothing was changed)",
        source, kFormatVersion);
  }
  std::vector<Allocation> allocations;
  size_t index = 0;
  for (const json& item : root["allocations"]) {
    auto a = allocation_from_json(item, fmt::format("allocation file {}, entry {}", source, index));
    if (!a) return std::move(a).error();
    allocations.push_back(std::move(*a));
    ++index;
  }
  return allocations;
}

AllocationStore::AllocationStore(fs::path path) : path_(std::move(path)) {}

Result<std::vector<Allocation>> AllocationStore::load() const {
  std::ifstream in(path_);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(path_, ec)) return std::vector<Allocation>{};
    return make_error("cannot read allocation file {}: {}", path_.string(), std::strerror(errno));
  }
  std::stringstream text;
  text << in.rdbuf();
  return allocations_from_json(text.str(), path_.string());
}

Status AllocationStore::save(const std::vector<Allocation>& allocations) const {
  fs::path dir = path_.parent_path().empty() ? fs::path(".") : path_.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return make_error_code(ec.value(), "cannot create the state directory {}: {}", dir.string(),
                           ec.message());
  }
  fs::path temp = dir / fmt::format(".{}.tmp-{}", path_.filename().string(), ::getpid());
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return fail_errno("cannot create", temp);
  Status written = write_all(fd.get(), allocations_to_json(allocations), temp);
  if (written && ::fsync(fd.get()) != 0) written = fail_errno("cannot fsync", temp);
  fd.reset();
  if (written && ::rename(temp.c_str(), path_.c_str()) != 0) {
    written = fail_errno("cannot rename the new allocation file onto", path_);
  }
  if (!written) {
    ::unlink(temp.c_str());
    return written;
  }
  // The rename is durable only once the directory entry is on disk.
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd.valid()) return fail_errno("cannot open", dir);
  if (::fsync(dir_fd.get()) != 0) return fail_errno("cannot fsync", dir);
  return {};
}

Result<UniqueFd> AllocationStore::lock() const {
  fs::path lock_path = path_;
  lock_path += ".lock";
  std::error_code ec;
  fs::create_directories(lock_path.parent_path().empty() ? fs::path(".") : lock_path.parent_path(),
                         ec);
  UniqueFd fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) return fail_errno("cannot open the lock file", lock_path).error();
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return make_error(
          "another nfvd or nfvctl is changing VF allocations ({} is locked); "
          "retry when it is done",
          lock_path.string());
    }
    return fail_errno("cannot lock", lock_path).error();
  }
  return fd;
}

}  // namespace nfv::sriov
