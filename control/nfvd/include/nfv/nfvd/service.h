// nfvd's methods, behind the JSON-RPC dispatcher: status, check, diff and apply of a config
// against an already running nfv-switch. Requests are served one at a time (the control
// server is single-threaded), so an apply never overlaps another.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nfv/api/nfvd_api.h"
#include "nfv/api/switch_client.h"
#include "nfv/common/result.h"
#include "nfv/config/config.h"
#include "nfv/guests/guest_manager.h"
#include "nfv/nfvd/host_check.h"
#include "nfv/nfvd/sriov_host.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/reconcile.h"
#include "nfv/sriov/allocation_store.h"

namespace nfv::nfvd {

struct ServiceOptions {
  std::string state_dir = "/var/lib/nfvd";
  std::string switch_socket;
  // Ports' netdev names are resolved and SR-IOV PFs and VFs read and written under this sysfs
  // root; the /dev holding vfio/; the SR-IOV library's allocation file, adopted once into the
  // state (vf_adoption.h).
  std::string sysfs_root = "/sys";
  std::string dev_root = "/dev";
  std::string vf_allocations = sriov::kDefaultAllocationsPath;
  // Tests: VFIO and rtnetlink doubles instead of the kernel's.
  std::shared_ptr<sriov::VfioGroups> vfio{};
  std::shared_ptr<sriov::NetlinkTransport> netlink{};
  // Guests go through it; none (the default until libvirt guests come): plans show the guest
  // steps and an apply reports them as warnings instead of running them.
  std::shared_ptr<guests::GuestManager> guests{};
  // Told the guests of every config applied (telemetry's view of guests and their ports).
  std::function<void(const reconcile::GuestStates&)> on_guests_applied{};
  // Fault injection for the crash tests: once `stop_after_steps` steps of an apply are done
  // (0: right after its journal is written), `at_stop_point` runs. nfvd stops itself there
  // (SIGSTOP) for a test to kill -9 it; an in-process test throws to abandon the apply the way
  // a crash would. Unset in production.
  std::optional<size_t> stop_after_steps{};
  std::function<void()> at_stop_point{};
};

// Runs a callback on nfvd's serving thread at a time (rpc::Server::run_at in nfvd).
using Scheduler = std::function<void(std::chrono::steady_clock::time_point, std::function<void()>)>;

// A config made ready to reconcile: parsed, validated, mapped onto the switch's objects.
struct DesiredConfig {
  config::ApplianceConfig config;
  std::string text;
  reconcile::SwitchState state;
  reconcile::SriovState sriov;  // PFs by PCI address
  reconcile::GuestStates guests;
};

// What applying a config would do, and the switch connection to do it over.
struct PlannedChange {
  api::SwitchClient client;
  DesiredConfig desired;
  reconcile::Plan plan;
};

class Service {
 public:
  // Reads the state directory; an unreadable state file is an error (nothing is guessed).
  // `host`: the sysfs and procfs roots the pre-flight reads, and a recording to plan on instead
  // of this machine (tests); its switch socket is the options' one.
  static Result<Service> open(ServiceOptions options, HostCheckOptions host = {});

  api::NfvdStatus status();
  api::NfvdCheckResult check(const api::NfvdConfigParams& params);
  Result<api::NfvdPlanResult> diff(const api::NfvdConfigParams& params);
  // A config different from the desired one becomes a new generation; the desired config
  // again repairs the host and keeps its generation. While an apply waits for confirmation,
  // only a repair is accepted.
  Result<api::NfvdApplyResult> apply(const api::NfvdConfigParams& params);
  // Confirms the apply waiting for it; an error when none waits.
  Result<api::NfvdCommitResult> commit();
  // Back to the generation the current one replaced (or, while an apply waits for
  // confirmation, to the one it replaced), applied as a new generation.
  Result<api::NfvdApplyResult> rollback();
  Result<api::NfvdGenerationList> generations() const;
  // At start, once the switch is adopted or started: finishes an apply a crash interrupted
  // (or rolls it back: an apply on trial, or one that cannot be finished), rolls back an
  // unconfirmed apply whose deadline passed (or waits for the deadline), and brings the host
  // to the desired state; `fallback` (--config) when nothing was applied yet.
  void start_up(const std::optional<api::NfvdConfigParams>& fallback);
  // Confirmation deadlines need it; without one (tests of the service alone) none fires.
  void set_scheduler(Scheduler scheduler) { scheduler_ = std::move(scheduler); }
  // The objects of the last successful apply, from the state alone (no switch needed).
  api::NfvdOwnership owner() const;
  // Every port (bridge) the config wants or the switch has, nfvd's or foreign, and what an
  // apply of the current desired state would do to it.
  Result<api::NfvdObjectList> ports();
  Result<api::NfvdObjectList> bridges();
  // Every PF of the host and its VFs: those of the PFs nfvd manages against the config last
  // applied, with what an apply would do; the others foreign. No switch needed.
  Result<api::NfvdVfList> vfs();
  Result<api::NfvdGuestList> guests();
  // QEMU's identity when `config`'s guests create their sockets in the switch's vhost
  // directory (client mode, a guest manager that runs QEMU unprivileged); unset otherwise.
  std::optional<guests::QemuIdentity> guest_socket_identity(const config::ApplianceConfig& config);
  // SIGHUP: reads the file of the last apply again and applies it. A file that cannot be read
  // or is not valid changes nothing; the error says why.
  Result<api::NfvdApplyResult> reload();

