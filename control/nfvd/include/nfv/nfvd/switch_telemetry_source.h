// The sampler's source in nfvd: the switch's counters and objects over its socket, the guests
// of the config last applied with whether they run, the processes on the other end of their
// ports (how long their threads wait for a CPU), and the counters of their VFs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "nfv/api/switch_client.h"
#include "nfv/nfvd/nfvd_telemetry.h"
#include "nfv/sriov/netlink_transport.h"
#include "nfv/telemetry/sampler.h"

namespace nfv::nfvd {

class SwitchTelemetrySource : public telemetry::SampleSource {
 public:
  SwitchTelemetrySource(TelemetryOptions options, std::shared_ptr<TelemetryGuests> guests,
                        std::shared_ptr<sriov::NetlinkTransport> netlink = nullptr)
      : options_(std::move(options)), guests_(std::move(guests)), netlink_(std::move(netlink)) {}
  telemetry::RawSample read() override;

 private:
  // The process on the other end of a vhost-user port, found through its socket: looked up
  // again when the port's socket changes, the process ends, or kPeerRefresh passes.
  struct Peer {
    std::string path;
    int64_t pid = 0;
    double found_at = 0;
  };

  Status read_switch(telemetry::RawSample& sample);
  void read_peers(telemetry::RawSample& sample);
  void read_pmd_waits(telemetry::RawSample& sample) const;
  int64_t peer_of(const api::PortInfo& port, double now);
  void read_vfs(telemetry::RawSample& sample, const reconcile::GuestStates& guests);
  bool open_netlink();

  TelemetryOptions options_;
  std::shared_ptr<TelemetryGuests> guests_;
  std::shared_ptr<sriov::NetlinkTransport> netlink_;  // opened on first need
  bool netlink_failed_ = false;
  std::optional<api::SwitchClient> client_;  // reconnected after a failure
  int64_t switch_pid_ = 0;
  std::map<std::string, Peer> peers_;  // by port
};

// The guests' inputs: their switch ports and VF ports, and whether they run.
std::vector<telemetry::GuestInputs> guest_inputs(const reconcile::GuestStates& guests,
                                                 const std::map<std::string, bool>& running);
// A VF's port name in telemetry: "<PF PCI address>/vf<index>".
std::string vf_port_name(const std::string& pf, unsigned index);

}  // namespace nfv::nfvd
