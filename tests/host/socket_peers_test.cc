// The processes at the other end of a unix socket path: the unix_diag dump parsed as hostile
// bytes, the connection inodes picked from it, /proc/<pid>/fd scanned, and real sockets between
// child processes in both directions (switch listening, guest listening).
#include "nfv/host/socket_peers.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <functional>

#include "procfs_tree.h"
#include "sysfs_tree.h"

namespace nfv::host {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// Netlink bytes as the kernel lays them out, for the parser's tests.
class DiagDatagram {
 public:
  void socket(uint32_t seq, uint32_t inode, uint8_t state, const std::string& name,
              std::optional<uint32_t> peer) {
    size_t start = begin(SOCK_DIAG_BY_FAMILY, seq);
    unix_diag_msg body{};
    body.udiag_family = AF_UNIX;
    body.udiag_type = SOCK_STREAM;
    body.udiag_state = state;
    body.udiag_ino = inode;
    put(&body, sizeof body);
    if (!name.empty()) attr(UNIX_DIAG_NAME, name.c_str(), name.size() + 1);
    if (peer) attr(UNIX_DIAG_PEER, &*peer, sizeof *peer);
    end(start);
  }
  void done(uint32_t seq) { end(begin(NLMSG_DONE, seq)); }
  void error(uint32_t seq, int error) {
    size_t start = begin(NLMSG_ERROR, seq);
    nlmsgerr body{};
    body.error = -error;
    put(&body, sizeof body);
    end(start);
  }
  std::vector<uint8_t> bytes;

 private:
  size_t begin(uint16_t type, uint32_t seq) {
    size_t start = bytes.size();
    nlmsghdr header{};
    header.nlmsg_type = type;
    header.nlmsg_seq = seq;
    put(&header, sizeof header);
    return start;
  }
  void attr(uint16_t type, const void* data, size_t length) {
    nlattr header{static_cast<uint16_t>(NLA_HDRLEN + length), type};
    put(&header, sizeof header);
    put(data, length);
  }
  void put(const void* data, size_t length) {
    const auto* p = static_cast<const uint8_t*>(data);
    bytes.insert(bytes.end(), p, p + length);
    bytes.resize(NLMSG_ALIGN(bytes.size()), 0);
  }
  void end(size_t start) {
    auto length = static_cast<uint32_t>(bytes.size() - start);
    std::memcpy(bytes.data() + start, &length, sizeof length);
  }
};

TEST(UnixDiag, ParsesSocketsUntilDone) {
  DiagDatagram datagram;
  datagram.socket(7, 100, kUnixStateListen, "/run/vm1.sock", std::nullopt);
  datagram.socket(6, 999, 1, "/stale", std::nullopt);  // an earlier request's: skipped
  datagram.socket(7, 101, 1, "/run/vm1.sock", 200);
  datagram.socket(7, 200, 1, "", 101);
  std::vector<UnixSocketInfo> sockets;
  auto done = parse_unix_diag_datagram(datagram.bytes, 7, sockets);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(*done);
  datagram.bytes.clear();
  datagram.done(7);
  done = parse_unix_diag_datagram(datagram.bytes, 7, sockets);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(*done);
  ASSERT_EQ(sockets.size(), 3u);
  EXPECT_EQ(sockets[0].inode, 100u);
  EXPECT_EQ(sockets[0].state, kUnixStateListen);
  EXPECT_EQ(sockets[0].name, "/run/vm1.sock");  // without its NUL
  EXPECT_FALSE(sockets[0].peer);
  EXPECT_EQ(sockets[1].peer, 200u);
  EXPECT_FALSE(sockets[2].name);
  EXPECT_EQ(sockets[2].peer, 101u);
}

TEST(UnixDiag, HostileBytesAreErrors) {
  DiagDatagram good;
  good.socket(1, 100, 1, "/run/vm1.sock", 200);
  std::vector<UnixSocketInfo> sockets;
  // Cut anywhere inside the message: its length no longer fits.
  for (size_t cut = 1; cut < good.bytes.size(); ++cut) {
    std::vector<uint8_t> bytes(good.bytes.begin(), good.bytes.begin() + cut);
    EXPECT_FALSE(parse_unix_diag_datagram(bytes, 1, sockets)) << "cut at " << cut;
  }
  // An attribute claiming more than its message holds.
  std::vector<uint8_t> overrun = good.bytes;
  uint16_t huge = 200;
  std::memcpy(overrun.data() + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(unix_diag_msg)), &huge, 2);
  EXPECT_FALSE(parse_unix_diag_datagram(overrun, 1, sockets));
  // A socket message too short for unix_diag_msg, its length consistent.
  std::vector<uint8_t> shortened(good.bytes.begin(), good.bytes.begin() + NLMSG_HDRLEN + 4);
  uint32_t length = static_cast<uint32_t>(shortened.size());
  std::memcpy(shortened.data(), &length, sizeof length);
  EXPECT_FALSE(parse_unix_diag_datagram(shortened, 1, sockets));
  // A length below the header's.
  std::vector<uint8_t> tiny = good.bytes;
  length = 4;
  std::memcpy(tiny.data(), &length, sizeof length);
  EXPECT_FALSE(parse_unix_diag_datagram(tiny, 1, sockets));
  EXPECT_TRUE(sockets.empty());

