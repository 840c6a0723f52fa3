// A real rpc::Server on a temporary socket, served from its own thread, with handlers the
// tests steer: port.del records the names it is given (in the order served), mac.list
// returns `limit` entries, switch.info throws, port.add holds the server until released.
#pragma once

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "nfv/common/unique_fd.h"
#include "nfv/rpc/dispatcher.h"
#include "nfv/rpc/server.h"
#include "nfv/testing/line_client.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::rpc {

using nfv::testing::Clock;
using nfv::testing::LineClient;

inline Clock::time_point deadline_in(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  return Clock::now() + timeout;
}

// The next line from the server as JSON (a test failure if none comes in time).
api::json read_json(LineClient& client);
// Sends one request line and reads the next line as JSON.
api::json call(LineClient& client, const std::string& line);

class ServerTest : public ::testing::Test {
 protected:
  ServerTest();
  ~ServerTest() override;

  // Starts the server; call once per test (ASSERT_NO_FATAL_FAILURE(start(...))).
  void start(ServerLimits limits = {});
  // A connected client; with `greet`, api.hello is done.
  LineClient connect(bool greet = true);

  std::vector<std::string> port_del_calls();
  // The next port.add blocks the server thread until release_port_add().
  void wait_until_port_add_holds();
  void release_port_add();

  ServerLimits limits_;

 private:
  void bind_handlers();

  std::optional<nfv::testing::TestDir> dir_;
  Dispatcher dispatcher_{ServerIdentity{"test-server", "1.0"}};
  std::unique_ptr<Server> server_;
  UniqueFd stop_read_, stop_write_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> port_del_calls_;
  std::promise<void> port_add_entered_;
  std::promise<void> port_add_release_;
  std::shared_future<void> port_add_released_ = port_add_release_.get_future().share();
  bool port_add_released_flag_ = false;
};

}  // namespace nfv::rpc
