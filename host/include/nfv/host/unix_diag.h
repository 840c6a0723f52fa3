// The host's unix-domain sockets as the kernel lists them over NETLINK_SOCK_DIAG (unix_diag):
// each socket's inode, state, bound name, the file it is bound to and its peer's inode. Who is
// at the other end of a vhost-user socket is read from this (socket_peers.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::host {

// The socket file a socket is bound to, as unix_diag reports it: the inode and the kernel's
// encoding of the file system's device (major << 20 | minor), both truncated to 32 bits.
struct UnixSocketFile {
  uint32_t dev = 0;
  uint32_t inode = 0;
  bool operator==(const UnixSocketFile&) const = default;
};

struct UnixSocketInfo {
  uint32_t inode = 0;  // "socket:[<inode>]" in /proc/<pid>/fd
  uint8_t type = 0;    // SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET
  uint8_t state = 0;   // TCP_LISTEN (10) for a listener, TCP_ESTABLISHED (1) when connected
  // The bound name: a path without its terminating NUL, or an abstract name starting with NUL.
  // Accepted connections carry their listener's name.
  std::optional<std::string> name;
  std::optional<UnixSocketFile> file;
  std::optional<uint32_t> peer;  // the inode at the other end of a connection
  bool operator==(const UnixSocketInfo&) const = default;
};

inline constexpr uint8_t kUnixStateListen = 10;  // TCP_LISTEN, as unix sockets report it

// The dump request for every unix socket in every state with its name, file and peer (pure).
std::vector<uint8_t> build_unix_diag_request(uint32_t seq);

// One received datagram of the dump (pure): its sockets are appended to `sockets`; true once
// the dump's NLMSG_DONE is in it. The bytes are treated as hostile: a length that overruns the
// datagram, a message too short for its header, or an NLMSG_ERROR is an error.
Result<bool> parse_unix_diag_datagram(std::span<const uint8_t> datagram, uint32_t seq,
                                      std::vector<UnixSocketInfo>& sockets);

// Every unix socket of the host's network namespace, from the kernel.
Result<std::vector<UnixSocketInfo>> dump_unix_sockets();

}  // namespace nfv::host
