// Netlink messages built and parsed by our own code: a header, a fixed family header, then
// type-length-value attributes aligned to 4 bytes, possibly nested.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"

namespace nfv::sriov::netlink {

class MessageBuilder {
 public:
  MessageBuilder(uint16_t type, uint16_t flags, uint32_t seq);

  // The family's fixed header (struct ifinfomsg for rtnetlink links), right after nlmsghdr.
  template <typename T>
  void put_fixed(const T& header) {
    append(&header, sizeof header);
  }
  void put_attr(uint16_t type, const void* data, size_t length);
  template <typename T>
  void put(uint16_t type, const T& value) {
    put_attr(type, &value, sizeof value);
  }
  void put_string(uint16_t type, std::string_view text);  // NUL-terminated
  // Opens a nested attribute (NLA_F_NESTED set); returns the handle end_nest() needs.
  size_t begin_nest(uint16_t type);
  void end_nest(size_t handle);

  // The finished message with nlmsg_len filled in.
  std::vector<uint8_t> finish() &&;

 private:
  void append(const void* data, size_t length);
  std::vector<uint8_t> bytes_;
};

struct Attribute {
  uint16_t type = 0;  // without the NLA_F_NESTED / NLA_F_NET_BYTEORDER flags
  std::span<const uint8_t> payload;

  // The payload as a fixed-size struct or integer; nullopt when it is too short.
  template <typename T>
  std::optional<T> as() const {
    if (payload.size() < sizeof(T)) return std::nullopt;
    T value;
    std::memcpy(&value, payload.data(), sizeof value);
    return value;
  }
  std::string_view as_string() const;  // up to the first NUL
};

// The attributes of `data`, in order; an error at a length that overruns the buffer.
Result<std::vector<Attribute>> parse_attributes(std::span<const uint8_t> data);

struct Message {
  uint16_t type = 0;
  uint16_t flags = 0;
  uint32_t seq = 0;
  std::span<const uint8_t> payload;  // after nlmsghdr
};

// The messages of a received buffer (one datagram may hold several).
Result<std::vector<Message>> split_messages(std::span<const uint8_t> buffer);

// For an NLMSG_ERROR message: the errno (0 for an ACK) and the kernel's extended-ack text.
struct Ack {
  int error = 0;
  std::string message;
};
Result<Ack> parse_ack(const Message& message);

}  // namespace nfv::sriov::netlink
