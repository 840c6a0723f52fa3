// The server's watches and timers: a daemon's own work on the serving thread, between
// requests. Each test serves on its own thread and ends by writing the stop pipe from a
// callback, so a callback that never runs fails the test at the deadline instead of hanging.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <future>
#include <thread>
#include <vector>

#include "nfv/common/unique_fd.h"
#include "nfv/rpc/server.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv::rpc {
namespace {

using namespace std::chrono_literals;

struct Pipe {
  UniqueFd read, write;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
    read.reset(fds[0]);
    write.reset(fds[1]);
  }
  void signal() const { EXPECT_EQ(::write(write.get(), "x", 1), 1); }
  void drain() const {
    char buffer[16];
    while (::read(read.get(), buffer, sizeof(buffer)) > 0) {
    }
  }
};

class ServerWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
    dir_.emplace(std::move(dir));
    NFV_ASSERT_OK_AND_ASSIGN(server_, Server::listen(dir_->file("rpc.sock"), "", &dispatcher_));
  }
  // Serves until a callback signals stop_; false if that did not happen within 10 s.
  bool serve_until_stopped() {
    auto done = std::async(std::launch::async, [this] { server_->serve(stop_.read.get()); });
    if (done.wait_for(10s) == std::future_status::ready) return true;
    stop_.signal();  // let the thread end so the test can report
    done.wait();
    return false;
  }

  std::optional<nfv::testing::TestDir> dir_;
  Dispatcher dispatcher_{ServerIdentity{"test-server", "1.0"}};
  std::unique_ptr<Server> server_;
  Pipe stop_;
};

TEST_F(ServerWatchTest, AReadableFdCallsItsCallbackUntilUnwatched) {
  Pipe events;
  int calls = 0;
  server_->watch(events.read.get(), [&] {
    events.drain();
    if (++calls == 2) {
      server_->unwatch(events.read.get());
      events.signal();  // readable again, but no longer watched
      server_->run_at(Server::Clock::now() + 50ms, [&] { stop_.signal(); });
      return;
    }
    events.signal();
  });
  events.signal();
  ASSERT_TRUE(serve_until_stopped());
  EXPECT_EQ(calls, 2) << "no call after unwatch, though the fd stayed readable";
}

TEST_F(ServerWatchTest, TimersRunOnceInTheirOrder) {
  std::vector<int> order;
  auto now = Server::Clock::now();
  server_->run_at(now + 60ms, [&] {
    order.push_back(3);
    stop_.signal();
  });
  server_->run_at(now + 20ms, [&] { order.push_back(1); });
  server_->run_at(now + 40ms, [&] {
    order.push_back(2);
    server_->run_at(Server::Clock::now(), [&] { order.push_back(22); });  // due at once
  });
  ASSERT_TRUE(serve_until_stopped());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 22, 3}));
  EXPECT_GE(Server::Clock::now() - now, 60ms);
}

TEST_F(ServerWatchTest, AFailingCallbackDoesNotEndTheServer) {
  auto now = Server::Clock::now();
  server_->run_at(now, [] { throw std::runtime_error("supervisor failed"); });
  bool later_ran = false;
  server_->run_at(now + 20ms, [&] {
    later_ran = true;
    stop_.signal();
  });
  ASSERT_TRUE(serve_until_stopped());
  EXPECT_TRUE(later_ran);
}

}  // namespace
}  // namespace nfv::rpc
