// The switch's ports as validation sees them: ports[] entries and guests' vhost interfaces
// share one namespace (both become nfv-switch ports), with the YAML path of each. And the
// checks of validate_macs.cc, which validate.cc runs.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/common/result.h"
#include "nfv/config/config.h"

namespace nfv::config::detail {

struct SwitchPort {
  std::string name;
  std::string path;  // "ports[0]" or "guests[1].interfaces[0]"
  const PortOptions* options = nullptr;
  bool interface = false;  // a guest's vhost interface
};

class SwitchPorts {
 public:
  explicit SwitchPorts(const ApplianceConfig& config);
  const std::vector<SwitchPort>& all() const { return ports_; }
  const SwitchPort* find(std::string_view name) const;

 private:
  std::vector<SwitchPort> ports_;
};

// Keys that may be claimed once (names, MACs): a second claim is an error at its own path,
// "<problem> (first at <path of the first>)".
class FirstClaims {
 public:
  explicit FirstClaims(const ApplianceConfig& config) : config_(config) {}
  Status claim(const std::string& key, const std::string& path, std::string_view problem);

 private:
  const ApplianceConfig& config_;
  std::map<std::string, std::string> first_;  // key -> path of its first claim
};

// What a port is attached to ("bridge 'br0'", "an xconnect"), or nullptr.
using AttachmentOf = std::function<const std::string*(const std::string& port)>;

// Static MACs: their port in their bridge and carrying their VLAN; no (MAC, VLAN) twice.
Status check_static_macs(const ApplianceConfig& config, const SwitchPorts& ports,
                         const AttachmentOf& attachment_of);
// A source MAC allowed by the port security of two ports, or given to two VFs.
Status check_unique_macs(const ApplianceConfig& config, const SwitchPorts& ports);
// vf_settings within their PF's VF count, one entry per VF.
Status check_sriov(const ApplianceConfig& config);

}  // namespace nfv::config::detail
