// nfvd's side of guests: the config's guests[] as desired state, the executor that runs
// reconcile's guest steps through a GuestManager, and what an apply without a manager reports
// instead of running them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/config/config.h"
#include "nfv/guests/guest_manager.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/guest_state.h"
#include "nfv/reconcile/state.h"
#include "nfv/topology/placement.h"

namespace nfv::nfvd {

// What guests[] needs besides the config to become desired state.
struct GuestMapping {
  // The switch's vhost directory when the config sets none (switch.info); empty: the switch's
  // default for its file prefix.
  std::string switch_vhost_dir;
  // The planner's placement on this host (vCPU and emulator CPUs, the node); unset: none.
  const topology::Placement* placement = nullptr;
  // The PCI address of a planned VF (one the apply may still have to create); unset: the
  // planner's address of an existing VF, else none.
  std::function<std::string(const topology::VfAssignment&)> vf_address;
};

// guests[] as desired state, pure.
reconcile::GuestStates desired_guest_state(const config::ApplianceConfig& config,
                                           const GuestMapping& mapping = {});

// The MAC a guest's interface gets when the config gives none: locally administered, from a
// hash of the guest's and the interface's names, so it is the same on every apply.
std::string derived_guest_mac(const std::string& guest, size_t interface);

// The vhost directory the switch uses for the config (switch.vhost_dir, else `switch_dir`,
// else the switch's default /run/nfv-switch/<file prefix>).
std::string effective_vhost_dir(const config::ApplianceConfig& config,
                                const std::string& switch_dir);

// Sockets the switch creates (server mode): the guests' get QEMU's group and mode 0660, so
// that QEMU, an unprivileged user under libvirt, can connect.
void give_guest_sockets_to(const guests::QemuIdentity& qemu, const reconcile::GuestStates& guests,
                           reconcile::SwitchState& state);

// Sockets QEMU creates (the switch's client mode): their directories get QEMU's group and
// mode 2770 (setgid: sockets made there keep the group). Root's identity changes nothing.
Status open_socket_dirs_to(const guests::QemuIdentity& qemu, const reconcile::GuestStates& guests);

// Runs guest steps through `manager`; undo() puts back what the step's restore recorded.
class GuestExecutor : public reconcile::Executor {
 public:
  explicit GuestExecutor(guests::GuestManager& manager) : manager_(manager) {}
  Status run(const reconcile::Step& step) override;
  Status undo(const reconcile::Step& step) override;

 private:
  guests::GuestManager& manager_;
};

// Without a guest manager: the steps an apply runs (all but the guests') and a warning for
// each guest step left out ("guest vm1: not created: no guest manager yet ...").
struct StepsWithoutGuests {
  std::vector<reconcile::Step> runnable;
  std::vector<api::PreflightFinding> warnings;
};
StepsWithoutGuests without_guest_steps(const std::vector<reconcile::Step>& steps);

}  // namespace nfv::nfvd
