// A JSON-RPC server for nfvctl's tests, standing in for nfvd or the switch: the test binds the
// methods it needs on dispatcher(), then start() serves them from a thread until destruction.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>

#include "nfv/rpc/dispatcher.h"
#include "nfv/rpc/server.h"
#include "nfv/testing/result_assertions.h"

namespace nfv::testing {

class FakeRpcServer {
 public:
  explicit FakeRpcServer(const char* name) : dispatcher_(rpc::ServerIdentity{name, "test"}) {}
  ~FakeRpcServer() {
    if (!thread_.joinable()) return;
    char byte = 1;
    EXPECT_EQ(::write(stop_[1], &byte, 1), 1);
    thread_.join();
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  rpc::Dispatcher& dispatcher() { return dispatcher_; }
  void start(const std::string& path) {
    NFV_ASSERT_OK_AND_ASSIGN(server_, rpc::Server::listen(path, "", &dispatcher_));
    ASSERT_EQ(::pipe(stop_), 0);
    thread_ = std::thread([this] { server_->serve(stop_[0]); });
  }

 private:
  rpc::Dispatcher dispatcher_;
  std::unique_ptr<rpc::Server> server_;
  int stop_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace nfv::testing
