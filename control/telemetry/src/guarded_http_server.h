// An httplib::Server that bounds what its clients can hold: at most a few live connections, each
// served by its own worker at once (more are closed on accept, before they can queue up and use
// descriptors), every request bounded in time and size (ConnectionStream), and a stop that cuts
// the open connections so it never waits for a client.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <mutex>
#include <set>

#include "connection_stream.h"

namespace nfv::telemetry {

class GuardedHttpServer final : public httplib::Server {
 public:
  struct Limits {
    size_t connections;
    ConnectionStream::Limits request;
  };

  explicit GuardedHttpServer(const Limits& limits);

  // httplib's stop, then a shutdown of every live connection: reads blocked on a client return
  // at once, so the listening thread's join waits for no client.
  void stop_serving();

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool serve(socket_t sock);
  bool track(socket_t sock);
  void untrack(socket_t sock);

  Limits limits_;
  std::mutex mutex_;  // guards live_ and stopping_
  std::set<socket_t> live_;
  bool stopping_ = false;
};

}  // namespace nfv::telemetry
