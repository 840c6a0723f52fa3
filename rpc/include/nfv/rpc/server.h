// The control socket: a unix stream socket (mode 0660, group configurable) speaking
// newline-delimited JSON-RPC 2.0 to a Dispatcher, served from one thread with poll(2).
// Every client is held to ServerLimits; no request, byte sequence or client behaviour ends
// the server: each becomes an error reply or, at worst, the end of that one connection.
// A daemon's own work (a child process to watch, a retry to run later) can share the thread:
// watch() and run_at() call back between requests, so handlers and callbacks never overlap.
#pragma once

#include <poll.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"
#include "nfv/rpc/dispatcher.h"
#include "nfv/rpc/line_buffer.h"
#include "nfv/rpc/server_limits.h"

namespace nfv::rpc {

class Connection;

class Server {
 public:
  using Clock = std::chrono::steady_clock;
  using Callback = std::function<void()>;

  // Refuses a path something listens on, removes a stale socket file, binds and listens.
  static Result<std::unique_ptr<Server>> listen(const std::string& path, const std::string& group,
                                                Dispatcher* dispatcher, ServerLimits limits = {});
  ~Server();  // closes every connection and removes the socket file

  // Serves requests until `stop_fd` becomes readable.
  void serve(int stop_fd);

  // Calls `on_readable` on the serving thread whenever `fd` is readable or hung up, until
  // unwatch(fd); watching an fd again replaces its callback. The caller keeps `fd` open.
  void watch(int fd, Callback on_readable);
  void unwatch(int fd);
  // Calls `callback` once on the serving thread at `when` (or soon after). Callbacks may
  // watch, unwatch and schedule; an exception from one is logged and the server goes on.
  void run_at(Clock::time_point when, Callback callback);

 private:
  struct Watch {
    int fd;
    Callback on_readable;
  };
  struct Timer {
    Clock::time_point when;
    Callback callback;
  };
  Server(std::string path, UniqueFd fd, Dispatcher* dispatcher, ServerLimits limits);

  int poll_timeout_ms(Clock::time_point now) const;
  bool serve_client(Connection& client, short revents, Clock::time_point now);  // false: close
  void serve_requests(Connection& client, Clock::time_point now);
  std::string answer(const RequestLine& line, Connection& client);
  void close_idle_clients(Clock::time_point now);
  void accept_clients(Clock::time_point now);
  void evict_longest_idle(Clock::time_point now);
  // Calls the watches whose fds polled ready (fds[first..]: the watches in poll order).
  void run_watches(const std::vector<pollfd>& fds, size_t first);
  void run_due_timers(Clock::time_point now);

  std::string path_;
  UniqueFd listen_fd_;
  Dispatcher* dispatcher_;
  ServerLimits limits_;
  std::vector<std::unique_ptr<Connection>> clients_;
  Clock::time_point accept_paused_until_{};  // out of file descriptors: retry later
  std::vector<Watch> watches_;
  std::vector<Timer> timers_;
};

}  // namespace nfv::rpc
