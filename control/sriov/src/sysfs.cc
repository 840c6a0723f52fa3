#include "nfv/sriov/sysfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "nfv/common/strings.h"
#include "nfv/common/unique_fd.h"

namespace nfv::sriov {

namespace fs = std::filesystem;

Sysfs::Sysfs(fs::path root) : root_(std::move(root)) {}

fs::path Sysfs::path(std::string_view relative) const { return root_ / fs::path(relative); }

bool Sysfs::exists(std::string_view relative) const {
  std::error_code ec;
  return fs::exists(path(relative), ec);
}

Result<std::string> Sysfs::read(std::string_view relative) const {
  fs::path file = path(relative);
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    return make_error_code(err, "cannot read {}: {}", file.string(), std::strerror(err));
  }
  std::string content;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      return make_error_code(err, "cannot read {}: {}", file.string(), std::strerror(err));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
  }
  return std::string(trim(content));
}

Status Sysfs::write(std::string_view relative, std::string_view value) const {
  fs::path file = path(relative);
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) {
    int err = errno;
    return make_error_code(err, "cannot open {} for writing: {}", file.string(),
                           std::strerror(err));
  }
  ssize_t n;
  do {
    n = ::write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    int err = errno;
    return make_error_code(err, "write of '{}' to {} failed: {}", trim(value), file.string(),
                           std::strerror(err));
  }
  if (static_cast<size_t>(n) != value.size()) {
    return make_error_code(EIO, "short write of '{}' to {} ({} of {} bytes)", trim(value),
                           file.string(), n, value.size());
  }
  return {};
}

Result<std::string> Sysfs::link_name(std::string_view relative) const {
  fs::path link = path(relative);
  std::error_code ec;
  fs::path target = fs::read_symlink(link, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return std::string();
    return make_error_code(ec.value(), "cannot read link {}: {}", link.string(), ec.message());
  }
  return target.filename().string();
}

Result<std::vector<std::string>> Sysfs::list(std::string_view relative) const {
  fs::path dir = path(relative);
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return make_error_code(ec.value(), "cannot list {}: {}", dir.string(), ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

std::string device_path(const PciAddress& address) { return "bus/pci/devices/" + address.str(); }

std::string device_attr(const PciAddress& address, std::string_view attribute) {
  return device_path(address) + "/" + std::string(attribute);
}

}  // namespace nfv::sriov
