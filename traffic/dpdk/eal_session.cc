#include "eal_session.h"

#include <dirent.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace nfv::traffic {

std::string eal_runtime_dir(const std::string& file_prefix) {
  // Mirrors EAL's choice: /var/run/dpdk for root, else $XDG_RUNTIME_DIR or /tmp.
  std::string base = "/var/run";
  if (getuid() != 0) {
    const char* xdg = std::getenv("XDG_RUNTIME_DIR");
    base = xdg ? xdg : "/tmp";
  }
  return base + "/dpdk/" + file_prefix;
}

void remove_runtime_dir(const std::string& dir) {
  if (DIR* listing = opendir(dir.c_str())) {
    while (dirent* entry = readdir(listing)) {
      std::string name = entry->d_name;
      if (name == "." || name == "..") continue;
      unlink((dir + "/" + name).c_str());
    }
    closedir(listing);
  }
  rmdir(dir.c_str());
}

void remove_hugepage_files(const std::string& file_prefix) {
  // EAL names them <prefix>map_<n> in each hugetlbfs mount it used.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> mounts(std::fopen("/proc/mounts", "re"),
                                                         &std::fclose);
  if (!mounts) return;
  char device[256], mount_point[4096], type[64];
  std::string wanted = file_prefix + "map_";
  while (std::fscanf(mounts.get(), "%255s %4095s %63s %*[^\n]", device, mount_point, type) == 3) {
    if (std::strcmp(type, "hugetlbfs") != 0) continue;
    DIR* listing = opendir(mount_point);
    if (listing == nullptr) continue;
    while (dirent* entry = readdir(listing)) {
      if (std::strncmp(entry->d_name, wanted.c_str(), wanted.size()) == 0) {
        unlink((std::string(mount_point) + "/" + entry->d_name).c_str());
      }
    }
    closedir(listing);
  }
}

Result<std::unique_ptr<EalSession>> EalSession::start(const std::vector<std::string>& args,
                                                      const std::string& file_prefix,
                                                      std::FILE* log) {
  std::string dir = eal_runtime_dir(file_prefix);
  struct stat info {};
  bool existed = ::stat(dir.c_str(), &info) == 0;
  rte_openlog_stream(log);

  std::vector<std::string> copies = args;  // rte_eal_init may permute argv
  std::vector<char*> argv;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (rte_eal_init(static_cast<int>(argv.size() - 1), argv.data()) < 0) {
    int error = rte_errno;
    // Only a directory we created is ours to remove: another process may own an old one.
    if (!existed) {
      remove_runtime_dir(dir);
      remove_hugepage_files(file_prefix);
    }
    std::string hint = error == EALREADY || error == EAGAIN
                           ? "; is another DPDK process using --file-prefix " + file_prefix + "?"
                           : "; see the EAL messages above";
    return make_error("DPDK EAL initialisation failed: {}{}", rte_strerror(error), hint);
  }
  return std::unique_ptr<EalSession>(new EalSession(rte_eal_get_runtime_dir(), file_prefix));
}

EalSession::~EalSession() {
  rte_eal_cleanup();
  remove_runtime_dir(runtime_dir_);
  remove_hugepage_files(file_prefix_);
}

}  // namespace nfv::traffic
