#include "nfv/host/unix_diag.h"

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>

#include "nfv/common/unique_fd.h"

namespace nfv::host {

namespace {

template <typename T>
T load(std::span<const uint8_t> bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof value);
  return value;
}

constexpr size_t aligned(size_t length) {
  return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}

std::string socket_name(std::span<const uint8_t> payload) {
  std::string name(reinterpret_cast<const char*>(payload.data()), payload.size());
  // A path carries its terminating NUL; an abstract name starts with one and is kept whole.
  if (!name.empty() && name.front() != '\0') name.resize(std::strlen(name.c_str()));
  return name;
}

// The attributes after unix_diag_msg; a malformed one ends the message as an error.
Status parse_socket_attributes(std::span<const uint8_t> bytes, UnixSocketInfo& socket) {
  while (bytes.size() >= NLA_HDRLEN) {
    auto attr = load<nlattr>(bytes);
    if (attr.nla_len < NLA_HDRLEN || attr.nla_len > bytes.size()) {
      return make_error("unix_diag: socket {}: attribute length {} overruns its message",
                        socket.inode, attr.nla_len);
    }
    std::span<const uint8_t> payload = bytes.subspan(NLA_HDRLEN, attr.nla_len - NLA_HDRLEN);
    switch (attr.nla_type & NLA_TYPE_MASK) {
      case UNIX_DIAG_NAME:
        socket.name = socket_name(payload);
        break;
      case UNIX_DIAG_VFS:
        if (payload.size() >= sizeof(unix_diag_vfs)) {
          auto vfs = load<unix_diag_vfs>(payload);
          socket.file = UnixSocketFile{vfs.udiag_vfs_dev, vfs.udiag_vfs_ino};
        }
        break;
      case UNIX_DIAG_PEER:
        if (payload.size() >= sizeof(uint32_t)) socket.peer = load<uint32_t>(payload);
        break;
      default:
        break;
    }
    bytes = bytes.subspan(std::min(bytes.size(), size_t{NLA_ALIGN(attr.nla_len)}));
  }
  return {};
}

Result<UnixSocketInfo> parse_socket(std::span<const uint8_t> payload) {
  if (payload.size() < sizeof(unix_diag_msg)) {
    return make_error("unix_diag: a socket message of {} bytes is truncated", payload.size());
  }
  auto header = load<unix_diag_msg>(payload);
  UnixSocketInfo socket;
  socket.inode = header.udiag_ino;
  socket.type = header.udiag_type;
  socket.state = header.udiag_state;
  NFV_TRY(parse_socket_attributes(payload.subspan(aligned(sizeof header)), socket));
  return socket;
}

}  // namespace

std::vector<uint8_t> build_unix_diag_request(uint32_t seq) {
  struct {
    nlmsghdr header;
    unix_diag_req body;
  } request{};
  request.header.nlmsg_len = sizeof request;
  request.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  request.header.nlmsg_seq = seq;
  request.body.sdiag_family = AF_UNIX;
  request.body.udiag_states = UINT32_MAX;  // listening, connected, unconnected
  request.body.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER;
  const auto* bytes = reinterpret_cast<const uint8_t*>(&request);
  return std::vector<uint8_t>(bytes, bytes + sizeof request);
}

Result<bool> parse_unix_diag_datagram(std::span<const uint8_t> datagram, uint32_t seq,
                                      std::vector<UnixSocketInfo>& sockets) {
  while (!datagram.empty()) {
    if (datagram.size() < sizeof(nlmsghdr)) {
      return make_error("unix_diag: {} trailing bytes are not a message", datagram.size());
    }
    auto header = load<nlmsghdr>(datagram);
    if (header.nlmsg_len < sizeof header || header.nlmsg_len > datagram.size()) {
      return make_error("unix_diag: message length {} does not fit the {} bytes received",
                        header.nlmsg_len, datagram.size());
    }
    std::span<const uint8_t> payload =
        datagram.subspan(sizeof header, header.nlmsg_len - sizeof header);
    datagram = datagram.subspan(std::min(datagram.size(), aligned(header.nlmsg_len)));
    if (header.nlmsg_seq != seq) continue;  // a late answer to an earlier request
    if (header.nlmsg_type == NLMSG_DONE) return true;
    if (header.nlmsg_type == NLMSG_ERROR) {
      int error = payload.size() >= sizeof(int) ? -load<int>(payload) : EPROTO;
      return make_error_code(error, "unix_diag: the kernel refused the socket dump: {}",
                             std::strerror(error));
    }
    if (header.nlmsg_type != SOCK_DIAG_BY_FAMILY) continue;
    auto socket = parse_socket(payload);
    if (!socket) return std::move(socket).error();
    sockets.push_back(std::move(*socket));
  }
  return false;
}

Result<std::vector<UnixSocketInfo>> dump_unix_sockets() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!fd.valid()) {
    int err = errno;
    return make_error_code(err, "cannot open a NETLINK_SOCK_DIAG socket: {}", std::strerror(err));
  }
  timeval timeout{2, 0};  // the kernel answers at once; never hang the caller on it
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  constexpr uint32_t kSeq = 1;
  std::vector<uint8_t> request = build_unix_diag_request(kSeq);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd.get(), request.data(), request.size(), 0,
               reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel) < 0) {
    int err = errno;
    return make_error_code(err, "unix_diag: cannot send the dump request: {}", std::strerror(err));
  }
  std::vector<UnixSocketInfo> sockets;
  std::vector<uint8_t> buffer(64 * 1024);
  while (true) {
    iovec iov{buffer.data(), buffer.size()};
    msghdr message{};
    message.msg_iov = &iov;
    message.msg_iovlen = 1;
    ssize_t n = ::recvmsg(fd.get(), &message, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      return make_error_code(err, "unix_diag: receiving the dump failed: {}", std::strerror(err));
    }
    if (n == 0) return make_error("unix_diag: the kernel ended the dump without NLMSG_DONE");
    if (message.msg_flags & MSG_TRUNC) return make_error("unix_diag: a reply was truncated");
    auto done =
        parse_unix_diag_datagram(std::span(buffer.data(), static_cast<size_t>(n)), kSeq, sockets);
    if (!done) return std::move(done).error();
    if (*done) return sockets;
  }
}

}  // namespace nfv::host
