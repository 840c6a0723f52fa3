#include "nfv/nfvd/service.h"

#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "method_errors.h"
#include "nfv/common/log.h"
#include "nfv/common/strings.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/check_config.h"
#include "nfv/nfvd/desired_state.h"
#include "nfv/nfvd/generation_store.h"
#include "nfv/nfvd/guest_host.h"
#include "nfv/nfvd/guest_run_state.h"
#include "nfv/nfvd/host_plan.h"
#include "nfv/nfvd/object_views.h"
#include "nfv/nfvd/port_device.h"
#include "nfv/nfvd/sriov_host.h"
#include "nfv/nfvd/step_router.h"
#include "nfv/nfvd/vf_adoption.h"
#include "nfv/nfvd/vf_views.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/reconcile/guest_reconcile.h"
#include "nfv/reconcile/sriov_reconcile.h"
#include "nfv/reconcile/switch_executor.h"
#include "nfv/reconcile/switch_reader.h"

namespace nfv::nfvd {
namespace {

constexpr auto kSwitchTimeout = std::chrono::seconds(10);

std::string origin_of(const api::NfvdConfigParams& params) {
  return params.config_path.empty() ? "<config>" : params.config_path;
}

// "not nfvd's, left as they are: port lab9, bridge test": found on the host, never touched.
std::string describe_foreign(const std::vector<reconcile::ForeignObject>& foreign) {
  std::string text = "not nfvd's, left as they are:";
  for (size_t i = 0; i < foreign.size(); ++i) {
    text += fmt::format("{} {} {}", i == 0 ? "" : ",", reconcile::kind_name(foreign[i].kind),
                        foreign[i].name);
  }
  return text;
}

}  // namespace

Result<std::string> config_text(const api::NfvdConfigParams& params) {
  if (!params.config_text.empty()) return params.config_text;
  if (params.config_path.empty()) {
    return invalid_params("give config_text (the YAML) or config_path (a file nfvd can read)");
  }
  std::ifstream in(params.config_path);
  if (!in) return invalid_params("cannot read config file " + params.config_path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<Service> Service::open(ServiceOptions options, HostCheckOptions host) {
  auto persistent = load_state(options.state_dir);
  if (!persistent) return std::move(persistent).error();
  host.switch_socket = options.switch_socket;
  Service service(std::move(options));
  service.host_ = std::move(host);
  service.persistent_ = std::move(persistent).value();
  NFV_TRY(service.adopt_vf_allocations());
  NFV_TRY(service.adopt_ungenerated_state());
  return service;
}

Result<api::SwitchClient> Service::connect_switch() const {
  auto client = api::SwitchClient::connect(options_.switch_socket, "nfvd", kSwitchTimeout);
  if (!client) {
    return failed("nfv-switch at " + options_.switch_socket + " does not answer (" +
                  client.error().message + "); start it, or give nfvd its --switch-socket");
  }
  return client;
}

Result<DesiredConfig> Service::prepare(const api::NfvdConfigParams& params,
                                       api::SwitchClient* client) {
  auto text = config_text(params);
  if (!text) return std::move(text).error();
  auto parsed = config::parse_config(*text, origin_of(params));
  if (!parsed) return invalid_params(parsed.error().message);
  MappingOptions mapping;
  mapping.resolve_device = [sysfs = host::Sysfs(options_.sysfs_root)](const std::string& device) {
    return resolve_port_device(sysfs, device);
  };
  if (client != nullptr) {
    auto info = client->call(api::kSwitchInfo);
    if (!info) return failed("switch.info: " + info.error().message);
    mapping.switch_vhost_dir = info->vhost_dir;
  }
  auto state = desired_switch_state(*parsed, mapping);
  if (!state) return invalid_params(state.error().message);
  std::optional<topology::Placement> placement;
  std::vector<std::string> unplaced_vfs;
  GuestMapping guest_mapping{
      mapping.switch_vhost_dir, nullptr,
      [sysfs = sriov::Sysfs(options_.sysfs_root), &unplaced_vfs](const auto& vf) {
        if (vf.vf_bdf) return *vf.vf_bdf;
        auto address = vf_address_of(sysfs, vf.pf_bdf, vf.vf_index);
        if (address) return *address;
        unplaced_vfs.push_back(fmt::format("VF {} of NIC {} ({}): {}", vf.vf_index, vf.pf_name,
                                           vf.pf_bdf, address.error().message));
        return std::string();
      }};
  if (client != nullptr && !parsed->guests.empty()) {
    auto planned = plan_on_host(*parsed, options_.sysfs_root, host_.topology_xml);
    if (planned) {
      placement = std::move(planned).value();
      guest_mapping.placement = &*placement;
      unpinned_warning_.clear();
    } else {
      // Said once: drift checks prepare the desired state every few seconds.
      if (planned.error().message != unpinned_warning_) {
        log::warning("guests are not pinned: {}", planned.error().message);
      }
      unpinned_warning_ = planned.error().message;
    }
  }
  reconcile::GuestStates guests = desired_guest_state(*parsed, guest_mapping);
  if (!unplaced_vfs.empty()) {
    return invalid_params("the address of a VF paired with a GPU: " + join(unplaced_vfs, "; ") +
                          "; check the PF's sriov_offset and sriov_stride, or create its VFs "
                          "first (sriov[] alone, then the guests)");
  }
  if (client != nullptr && options_.guests && !guests.empty()) {
    if (auto identity = options_.guests->guest_identity()) {
      give_guest_sockets_to(*identity, guests, *state);
    }
  }
  DesiredConfig desired{std::move(parsed).value(),
                        std::move(text).value(),
                        std::move(state).value(),
                        {},
                        std::move(guests)};
  if (client == nullptr) return desired;  // a check: whether the PFs exist is pre-flight's
  auto vfs = desired_sriov(desired.config);
  if (!vfs) return invalid_params(vfs.error().message);
  desired.sriov = std::move(vfs).value();
  if (placement) {
    auto infiniband = [sysfs = sriov::Sysfs(options_.sysfs_root)](const std::string& pf) {
      return infiniband_node_guid(sysfs, pf);
    };
    if (auto paired = add_gpu_nic_vfs(*placement, infiniband, desired.sriov); !paired) {
      return invalid_params(paired.error().message);
    }
  }
  return desired;
}

Result<PlannedChange> Service::plan_change(const api::NfvdConfigParams& params) {
  auto client = connect_switch();
  if (!client) return std::move(client).error();
  auto desired = prepare(params, &*client);
  if (!desired) return std::move(desired).error();
  auto observed = reconcile::read_switch_state(*client);
  if (!observed) return failed("reading the switch: " + observed.error().message);
  reconcile::Plan plan = reconcile::reconcile(desired->state, *observed, persistent_.owned);
  auto sriov_steps = plan_sriov(desired->sriov);
  if (!sriov_steps) return failed("reading SR-IOV state: " + sriov_steps.error().message);
  // VFs first: a switch port may use a VF the plan creates.
  plan.steps.insert(plan.steps.begin(), sriov_steps->begin(), sriov_steps->end());
  // Guests last: a guest needs its vhost-user ports and VFs.
  auto guests = plan_guests(desired->guests);
  if (!guests) return failed("listing the guests: " + guests.error().message);
  plan.steps.insert(plan.steps.end(), guests->steps.begin(), guests->steps.end());
  plan.foreign.insert(plan.foreign.end(), guests->foreign.begin(), guests->foreign.end());
  return PlannedChange{std::move(client).value(), std::move(desired).value(), std::move(plan)};
}

Result<HostCheck> Service::host_preflight(const api::NfvdConfigParams& params) const {
  auto text = config_text(params);
  if (!text) return std::move(text).error();
  auto parsed = config::parse_config(*text, origin_of(params));
  if (!parsed) return invalid_params(parsed.error().message);
  auto check = check_host_for(*parsed, host_);
  if (!check) return failed(check.error().message);
  return check;
}

api::NfvdStatus Service::status() {
  api::NfvdStatus status;
  status.config_path = persistent_.config_path;
  status.last_apply_time = persistent_.applied_at;
  status.last_apply_result = persistent_.last_result;
  status.owned_objects = object_count(persistent_.owned);
  status.switch_socket = options_.switch_socket;
  status.switch_reachable =
      api::SwitchClient::connect(options_.switch_socket, "nfvd", std::chrono::seconds(2)).ok();
  status.state_dir = options_.state_dir;
  status.generations = generation_status();
  status.switch_process = switch_process_;
  status.drift = drift_;
  return status;
}

api::NfvdCheckResult Service::check(const api::NfvdConfigParams& params) {
  return check_config(params, host_);
}

Result<api::NfvdPlanResult> Service::diff(const api::NfvdConfigParams& params) {
  auto change = plan_change(params);
  if (!change) return std::move(change).error();
  const reconcile::Plan& plan = change->plan;
  return api::NfvdPlanResult{reconcile::render_json(plan), reconcile::render_text(plan)};
}

Result<api::NfvdApplyResult> Service::apply(const api::NfvdConfigParams& params) {
  auto text = config_text(params);
  if (!text) return std::move(text).error();
  if (params.confirm_timeout_s > static_cast<uint64_t>(kMaxTrialS)) {
    return invalid_params(
        fmt::format("confirm_timeout_s {} is more than a day ({} s): confirm "
                    "with nfvctl commit sooner, or apply without a trial",
                    params.confirm_timeout_s, static_cast<uint64_t>(kMaxTrialS)));
  }
  bool repair = persistent_.generation > 0 && *text == persistent_.config_text;
  if (repair && params.confirm_timeout_s > 0) {
    return invalid_params(fmt::format(
        "{} is the desired state already (generation {}): there is nothing to confirm; apply it "
        "without --confirm-timeout to repair what drifted",
        origin_of(params), persistent_.generation));
  }
  if (!repair && persistent_.pending) {
    return failed(fmt::format(
        "generation {} waits for confirmation until {}: run nfvctl commit to keep it, or "
        "nfvctl rollback to return to generation {}, then apply {}",
        persistent_.pending->generation, utc_text(persistent_.pending->deadline_s),
        persistent_.pending->rollback_to, origin_of(params)));
  }
  ApplyTarget target{persistent_.generation, false, "", 0, 0};
  if (!repair) {
    target = {next_generation(), true, "apply", persistent_.generation, params.confirm_timeout_s};
  }
  return apply_as(params, target);
}

Result<api::NfvdApplyResult> Service::apply_as(const api::NfvdConfigParams& params,
                                               const ApplyTarget& target) {
  auto host = host_preflight(params);
  if (!host) return std::move(host).error();
  if (preflight::has_errors(host->findings)) {
    std::string refusal = preflight::describe_errors(host->findings, origin_of(params));
    log::error("apply refused: {}", refusal);
    return failed(refusal + "\n(nfvctl check FILE lists every finding; nothing was changed)");
  }
  auto change = plan_change(params);
  if (!change) return std::move(change).error();
  reconcile::Plan plan = change->plan;
  std::vector<api::PreflightFinding> warnings = wire_findings(host->findings, true);
  if (!options_.guests) {
    StepsWithoutGuests split = without_guest_steps(plan.steps);
    plan.steps = std::move(split.runnable);
    for (auto& warning : split.warnings) log::warning("{}", warning.message);
    warnings.insert(warnings.end(), split.warnings.begin(), split.warnings.end());
  }
  if (options_.guests && !change->desired.guests.empty()) {
    if (auto identity = options_.guests->guest_identity()) {
      NFV_TRY(open_socket_dirs_to(*identity, change->desired.guests));
    }
  }
  const PersistentState before = persistent_;
  if (auto begun = begin_apply(params, change->desired.text, plan.steps, target); !begun) {
    return failed("nothing was changed: " + begun.error().message);
  }
  if (!plan.foreign.empty()) log::info("{}", describe_foreign(plan.foreign));
  if (!plan.steps.empty()) {
    log::info("applying generation {} ({}): {} step(s)", target.number, origin_of(params),
              plan.steps.size());
    stop_if_asked(0);
  }
  reconcile::ApplyReport report = run_steps(change->client, plan.steps);
  if (auto status = report.status(); !status) {
    std::string message = status.error().message;
    if (auto saved = record_failure(before, target, report, message); !saved) {
      message += "; " + saved.error().message;
    }
    log::error("apply of {} failed: {}", origin_of(params), message);
    return failed(message);
  }
  NFV_TRY(record_apply(params, change->desired, target));
  log::info("applied {}: generation {}, {} step(s)", origin_of(params), target.number,
            report.applied);
  api::NfvdApplyResult result{
      reconcile::render_json(plan), reconcile::render_text(plan), report.applied,
      std::move(warnings),          persistent_.generation,       ""};
  if (persistent_.pending && persistent_.pending->generation == target.number) {
    result.confirm_deadline = utc_text(persistent_.pending->deadline_s);
  }
  return result;
}

api::NfvdOwnership Service::owner() const {
  return ownership_wire(
      persistent_.owned, persistent_.config_path,
      read_vf_addresses(sriov::Sysfs(options_.sysfs_root), persistent_.owned.pfs));
}

Result<api::NfvdObjectList> Service::ports() { return objects(reconcile::ObjectKind::kPort); }

Result<api::NfvdObjectList> Service::bridges() { return objects(reconcile::ObjectKind::kBridge); }

Result<api::NfvdObjectList> Service::objects(reconcile::ObjectKind kind) {
  auto client = connect_switch();
  if (!client) return std::move(client).error();
  reconcile::SwitchState desired;
  if (persistent_.has_config()) {
    auto prepared = prepare({persistent_.config_text, persistent_.config_path}, &*client);
    if (!prepared) return failed("the config last applied: " + prepared.error().message);
    desired = std::move(prepared->state);
  }
  auto observed = reconcile::read_switch_state(*client);
  if (!observed) return failed("reading the switch: " + observed.error().message);
  reconcile::Plan plan = reconcile::reconcile(desired, *observed, persistent_.owned);
  ObjectsSeen seen{desired, *observed, persistent_.owned, plan};
  api::NfvdObjectList list;
  list.config_path = persistent_.config_path;
  list.objects = kind == reconcile::ObjectKind::kPort ? port_views(seen) : bridge_views(seen);
  return list;
}

Result<api::NfvdApplyResult> Service::reload() {
  const std::string& path = persistent_.config_path;
  if (path.empty() || !path.starts_with('/')) {
    return invalid_params(
        "no config file to re-read (none applied yet, or it was given as text "
        "without a path): run nfvctl apply FILE");
  }
  api::NfvdConfigParams params;
  params.config_path = path;
  // Checked before the switch is asked, so that a broken file is reported as such.
  auto text = config_text(params);
  if (!text) return std::move(text).error();
  params.config_text = std::move(text).value();
  if (auto valid = prepare(params, nullptr); !valid) return std::move(valid).error();
  return apply(params);
}

SriovHost Service::sriov_host() {
  if (!options_.vfio) {
    options_.vfio =
        std::make_shared<sriov::KernelVfioGroups>(options_.dev_root, options_.sysfs_root);
  }
  if (!options_.netlink) {
    auto socket = sriov::RtnetlinkSocket::open();
    if (socket)
      options_.netlink = std::move(socket).value();
    else
      log::warning("rtnetlink: {}; VF settings cannot be read or set", socket.error().message);
  }
  return SriovHost{sriov::Sysfs(options_.sysfs_root), options_.vfio.get(), options_.netlink.get()};
}

Result<std::vector<reconcile::Step>> Service::plan_sriov(const reconcile::SriovState& desired) {
  std::set<std::string> pfs = persistent_.owned.pfs;
  for (const auto& [pf, vfs] : desired) pfs.insert(pf);
  if (pfs.empty()) return std::vector<reconcile::Step>{};
  auto observed = read_sriov_state(sriov_host(), pfs);
  if (!observed) return std::move(observed).error();
  return reconcile::reconcile_sriov(desired, *observed, persistent_.owned.pfs);
}

Result<reconcile::Plan> Service::plan_guests(const reconcile::GuestStates& desired) {
  reconcile::GuestStates observed;
  // No guest wanted and none owned: the manager (libvirtd) is not needed at all.
  bool needed = !desired.empty() || !persistent_.owned.guests.empty();
  if (options_.guests && needed) {
    auto listed = options_.guests->list();
    if (!listed) return std::move(listed).error();
    observed = std::move(listed).value();
  }
  reconcile::Plan plan = reconcile::reconcile_guests(desired, observed, persistent_.owned.guests);
  // A guest shut off behind nfvd's back is started again (guest_run_state.h).
  if (options_.guests && needed) {
    add_guest_restarts(plan.steps, desired, observed, options_.guests->runtimes());
  }
  return plan;
}

reconcile::ApplyReport Service::run_steps(api::SwitchClient& client,
                                          const std::vector<reconcile::Step>& steps) {
  reconcile::SwitchExecutor switch_executor(client);
  SriovExecutor sriov_executor(sriov_host());
  std::optional<GuestExecutor> guest_executor;
  if (options_.guests) guest_executor.emplace(*options_.guests);
  StepRouter router(switch_executor, &sriov_executor, guest_executor ? &*guest_executor : nullptr);
  return reconcile::apply_steps(steps, router, [this](const reconcile::StepEvent& event) {
    log::info("{}", reconcile::progress_line(event));
    if (event.phase == reconcile::StepEvent::Phase::kRun && event.result) {
      stop_if_asked(event.index + 1);
    }
  });
}

Status Service::adopt_vf_allocations() {
  auto adoption = adopt_allocation_file(sriov::Sysfs(options_.sysfs_root), options_.vf_allocations,
                                        persistent_);
  if (!adoption) return std::move(adoption).error();
  for (const auto& line : adoption->adopted) log::info("adopted {}", line);
  for (const auto& line : adoption->dropped) log::warning("not adopted: {}", line);
  if (adoption->changed()) NFV_TRY(save_state(options_.state_dir, persistent_));
  return retire_allocation_file(options_.vf_allocations);
}

// A successful apply makes the config the desired state and its objects nfvd's; a failed
// one (rolled back) keeps both and only records the failure.
Status Service::record_apply(const api::NfvdConfigParams& params, const DesiredConfig& applied,
                             const ApplyTarget& target) {
  PersistentState next = persistent_;
  next.applied_at = utc_now();
  next.last_result = "ok";
  next.journal.reset();
  next.generation = target.number;
  next.applied_generation = target.number;
  next.config_path = target.number == 0 ? "" : origin_of(params);
  next.config_text = target.number == 0 ? "" : applied.text;
  next.owned = ownership_of(applied.state);
  for (const auto& [pf, vfs] : applied.sriov) next.owned.pfs.insert(pf);
  // Without a manager nfvd did nothing to guests: none of them is its own.
  if (options_.guests) {
    for (const auto& [name, guest] : applied.guests) next.owned.guests.insert(name);
  }
  if (target.confirm_timeout_s > 0) {
    next.pending = PendingConfirm{
        target.number, target.previous,
        static_cast<int64_t>(std::time(nullptr)) + static_cast<int64_t>(target.confirm_timeout_s)};
  } else if (target.fresh) {
    next.pending.reset();  // a new generation (a rollback included) ends any trial
  }
  if (auto saved = save_state(options_.state_dir, next); !saved) {
    return failed("the state was not saved: " + saved.error().message);
  }
  persistent_ = std::move(next);
  if (target.fresh) {
    // Kept whatever their age: the current one, where a rollback goes, and a trial's fallback.
    std::set<uint64_t> pinned{persistent_.generation, target.previous};
    if (persistent_.pending) pinned.insert(persistent_.pending->rollback_to);
    prune_generations(options_.state_dir, pinned);
  }
  if (recovery_failed_) {
    recovery_ +=
        " (resolved since by the apply of generation " + std::to_string(target.number) + ")";
    recovery_failed_ = false;
  }
  if (options_.on_guests_applied) options_.on_guests_applied(applied.guests);
  if (persistent_.pending && target.confirm_timeout_s > 0) schedule_confirm_deadline();
  if (after_apply_) after_apply_();
  return {};
}

}  // namespace nfv::nfvd