  // The config of the last apply, as applied: what nfvd re-applies when it starts.
  const PersistentState& persistent() const { return persistent_; }
  // The supervised switch process, as nfvd.status reports it (set by the supervisor).
  void set_switch_process(api::NfvdSwitchProcess process) { switch_process_ = std::move(process); }

  // Drift (drift.h): the desired state reconciled against the host as it is now, read as what
  // changed behind nfvd's back. Reads the switch (port, bridge and MAC lists), sysfs and, only
  // when guests are desired or owned, the guest manager. Nothing desired: an empty result.
  api::NfvdDrift check_drift();
  // The last check's result, as nfvd.drift and nfvd.status report it (set by the monitor).
  const api::NfvdDrift& drift() const { return drift_; }
  void set_drift(api::NfvdDrift drift) { drift_ = std::move(drift); }
  // Called after every apply, successful or rolled back (the drift monitor checks again).
  void on_apply_recorded(std::function<void()> callback) { after_apply_ = std::move(callback); }

 private:
  // The generation an apply makes: a fresh one (its file written before the first step,
  // removed if the apply fails) or the desired one again (a repair).
  struct ApplyTarget {
    uint64_t number = 0;
    bool fresh = false;
    std::string origin;     // fresh: "apply", "rollback to 3", ...
    uint64_t previous = 0;  // fresh: where a later rollback goes
    uint64_t confirm_timeout_s = 0;
  };

  explicit Service(ServiceOptions options) : options_(std::move(options)) {}

  Result<api::SwitchClient> connect_switch() const;
  // Parses, validates and maps; with a switch client (diff, apply), a relative socket may use
  // its vhost dir and the SR-IOV PFs are resolved on the host.
  Result<DesiredConfig> prepare(const api::NfvdConfigParams& params, api::SwitchClient* client);
  // Connects to the switch, prepares the config and reconciles it with what the switch has.
  Result<PlannedChange> plan_change(const api::NfvdConfigParams& params);
  // The switch seen against the desired state: for ports() and bridges().
  Result<api::NfvdObjectList> objects(reconcile::ObjectKind kind);
  // The host pre-flight of a config (parsed here); a config that does not parse is an error.
  Result<HostCheck> host_preflight(const api::NfvdConfigParams& params) const;
  SriovHost sriov_host();
  // The config's sriov[] with its PFs resolved on the host; that of the config last applied.
  Result<reconcile::SriovState> desired_sriov(const config::ApplianceConfig& config) const;
  Result<reconcile::SriovState> applied_sriov() const;
  // The SR-IOV steps: VF counts, settings and bindings of the config's PFs and of the PFs an
  // earlier apply set up.
  Result<std::vector<reconcile::Step>> plan_sriov(const reconcile::SriovState& desired);
  // The guest steps: against the manager's guests, or against none without a manager.
  Result<reconcile::Plan> plan_guests(const reconcile::GuestStates& desired);
  // Runs `steps` over the switch, SR-IOV and (with a manager) the guests, all or nothing.
  reconcile::ApplyReport run_steps(api::SwitchClient& client,
                                   const std::vector<reconcile::Step>& steps);
  Status adopt_vf_allocations();
  // A state from before generations: its config becomes generation 1.
  Status adopt_ungenerated_state();
  Result<api::NfvdApplyResult> apply_as(const api::NfvdConfigParams& params,
                                        const ApplyTarget& target);
  // Writes the journal (and the target's file) before the first step.
  Status begin_apply(const api::NfvdConfigParams& params, const std::string& text,
                     const std::vector<reconcile::Step>& steps, const ApplyTarget& target);
  // `before`: the state before begin_apply.
  Status record_failure(const PersistentState& before, const ApplyTarget& target,
                        const reconcile::ApplyReport& report, std::string& message);
  Status record_apply(const api::NfvdConfigParams& params, const DesiredConfig& applied,
                      const ApplyTarget& target);
  uint64_t next_generation() const;
  // Applies generation `number`'s config again as a new generation, which replaces the
  // current one (a second rollback goes back to it).
  Result<api::NfvdApplyResult> restore_generation(uint64_t number, const std::string& origin);
  void recover_interrupted_apply();
  api::NfvdGenerationStatus generation_status() const;
  void schedule_confirm_deadline();
  void on_confirm_deadline(uint64_t generation);
  // The step hook for the crash tests (ServiceOptions::stop_after_steps).
  void stop_if_asked(size_t steps_done) const;

  ServiceOptions options_;
  HostCheckOptions host_;
  PersistentState persistent_;
  api::NfvdSwitchProcess switch_process_;
  std::string recovery_;  // what start_up recovered, for nfvd.status
  bool recovery_failed_ = false;
  std::string unpinned_warning_;  // the last "guests are not pinned" cause logged
  Scheduler scheduler_;
  api::NfvdDrift drift_;
  std::function<void()> after_apply_;
};

// The YAML of `params`: the text given, or the file read.
Result<std::string> config_text(const api::NfvdConfigParams& params);

}  // namespace nfv::nfvd
