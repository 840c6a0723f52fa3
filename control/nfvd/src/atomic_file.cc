#include "nfv/nfvd/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nfv/common/unique_fd.h"

namespace nfv::nfvd {
namespace {

Status write_synced(const std::string& path, const std::string& text) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd.valid()) return make_error("cannot write {}: {}", path, std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return make_error("cannot write {}: {}", path, std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return make_error("cannot sync {}: {}", path, std::strerror(errno));
  return {};
}

// The rename itself is durable only once the directory is synced.
void sync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  UniqueFd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.valid()) ::fsync(fd.get());
}

}  // namespace

Status write_file_atomically(const std::string& path, const std::string& text) {
  std::string temporary = path + ".new";
  NFV_TRY(write_synced(temporary, text));
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return make_error("cannot replace {}: {}", path, std::strerror(errno));
  }
  sync_directory_of(path);
  return {};
}

Result<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("cannot read {}: {}", path, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace nfv::nfvd
