// libvirt's default event loop (virEventRegisterDefaultImpl) on one thread per process,
// shared by every connection and stopped when the last one lets it go. Events, keepalive and
// the close callback run on it. Internal to the libvirt manager.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

namespace nfv::guests {

class EventLoop {
 public:
  // The running loop (started on first use; libvirt's implementation registered once).
  static std::shared_ptr<EventLoop> acquire();
  ~EventLoop();  // stops and joins the thread
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

 private:
  EventLoop();
  void run();

  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace nfv::guests
