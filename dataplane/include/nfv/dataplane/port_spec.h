// What `port.add` asks for, validated: a pure function turns the wire parameters into a typed
// PortSpec (enums instead of strings, defaults applied, every field checked), so the switch
// only ever sees ports it can build. Wire names of the enums stay strings in JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nfv/api/port_limits.h"
#include "nfv/api/switch_api.h"
#include "nfv/common/result.h"
#include "nfv/dataplane/learn_policy.h"
#include "nfv/dataplane/vlan_settings.h"
#include "nfv/fastpath/port_security.h"

namespace nfv::dp {

enum class PortType : uint8_t { kVhost, kDpdk };
enum class SocketMode : uint8_t { kServer, kClient };

std::string_view wire_name(PortType type);
std::string_view wire_name(SocketMode mode);

// 1-64 of [A-Za-z0-9_.:-], starting with a letter or digit: port and bridge names.
bool valid_object_name(const std::string& name);

struct VhostSpec {
  std::string path;  // socket path
  SocketMode mode = SocketMode::kServer;
  api::VhostConfig features;                // virtio features offered
  std::optional<api::SocketConfig> socket;  // owner, group, mode of a server socket
};

struct DpdkSpec {
  std::string devargs;  // PCI address or vdev arguments
};

// MTU defaults: a NIC's standard Ethernet; vhost-user has no wire, so jumbo frames pass
// unless the guest negotiated a smaller MTU.
inline constexpr uint32_t kDefaultDpdkMtu = 1500;
inline constexpr uint32_t kDefaultVhostMtu = 9000;
inline constexpr uint32_t kMinMtu = api::kMinMtu;
inline constexpr uint32_t kMaxMtu = api::kMaxMtu;

struct PortSpec {
  std::string name;
  PortType type = PortType::kVhost;
  uint16_t queues = 1;
  uint32_t mtu = kDefaultVhostMtu;
  uint16_t tx_retries = 8;
  VlanSettings vlan;
  PortLearnPolicy learning;   // mac_limit and mac_lock
  std::string bridge;         // join this bridge ("" none)
  std::string xconnect;       // or pair with this port ("" none)
  VhostSpec vhost;            // type kVhost
  DpdkSpec dpdk;              // type kDpdk
  api::RateConfig rates;      // policing and storm control (0: off)
  api::PortAddParams params;  // as given (exist_ok cleared), to compare a repeated add

  // port security on: its anti-spoofing rules
  std::optional<PortSecurity> security;
};

// Defaults the switch applies to what a request leaves out.
struct PortDefaults {
  std::string vhost_dir;  // server sockets: <vhost_dir>/<name>.sock
  uint32_t tx_retries = 8;
};

// Policing and storm-control rates within what the switch can enforce.
Status check_rates(const std::string& port, const api::RateConfig& rates);
// A port's mac_limit (port.add and port.set): 0 (no limit) up to the largest MAC table. A
// limit above its bridge's table size is allowed: the table's capacity binds first.
Status check_mac_limit(const std::string& port, uint32_t mac_limit);

// Errors carry api::ErrorCode::kInvalidParams and name the port and the field.
Result<PortSpec> make_port_spec(const api::PortAddParams& params, const PortDefaults& defaults);

}  // namespace nfv::dp