  DiagDatagram refused;
  refused.error(1, EPERM);
  auto result = parse_unix_diag_datagram(refused.bytes, 1, sockets);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, EPERM);
}

UnixSocketInfo info(uint32_t inode, uint8_t state, std::optional<std::string> name,
                    std::optional<uint32_t> peer, std::optional<UnixSocketFile> file = {}) {
  return UnixSocketInfo{inode, SOCK_STREAM, state, std::move(name), file, peer};
}

TEST(SocketPeers, ConnectionInodesAreTheAcceptedSocketsAndTheirPeers) {
  std::vector<UnixSocketInfo> sockets = {
      info(10, kUnixStateListen, "/run/vm1.sock", std::nullopt),
      info(11, 1, "/run/vm1.sock", 20),  // accepted, peer 20 alive
      info(20, 1, std::nullopt, 11),
      info(12, 1, "/run/vm1.sock", 99),  // accepted, its peer closed
      info(30, 1, "/run/vm2.sock", 40),  // another path
      info(40, 1, std::nullopt, 30),
  };
  EXPECT_THAT(connection_inodes(sockets, "/run/vm1.sock", std::nullopt),
              UnorderedElementsAre(11u, 20u));
  EXPECT_THAT(connection_inodes(sockets, "/run/none.sock", std::nullopt), IsEmpty());
}

TEST(SocketPeers, TheSocketFileTellsAReplacedListenersConnectionsApart) {
  UnixSocketFile old_file{0x800001, 500}, new_file{0x800001, 501};
  std::vector<UnixSocketInfo> sockets = {
      info(11, 1, "/run/vm1.sock", 20, old_file), info(20, 1, std::nullopt, 11),
      info(13, 1, "/run/vm1.sock", 21, new_file), info(21, 1, std::nullopt, 13)};
  EXPECT_THAT(connection_inodes(sockets, "/run/vm1.sock", new_file),
              UnorderedElementsAre(13u, 21u));
  // No socket file left: the name is all there is.
  EXPECT_THAT(connection_inodes(sockets, "/run/vm1.sock", std::nullopt),
              UnorderedElementsAre(11u, 20u, 13u, 21u));
}

TEST(SocketPeers, ProcScanFindsTheHoldersOfTheInodes) {
  testing::ProcfsTree tree;
  tree.link("10/fd/0", "/dev/null");
  tree.link("10/fd/3", "socket:[555]");
  tree.link("11/fd/3", "socket:[5555]");
  tree.link("12/fd/7", "pipe:[555]");
  tree.link("13/fd/4", "socket:[556]");
  tree.link("13/fd/5", "socket:[555]");
  tree.write("14/status", "exited: no fd directory");
  tree.link("notapid/fd/1", "socket:[555]");
  tree.link("self", "10");
  auto pids = pids_holding_sockets(tree.root().string(), {555, 556});
  ASSERT_TRUE(pids) << pids.error().message;
  EXPECT_THAT(*pids, ElementsAre(10, 13));
  EXPECT_FALSE(pids_holding_sockets((tree.root() / "missing").string(), {555}));
}

