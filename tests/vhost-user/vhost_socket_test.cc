// vhost-user server sockets: an unknown owner or group fails before anything is created or
// removed. No EAL needed.
#include "nfv/vhost/vhost_socket.h"

#include <gtest/gtest.h>

#include <string>

#include "nfv/common/unique_fd.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/unix_sockets.h"

namespace nfv::vhost {
namespace {

using nfv::testing::bound_socket;
using nfv::testing::path_exists;
using nfv::testing::TestDir;

TEST(VhostSocketCreate, AnUnknownOwnerFailsBeforeTheSocketExists) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SocketOptions options;
  options.path = dir.file("guest.sock");
  options.owner = "no-such-user-nfv";
  auto socket = VhostSocket::create(options, nullptr, 0);  // fails before librte_vhost
  ASSERT_FALSE(socket.ok());
  EXPECT_NE(socket.error().message.find(options.path), std::string::npos) << socket.error().message;
  EXPECT_NE(socket.error().message.find("unknown user 'no-such-user-nfv'"), std::string::npos)
      << socket.error().message;
  EXPECT_FALSE(path_exists(options.path));

  options.owner = "";
  options.group = "no-such-group-nfv";
  socket = VhostSocket::create(options, nullptr, 0);
  ASSERT_FALSE(socket.ok());
  EXPECT_NE(socket.error().message.find("unknown group 'no-such-group-nfv'"), std::string::npos)
      << socket.error().message;
  EXPECT_FALSE(path_exists(options.path));
}

TEST(VhostSocketCreate, AMistypedOwnerLeavesAStaleSocketAlone) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  SocketOptions options;
  options.path = dir.file("guest.sock");
  options.owner = "no-such-user-nfv";
  { UniqueFd closed = bound_socket(options.path, -1); }
  EXPECT_FALSE(VhostSocket::create(options, nullptr, 0).ok());
  EXPECT_TRUE(path_exists(options.path)) << "nothing is touched before the owner is known";
}

}  // namespace
}  // namespace nfv::vhost
