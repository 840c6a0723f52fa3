#include "nfv/sriov/sysfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "nfv/common/strings.h"
#include "nfv/common/unique_fd.h"

namespace nfv::sriov {

Status Sysfs::write(std::string_view relative, std::string_view value) const {
  std::filesystem::path file = path(relative);
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

}  // namespace nfv::sriov
