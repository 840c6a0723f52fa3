// Readiness notifications (systemd's notify protocol) received on a real datagram socket, as
// the service manager would: one datagram per message, path and abstract addresses, the
// variable taken out of the environment, and no socket meaning no notification.
#include "nfv/common/service_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "nfv/common/unique_fd.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"

namespace nfv {
namespace {

using testing::TestDir;

// A datagram socket bound at a $NOTIFY_SOCKET value, as systemd binds its own.
UniqueFd listening_socket(const std::string& value) {
  auto address = notify_address(value);
  if (!address) return UniqueFd();
  UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address->address), address->length) !=
      0) {
    return UniqueFd();
  }
  timeval timeout{5, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

std::string next_datagram(const UniqueFd& fd) {
  char buffer[4096];
  ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
  return n < 0 ? "<nothing received>" : std::string(buffer, static_cast<size_t>(n));
}

TEST(ServiceNotify, ReadyStatusAndStoppingArriveAsOneDatagramEach) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("notify");
  UniqueFd listener = listening_socket(path);
  ASSERT_TRUE(listener.valid());
  ServiceNotifier notifier(path);
  notifier.ready("serving /run/x.sock");
  notifier.status("applying");
  notifier.stopping();
  EXPECT_EQ(next_datagram(listener), "READY=1\nSTATUS=serving /run/x.sock");
  EXPECT_EQ(next_datagram(listener), "STATUS=applying");
  EXPECT_EQ(next_datagram(listener), "STOPPING=1");
}

TEST(ServiceNotify, AnAbstractSocketIsReached) {
  std::string name = "@nfv-notify-test-" + std::to_string(::getpid());
  UniqueFd listener = listening_socket(name);
  ASSERT_TRUE(listener.valid());
  ServiceNotifier(name).ready("");
  EXPECT_EQ(next_datagram(listener), "READY=1");
}

TEST(ServiceNotify, TheVariableIsTakenOutOfTheEnvironment) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("notify");
  UniqueFd listener = listening_socket(path);
  ASSERT_TRUE(listener.valid());
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  ServiceNotifier notifier = ServiceNotifier::from_environment();
  EXPECT_EQ(std::getenv("NOTIFY_SOCKET"), nullptr);  // a child started now would not inherit it
  EXPECT_TRUE(notifier.enabled());
  notifier.ready("");
  EXPECT_EQ(next_datagram(listener), "READY=1");
}

TEST(ServiceNotify, WithoutAServiceManagerNothingIsSent) {
  ::unsetenv("NOTIFY_SOCKET");
  ServiceNotifier notifier = ServiceNotifier::from_environment();
  EXPECT_FALSE(notifier.enabled());
  EXPECT_FALSE(notifier.send("READY=1"));
}

TEST(ServiceNotify, ASocketNobodyListensOnIsAnErrorNotACrash) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  auto sent = ServiceNotifier(dir.file("nobody")).send("READY=1");
  ServiceNotifier(dir.file("nobody")).ready("");  // logged, never fatal
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().message.find(dir.file("nobody")), std::string::npos);
}

TEST(NotifyAddress, RelativeEmptyAndTooLongValuesAreRefused) {
  EXPECT_FALSE(notify_address(""));
  EXPECT_FALSE(notify_address("@"));
  EXPECT_FALSE(notify_address("run/notify"));
  EXPECT_FALSE(notify_address("/" + std::string(200, 'a')));
  auto error = notify_address("run/notify");
  ASSERT_FALSE(error);
  EXPECT_NE(error.error().message.find("absolute path or @name"), std::string::npos);
}

TEST(NotifyAddress, AnAbstractNameCountsNoTerminatingNul) {
  NFV_ASSERT_OK_AND_ASSIGN(NotifyAddress address, notify_address("@abc"));
  EXPECT_EQ(address.address.sun_path[0], '\0');
  EXPECT_EQ(std::string(address.address.sun_path + 1, 3), "abc");
  EXPECT_EQ(address.length, offsetof(sockaddr_un, sun_path) + 4);
}

}  // namespace
}  // namespace nfv