// A forked child running `body`, which reports its steps as bytes on a pipe and then stays
// until killed (a guest, a switch).
class Child {
 public:
  explicit Child(const std::function<void(int report)>& body) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[0]);
      body(fds[1]);
      while (true) ::pause();
    }
    ::close(fds[1]);
    report_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (report_ >= 0) ::close(report_);
  }
  pid_t pid() const { return pid_; }
  // The next byte the child reported, within a deadline; 0 when none came.
  char next_report() const {
    pollfd p{report_, POLLIN, 0};
    char byte = 0;
    if (::poll(&p, 1, 10'000) == 1 && ::read(report_, &byte, 1) == 1) return byte;
    return 0;
  }

 private:
  pid_t pid_ = -1;
  int report_ = -1;
};

void report(int fd, char byte) { (void)!::write(fd, &byte, 1); }

sockaddr_un address_of(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  return address;
}

// Listens on `path`, reports 'L', accepts one connection, reports 'A'; 'E' on failure.
std::function<void(int)> listener(const std::string& path) {
  return [path](int fd) {
    int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = address_of(path);
    if (::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(server, 4) != 0) {
      return report(fd, 'E');
    }
    report(fd, 'L');
    report(fd, ::accept(server, nullptr, nullptr) >= 0 ? 'A' : 'E');
  };
}

// Connects to `path`, reports 'C'; 'E' on failure.
std::function<void(int)> client(const std::string& path) {
  return [path](int fd) {
    int socket = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address = address_of(path);
    bool connected = ::connect(socket, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    report(fd, connected ? 'C' : 'E');
  };
}

class SocketPeersLive : public ::testing::Test {
 protected:
  std::vector<int64_t> peers(int64_t exclude) {
    auto pids = unix_socket_peer_pids("/proc", path_, exclude);
    EXPECT_TRUE(pids) << pids.error().message;
    return pids ? *pids : std::vector<int64_t>{};
  }
  testing::SysfsTree dir_;  // a temporary directory for the socket file, removed at the end
  std::string path_ = (dir_.root() / "vhost.sock").string();
};

TEST_F(SocketPeersLive, SwitchListensGuestConnects) {
  Child vswitch(listener(path_));
  ASSERT_EQ(vswitch.next_report(), 'L');
  EXPECT_THAT(peers(vswitch.pid()), IsEmpty());  // the listener alone is nobody's peer
  Child guest(client(path_));
  ASSERT_EQ(guest.next_report(), 'C');
  ASSERT_EQ(vswitch.next_report(), 'A');
  EXPECT_THAT(peers(vswitch.pid()), ElementsAre(guest.pid()));
  EXPECT_THAT(peers(0), UnorderedElementsAre(vswitch.pid(), guest.pid()));
}

TEST_F(SocketPeersLive, GuestListensSwitchConnects) {
  Child guest(listener(path_));  // QEMU in server mode
  ASSERT_EQ(guest.next_report(), 'L');
  Child vswitch(client(path_));
  ASSERT_EQ(vswitch.next_report(), 'C');
  ASSERT_EQ(guest.next_report(), 'A');
  EXPECT_THAT(peers(vswitch.pid()), ElementsAre(guest.pid()));
}

TEST_F(SocketPeersLive, APathNobodyUsesHasNoPeers) { EXPECT_THAT(peers(0), IsEmpty()); }

TEST_F(SocketPeersLive, AStaleSocketFileHasNoPeers) {
  {
    Child gone(listener(path_));
    ASSERT_EQ(gone.next_report(), 'L');
  }  // killed: its socket file stays behind
  ASSERT_TRUE(std::filesystem::is_socket(path_));
  EXPECT_THAT(peers(0), IsEmpty());
}

TEST_F(SocketPeersLive, AReplacedListenersConnectionsAreNotPeers) {
  Child old_switch(listener(path_));
  ASSERT_EQ(old_switch.next_report(), 'L');
  Child old_guest(client(path_));
  ASSERT_EQ(old_guest.next_report(), 'C');
  ASSERT_EQ(old_switch.next_report(), 'A');
  ASSERT_TRUE(std::filesystem::remove(path_));  // a new switch takes the path over
  Child vswitch(listener(path_));
  ASSERT_EQ(vswitch.next_report(), 'L');
  Child guest(client(path_));
  ASSERT_EQ(guest.next_report(), 'C');
  ASSERT_EQ(vswitch.next_report(), 'A');
  EXPECT_THAT(peers(vswitch.pid()), ElementsAre(guest.pid()));
}

}  // namespace
}  // namespace nfv::host
