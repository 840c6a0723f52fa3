#include "guarded_http_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <utility>

namespace nfv::telemetry {
namespace {

// Set while the accepting thread hands a connection over that no worker may take.
thread_local bool t_refusing = false;

// One worker per admitted connection, so an admitted one is served at once and nothing waits in
// a queue holding a descriptor: a connection beyond the limit is refused on the accepting thread.
class AdmittingQueue final : public httplib::TaskQueue {
 public:
  explicit AdmittingQueue(size_t limit) : limit_(limit), workers_(limit) {}

  void enqueue(std::function<void()> task) override {
    if (busy_.load() >= limit_) {
      t_refusing = true;
      task();
      t_refusing = false;
      return;
    }
    ++busy_;  // only the accepting thread adds, so busy_ never exceeds limit_
    workers_.enqueue([this, task = std::move(task)] {
      task();
      --busy_;
    });
  }
  void shutdown() override { workers_.shutdown(); }

 private:
  size_t limit_;
  std::atomic<size_t> busy_{0};
  httplib::ThreadPool workers_;
};

}  // namespace

GuardedHttpServer::GuardedHttpServer(const Limits& limits) : limits_(limits) {
  new_task_queue = [this] { return new AdmittingQueue(limits_.connections); };
}

void GuardedHttpServer::stop_serving() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop();
  std::lock_guard lock(mutex_);
  for (socket_t sock : live_) ::shutdown(sock, SHUT_RDWR);
}

bool GuardedHttpServer::process_and_close_socket(socket_t sock) {
  bool served = false;
  if (!t_refusing && track(sock)) {
    served = serve(sock);
    untrack(sock);  // before close: stop_serving must never shut down a reused descriptor
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

// httplib's keep-alive loop, over a stream that bounds each request.
bool GuardedHttpServer::serve(socket_t sock) {
  ConnectionStream stream(sock, limits_.request);
  const auto idle = std::chrono::seconds(keep_alive_timeout_sec_);
  bool served = false;
  for (size_t left = keep_alive_max_count_; left > 0; --left) {
    if (svr_sock_ == INVALID_SOCKET || !stream.await_request(idle)) break;
    stream.start_request();
    bool connection_closed = false;
    served = process_request(stream, left == 1, connection_closed, nullptr);
    if (!served || connection_closed || stream.exhausted()) break;
  }
  return served;
}

bool GuardedHttpServer::track(socket_t sock) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  live_.insert(sock);
  return true;
}

void GuardedHttpServer::untrack(socket_t sock) {
  std::lock_guard lock(mutex_);
  live_.erase(sock);
}

}  // namespace nfv::telemetry
