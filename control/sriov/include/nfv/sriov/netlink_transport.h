// Where netlink requests go: the kernel through an rtnetlink socket, or a test double that
// checks the bytes and answers with recorded replies.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/common/unique_fd.h"

namespace nfv::sriov {

class NetlinkTransport {
 public:
  virtual ~NetlinkTransport() = default;
  // Sends one request and returns every reply message for its sequence number, concatenated,
  // up to the final one (the ACK/error, NLMSG_DONE, or the single answer).
  virtual Result<std::vector<uint8_t>> exchange(std::span<const uint8_t> request) = 0;
  uint32_t next_seq() { return ++seq_; }

 private:
  uint32_t seq_ = 0;
};

class RtnetlinkSocket : public NetlinkTransport {
 public:
  // NETLINK_ROUTE socket with extended ACKs (the kernel's error text) turned on.
  static Result<std::unique_ptr<RtnetlinkSocket>> open();
  Result<std::vector<uint8_t>> exchange(std::span<const uint8_t> request) override;

 private:
  explicit RtnetlinkSocket(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace nfv::sriov
