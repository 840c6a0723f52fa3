#include "test_server.h"

#include <unistd.h>

#include "nfv/testing/result_assertions.h"

namespace nfv::rpc {

ServerTest::ServerTest() { bind_handlers(); }

ServerTest::~ServerTest() {
  if (!port_add_released_flag_) release_port_add();  // a failed test must not hang the server
  if (thread_.joinable()) {
    char byte = 1;
    EXPECT_EQ(::write(stop_write_.get(), &byte, 1), 1);
    thread_.join();
  }
}

void ServerTest::bind_handlers() {
  dispatcher_.add(api::kPortDel, [this](const api::NameParams& p) -> Status {
    if (p.name == "invalid-utf8") return make_error("port '\xff\xfe' is odd");
    std::lock_guard lock(mutex_);
    port_del_calls_.push_back(p.name);
    return {};
  });
  dispatcher_.add(api::kMacList, [](const api::MacListParams& p) -> Result<api::MacList> {
    api::MacList list;
    for (uint32_t i = 0; i < p.limit; ++i) {
      list.entries.push_back({"br0", 10, "02:00:00:00:00:01", "port" + std::to_string(i)});
    }
    list.total = p.limit;
    return list;
  });
  dispatcher_.add(api::kSwitchInfo, [](const api::Empty&) -> Result<api::SwitchInfo> {
    throw std::runtime_error("handler failed");
  });
  dispatcher_.add(api::kPortAdd, [this](const api::PortAddParams&) -> Result<api::PortInfo> {
    port_add_entered_.set_value();
    port_add_released_.wait();
    return api::PortInfo{};
  });
}

void ServerTest::start(ServerLimits limits) {
  limits_ = limits;
  NFV_ASSERT_OK_AND_ASSIGN(auto dir, nfv::testing::TestDir::create());
  dir_.emplace(std::move(dir));
  NFV_ASSERT_OK_AND_ASSIGN(server_,
                           Server::listen(dir_->file("rpc.sock"), "", &dispatcher_, limits));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  stop_read_.reset(fds[0]);
  stop_write_.reset(fds[1]);
  thread_ = std::thread([this] { server_->serve(stop_read_.get()); });
}

LineClient ServerTest::connect(bool greet) {
  auto client = LineClient::connect(dir_->file("rpc.sock"));
  EXPECT_TRUE(client) << client.error().message;
  if (!client) throw std::runtime_error("cannot connect to the test server");
  if (greet) {
    auto hello = call(*client, LineClient::hello());
    EXPECT_TRUE(hello.contains("result")) << hello.dump();
  }
  return std::move(client).value();
}

api::json read_json(LineClient& client) {
  auto line = client.read_line(deadline_in());
  EXPECT_TRUE(line) << (client.closed() ? "the server closed the connection" : "no reply in time");
  if (!line) return api::json();
  auto value = api::json::parse(*line, nullptr, false);
  EXPECT_FALSE(value.is_discarded()) << "not JSON: " << line->substr(0, 200);
  return value;
}

api::json call(LineClient& client, const std::string& line) {
  auto sent = client.send(line);
  EXPECT_TRUE(sent) << sent.error().message;
  return read_json(client);
}

std::vector<std::string> ServerTest::port_del_calls() {
  std::lock_guard lock(mutex_);
  return port_del_calls_;
}

void ServerTest::wait_until_port_add_holds() {
  auto entered = port_add_entered_.get_future();
  ASSERT_EQ(entered.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

void ServerTest::release_port_add() {
  port_add_released_flag_ = true;
  port_add_release_.set_value();
}

}  // namespace nfv::rpc
