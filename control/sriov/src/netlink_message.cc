#include "nfv/sriov/netlink_message.h"

#include <linux/netlink.h>

#include <string>

namespace nfv::sriov::netlink {
namespace {

constexpr size_t align4(size_t length) { return (length + 3) & ~size_t{3}; }

}  // namespace

MessageBuilder::MessageBuilder(uint16_t type, uint16_t flags, uint32_t seq) {
  nlmsghdr header{};
  header.nlmsg_type = type;
  header.nlmsg_flags = flags;
  header.nlmsg_seq = seq;
  append(&header, sizeof header);
}

void MessageBuilder::append(const void* data, size_t length) {
  const auto* begin = static_cast<const uint8_t*>(data);
  bytes_.insert(bytes_.end(), begin, begin + length);
  bytes_.resize(align4(bytes_.size()), 0);
}

void MessageBuilder::put_attr(uint16_t type, const void* data, size_t length) {
  nlattr attr{};
  attr.nla_len = static_cast<uint16_t>(NLA_HDRLEN + length);
  attr.nla_type = type;
  append(&attr, sizeof attr);
  if (length > 0) append(data, length);
}

void MessageBuilder::put_string(uint16_t type, std::string_view text) {
  std::string terminated(text);
  put_attr(type, terminated.c_str(), terminated.size() + 1);
}

size_t MessageBuilder::begin_nest(uint16_t type) {
  size_t handle = bytes_.size();
  put_attr(static_cast<uint16_t>(type | NLA_F_NESTED), nullptr, 0);
  return handle;
}

void MessageBuilder::end_nest(size_t handle) {
  auto length = static_cast<uint16_t>(bytes_.size() - handle);
  std::memcpy(bytes_.data() + handle + offsetof(nlattr, nla_len), &length, sizeof length);
}

std::vector<uint8_t> MessageBuilder::finish() && {
  auto length = static_cast<uint32_t>(bytes_.size());
  std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_len), &length, sizeof length);
  return std::move(bytes_);
}

std::string_view Attribute::as_string() const {
  std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
  return text.substr(0, text.find('\0'));
}

Result<std::vector<Attribute>> parse_attributes(std::span<const uint8_t> data) {
  std::vector<Attribute> attributes;
  size_t offset = 0;
  while (offset + NLA_HDRLEN <= data.size()) {
    nlattr attr;
    std::memcpy(&attr, data.data() + offset, sizeof attr);
    if (attr.nla_len < NLA_HDRLEN || offset + attr.nla_len > data.size()) {
      return make_error(
          "malformed netlink attribute (type {}, length {}) at offset {} of {} "
          "bytes",
          attr.nla_type & NLA_TYPE_MASK, attr.nla_len, offset, data.size());
    }
    attributes.push_back({static_cast<uint16_t>(attr.nla_type & NLA_TYPE_MASK),
                          data.subspan(offset + NLA_HDRLEN, attr.nla_len - NLA_HDRLEN)});
    offset += align4(attr.nla_len);
  }
  return attributes;
}

Result<std::vector<Message>> split_messages(std::span<const uint8_t> buffer) {
  std::vector<Message> messages;
  size_t offset = 0;
  while (offset + sizeof(nlmsghdr) <= buffer.size()) {
    nlmsghdr header;
    std::memcpy(&header, buffer.data() + offset, sizeof header);
    if (header.nlmsg_len < sizeof(nlmsghdr) || offset + header.nlmsg_len > buffer.size()) {
      return make_error("malformed netlink message (length {}) at offset {} of {} bytes",
                        header.nlmsg_len, offset, buffer.size());
    }
    messages.push_back(
        {header.nlmsg_type, header.nlmsg_flags, header.nlmsg_seq,
         buffer.subspan(offset + sizeof(nlmsghdr), header.nlmsg_len - sizeof(nlmsghdr))});
    offset += align4(header.nlmsg_len);
  }
  return messages;
}

Result<Ack> parse_ack(const Message& message) {
  if (message.type != NLMSG_ERROR || message.payload.size() < sizeof(nlmsgerr)) {
    return make_error("expected a netlink ACK (NLMSG_ERROR), got message type {}", message.type);
  }
  nlmsgerr error;
  std::memcpy(&error, message.payload.data(), sizeof error);
  Ack ack;
  ack.error = -error.error;
  // Extended ack TLVs follow the echoed request: its header only when NLM_F_CAPPED is set.
  if ((message.flags & NLM_F_ACK_TLVS) == 0) return ack;
  size_t echoed = (message.flags & NLM_F_CAPPED) != 0 ? sizeof(nlmsghdr) : error.msg.nlmsg_len;
  size_t offset = sizeof(int) + echoed;
  if (offset > message.payload.size()) return ack;
  auto attributes = parse_attributes(message.payload.subspan(offset));
  if (!attributes) return ack;
  for (const Attribute& attr : *attributes) {
    if (attr.type == NLMSGERR_ATTR_MSG) ack.message = std::string(attr.as_string());
  }
  return ack;
}

}  // namespace nfv::sriov::netlink
