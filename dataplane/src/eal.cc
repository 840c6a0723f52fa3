#include "nfv/dataplane/eal.h"

#include <rte_eal.h>
#include <rte_errno.h>

#include <filesystem>

namespace nfv::dp {

Result<std::unique_ptr<EalSession>> EalSession::init(const std::vector<std::string>& args) {
  // rte_eal_init may keep pointers into argv: the strings live as long as the process.
  static std::vector<std::string> storage;
  static std::vector<char*> argv;
  storage = args;
  argv.clear();
  for (auto& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (rte_eal_init(static_cast<int>(storage.size()), argv.data()) < 0) {
    return make_error("DPDK EAL initialisation failed: {} (EAL's messages above say why)",
                      rte_strerror(rte_errno));
  }
  std::unique_ptr<EalSession> session(new EalSession());
  session->runtime_dir_ = rte_eal_get_runtime_dir();
  return session;
}

EalSession::~EalSession() {
  rte_eal_cleanup();
  // EAL removes its sockets but leaves its config and fbarray files; the directory is named
  // after our file prefix, which EAL refused to share, so it is ours to remove.
  std::error_code ec;
  if (!runtime_dir_.empty()) std::filesystem::remove_all(runtime_dir_, ec);
}

}  // namespace nfv::dp
