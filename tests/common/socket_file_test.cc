// Server socket files: a stale one is removed only when nothing listens on it (connect
// refused); every other doubt keeps the file and says why.
#include "nfv/common/socket_file.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "nfv/common/unique_fd.h"
#include "nfv/testing/result_assertions.h"
#include "nfv/testing/test_dirs.h"
#include "nfv/testing/unix_sockets.h"

namespace nfv {
namespace {

using testing::bound_socket;
using testing::path_exists;
using testing::TestDir;
using testing::unix_address;

TEST(PrepareServerPath, AFreePathIsAccepted) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  NFV_EXPECT_OK(prepare_server_path(dir.file("free.sock")));
}

TEST(PrepareServerPath, AStaleSocketIsRemoved) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("stale.sock");
  { UniqueFd closed = bound_socket(path, -1); }  // the file of a process that died
  ASSERT_TRUE(path_exists(path));
  NFV_EXPECT_OK(prepare_server_path(path));
  EXPECT_FALSE(path_exists(path));
}

TEST(PrepareServerPath, ASocketSomeoneListensOnIsKept) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("live.sock");
  UniqueFd listener = bound_socket(path, 8);
  auto status = prepare_server_path(path);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("in use"), std::string::npos) << status.error().message;
  EXPECT_TRUE(path_exists(path));
}

TEST(PrepareServerPath, AListenerWithAFullBacklogIsKeptAndNamed) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("busy.sock");
  UniqueFd listener = bound_socket(path, 0);  // never accepts
  std::vector<UniqueFd> queued;
  sockaddr_un addr = unix_address(path);
  while (queued.size() < 64) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ASSERT_EQ(errno, EAGAIN) << std::strerror(errno);
      break;
    }
    queued.push_back(std::move(fd));
  }
  ASSERT_LT(queued.size(), 64u) << "the backlog never filled";
  auto status = prepare_server_path(path);  // must not block on the full backlog
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find(path), std::string::npos) << status.error().message;
  EXPECT_NE(status.error().message.find(std::strerror(EAGAIN)), std::string::npos)
      << status.error().message;
  EXPECT_TRUE(path_exists(path));
}

TEST(PrepareServerPath, ANonSocketIsRefused) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("file.sock");
  std::ofstream(path) << "not a socket";
  auto status = prepare_server_path(path);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("is not a socket"), std::string::npos);
  EXPECT_TRUE(path_exists(path));
}

// A user who may not connect to the socket (EACCES) cannot tell whether it is stale: the
// file stays. Root may connect anywhere, so the check runs in a child as user nobody.
TEST(PrepareServerPath, ASocketThatCannotBeCheckedIsKept) {
  NFV_ASSERT_OK_AND_ASSIGN(TestDir dir, TestDir::create());
  std::string path = dir.file("private.sock");
  { UniqueFd closed = bound_socket(path, -1); }
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  passwd* nobody = ::getpwnam("nobody");
  if (::geteuid() == 0 && nobody == nullptr) GTEST_SKIP() << "no user nobody to drop to";
  if (::geteuid() == 0) {
    ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
  }
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    if (::geteuid() == 0 && (::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0)) {
      ::_exit(2);
    }
    auto status = prepare_server_path(path);
    std::string message = status.ok() ? "ok" : status.error().message;
    (void)!::write(pipe_fds[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof(buffer))) > 0;) message.append(buffer, n);
  ::close(pipe_fds[0]);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
  ASSERT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << "child failed to drop to nobody";
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find(std::strerror(EACCES)), std::string::npos) << message;
  EXPECT_TRUE(path_exists(path)) << "a socket whose state is unknown was removed";
}

}  // namespace
}  // namespace nfv
