// libvirt's default event loop on its own thread.
#include "event_loop.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <mutex>

#include "nfv/common/log.h"

namespace nfv::guests {
namespace {

// libvirt's default error handler prints every error to stderr, also those the caller
// handles; the manager reads them where a call fails (virGetLastErrorMessage) instead.
void drop_error(void*, virErrorPtr) {}

void register_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    virSetErrorFunc(nullptr, drop_error);
    if (virEventRegisterDefaultImpl() < 0) {
      log::error("libvirt: cannot register the default event loop: {}", virGetLastErrorMessage());
    }
  });
}

// A timeout that fires once: it makes virEventRunDefaultImpl return so the loop sees stop_.
void wake_once(int timer, void*) { virEventRemoveTimeout(timer); }

// Held while a loop starts or stops, so that two loop threads never run at once.
std::mutex& loop_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

std::shared_ptr<EventLoop> EventLoop::acquire() {
  static std::weak_ptr<EventLoop> current;
  std::lock_guard lock(loop_mutex());
  if (auto loop = current.lock()) return loop;
  register_once();
  std::shared_ptr<EventLoop> loop(new EventLoop(), [](EventLoop* stopping) {
    std::lock_guard stop_lock(loop_mutex());
    delete stopping;
  });
  current = loop;
  return loop;
}

EventLoop::EventLoop() : thread_([this] { run(); }) {}

EventLoop::~EventLoop() {
  stop_ = true;
  if (virEventAddTimeout(0, wake_once, nullptr, nullptr) < 0) {
    log::warning("libvirt: cannot wake the event loop to stop it: {}", virGetLastErrorMessage());
  }
  thread_.join();
}

void EventLoop::run() {
  while (!stop_) {
    if (virEventRunDefaultImpl() < 0) {
      log::warning("libvirt: event loop: {}", virGetLastErrorMessage());
    }
  }
}

}  // namespace nfv::guests
