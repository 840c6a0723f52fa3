#include "nfv/sriov/netlink_transport.h"

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "nfv/sriov/netlink_message.h"

namespace nfv::sriov {

Result<std::unique_ptr<RtnetlinkSocket>> RtnetlinkSocket::open() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd.valid()) {
    int err = errno;
    return make_error_code(err, "cannot open an rtnetlink socket: {}", std::strerror(err));
  }
  int on = 1;
  // Best effort: older kernels simply give no text with their errors.
  (void)::setsockopt(fd.get(), SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
  (void)::setsockopt(fd.get(), SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof on);
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    int err = errno;
    return make_error_code(err, "cannot bind the rtnetlink socket: {}", std::strerror(err));
  }
  return std::unique_ptr<RtnetlinkSocket>(new RtnetlinkSocket(std::move(fd)));
}

Result<std::vector<uint8_t>> RtnetlinkSocket::exchange(std::span<const uint8_t> request) {
  if (request.size() < sizeof(nlmsghdr)) return make_error("netlink request too short");
  nlmsghdr header;
  std::memcpy(&header, request.data(), sizeof header);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent;
  do {
    sent = ::sendto(fd_.get(), request.data(), request.size(), 0,
                    reinterpret_cast<sockaddr*>(&kernel), sizeof kernel);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    int err = errno;
    return make_error_code(err, "rtnetlink send failed: {}", std::strerror(err));
  }
  std::vector<uint8_t> replies;
  while (true) {
    // Peek for the datagram's size first: a PF with many VFs answers with a large message.
    ssize_t size = ::recv(fd_.get(), nullptr, 0, MSG_PEEK | MSG_TRUNC);
    if (size < 0 && errno == EINTR) continue;
    if (size < 0) {
      int err = errno;
      return make_error_code(err, "rtnetlink receive failed: {}", std::strerror(err));
    }
    std::vector<uint8_t> datagram(static_cast<size_t>(size));
    ssize_t got = ::recv(fd_.get(), datagram.data(), datagram.size(), 0);
    if (got < 0) {
      int err = errno;
      return make_error_code(err, "rtnetlink receive failed: {}", std::strerror(err));
    }
    datagram.resize(static_cast<size_t>(got));
    auto messages = netlink::split_messages(datagram);
    if (!messages) return std::move(messages).error();
    bool last = false;
    bool ours = false;
    for (const netlink::Message& message : *messages) {
      if (message.seq != header.nlmsg_seq) continue;
      ours = true;
      last = last || message.type == NLMSG_ERROR || message.type == NLMSG_DONE ||
             (message.flags & NLM_F_MULTI) == 0;
    }
    if (ours) replies.insert(replies.end(), datagram.begin(), datagram.end());
    if (last) return replies;
  }
}

}  // namespace nfv::sriov
