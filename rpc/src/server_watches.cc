// The server's extra work on its thread: watched descriptors and one-shot timers.
#include <poll.h>

#include <algorithm>
#include <exception>

#include "nfv/common/log.h"
#include "nfv/rpc/server.h"

namespace nfv::rpc {
namespace {

// A daemon's callback failing must not end the server that also serves its operators.
void run_guarded(const Server::Callback& callback, const char* what) {
  try {
    callback();
  } catch (const std::exception& e) {
    log::error("control socket: {} callback failed: {}", what, e.what());
  } catch (...) {
    log::error("control socket: {} callback failed", what);
  }
}

}  // namespace

void Server::watch(int fd, Callback on_readable) {
  for (Watch& watch : watches_) {
    if (watch.fd == fd) {
      watch.on_readable = std::move(on_readable);
      return;
    }
  }
  watches_.push_back({fd, std::move(on_readable)});
}

void Server::unwatch(int fd) {
  std::erase_if(watches_, [fd](const Watch& watch) { return watch.fd == fd; });
}

void Server::run_at(Clock::time_point when, Callback callback) {
  timers_.push_back({when, std::move(callback)});
}

void Server::run_watches(const std::vector<pollfd>& fds, size_t first) {
  for (size_t i = first; i < fds.size(); ++i) {
    if (fds[i].revents == 0) continue;
    // An earlier callback may have removed or replaced this watch: look it up again.
    auto watch = std::find_if(watches_.begin(), watches_.end(),
                              [fd = fds[i].fd](const Watch& w) { return w.fd == fd; });
    if (watch == watches_.end()) continue;
    Callback callback = watch->on_readable;  // a copy: the callback may unwatch itself
    run_guarded(callback, "watch");
  }
}

void Server::run_due_timers(Clock::time_point now) {
  std::vector<Timer> due;
  for (auto it = timers_.begin(); it != timers_.end();) {
    if (it->when <= now) {
      due.push_back(std::move(*it));
      it = timers_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(due.begin(), due.end(), [](const Timer& a, const Timer& b) { return a.when < b.when; });
  for (const Timer& timer : due) run_guarded(timer.callback, "timer");
}

}  // namespace nfv::rpc
