#include "nfv/host/sysfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "nfv/common/strings.h"
#include "nfv/common/unique_fd.h"

namespace nfv::host {

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

Result<uint64_t> Sysfs::read_uint(std::string_view relative, uint64_t max) const {
  auto text = read(relative);
  if (!text) return std::move(text).error();
  return parse_uint(*text, path(relative).string(), 0, max);
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

Result<std::vector<std::string>> Sysfs::list_if_present(std::string_view relative) const {
  auto names = list(relative);
  if (!names && names.error().code == ENOENT) return std::vector<std::string>();
  return names;
}

}  // namespace nfv::host
