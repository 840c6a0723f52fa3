#include "signal_watcher.h"

#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <thread>

namespace nfv::traffic {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void()> on_early_signal)
    : on_early_signal_(std::move(on_early_signal)), event_(eventfd(0, EFD_CLOEXEC)) {
  sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // Detached: it lives as long as the process and holds no resource worth releasing.
  std::thread([this] { watch(); }).detach();
}

void SignalWatcher::started() {
  std::lock_guard lock(mutex_);
  started_ = true;
}

void SignalWatcher::watch() {
  sigset_t set = stop_signals();
  while (true) {
    int signal = sigwaitinfo(&set, nullptr);
    if (signal < 0) continue;  // EINTR
    std::lock_guard lock(mutex_);
    if (!started_) {
      on_early_signal_();
      _exit(0);
    }
    uint64_t one = 1;
    (void)!::write(event_.get(), &one, sizeof(one));
  }
}

}  // namespace nfv::traffic
