// SIGINT and SIGTERM, taken by a thread of our own. The signals are blocked in every other
// thread (EAL's threads inherit the mask), so DPDK never sees them; the watcher turns them
// into a readable fd for the command loop. Before start-up is done (rte_eal_init can block,
// e.g. a ',server' port waits in accept() for the switch), a signal runs `on_early_signal`
// (remove what start-up created) and exits the process with status 0.
#pragma once

#include <functional>
#include <mutex>

#include "nfv/common/unique_fd.h"

namespace nfv::traffic {

class SignalWatcher {
 public:
  // Call before any other thread exists.
  explicit SignalWatcher(std::function<void()> on_early_signal);
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Start-up is done: from now on a signal only makes fd() readable.
  void started();
  // Readable (an eventfd) once SIGINT or SIGTERM arrived after started().
  int fd() const { return event_.get(); }

 private:
  void watch();

  std::function<void()> on_early_signal_;
  UniqueFd event_;
  std::mutex mutex_;
  bool started_ = false;
};

}  // namespace nfv::traffic
