// One owner: while nfvd runs, the objects of its config are changed through the config, not by
// hand. Before a switch request that changes something, nfvctl asks nfvd which objects it owns
// (nfvd.owner) and refuses to touch them, naming nfvd and the commands to use instead. Objects
// outside the config stay free to change. When nfvd does not answer, nothing is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/cli/command.h"

namespace nfv::nfvctl {

// kPf: an SR-IOV PF's VF count (or the pool of its VFs); kVf: one VF (settings, driver).
enum class OwnedKind { kPort, kBridge, kStaticMac, kPf, kVf };

// An object a request changes: a port or bridge by name, a static MAC by its key, a PF or VF
// by PCI address.
struct ChangedObject {
  OwnedKind kind = OwnedKind::kPort;
  std::string name;   // port or bridge name; a MAC's bridge; a PF's or VF's PCI address
  std::string mac;    // static MAC: lower case
  uint32_t vlan = 0;  // static MAC
  std::string pf;     // VF: its PF's PCI address ("" unknown)
};

// The config objects a switch request changes, from its method and wire params. Empty for
// reads and for changes that touch no object of a config (mac.flush removes learned entries,
// stats.clear, pmd.rebalance). A port joining a bridge changes the port, not the bridge; a
// cross-connect changes both ports.
std::vector<ChangedObject> objects_changed_by(std::string_view method, const api::json& params);

// The refusal for the first changed object nfvd owns, or nullopt when it owns none of them.
std::optional<std::string> ownership_refusal(const std::vector<ChangedObject>& changed,
                                             const api::NfvdOwnership& owned);

// Asks nfvd at ctx.nfvd_socket before `method` changes anything: the refusal, or nullopt when
// the request changes nothing nfvd owns or nfvd does not answer (nfvctl then proceeds).
std::optional<std::string> refused_by_nfvd(cli::Context& ctx, std::string_view method,
                                           const api::json& params);
// The same for objects named by the command itself (`nfvctl vf ...`: a PF or a VF).
std::optional<std::string> refused_by_nfvd(cli::Context& ctx,
                                           const std::vector<ChangedObject>& changed);

}  // namespace nfv::nfvctl
