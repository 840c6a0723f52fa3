#include "nfv/nfvd/service.h"

#include <fstream>
#include <sstream>

#include "nfv/common/log.h"
#include "nfv/config/parse.h"
#include "nfv/nfvd/desired_state.h"
#include "nfv/reconcile/apply.h"
#include "nfv/reconcile/diff_view.h"
#include "nfv/reconcile/switch_executor.h"
#include "nfv/reconcile/switch_reader.h"

namespace nfv::nfvd {
namespace {

constexpr auto kSwitchTimeout = std::chrono::seconds(10);

Error invalid_params(std::string message) {
  return Error{std::move(message), static_cast<int>(api::ErrorCode::kInvalidParams)};
}

Error failed(std::string message) {
  return Error{std::move(message), static_cast<int>(api::ErrorCode::kFailed)};
}

std::string origin_of(const api::NfvdConfigParams& params) {
  return params.config_path.empty() ? "<config>" : params.config_path;
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

Result<Service> Service::open(ServiceOptions options) {
  auto persistent = load_state(options.state_dir);
  if (!persistent) return std::move(persistent).error();
  Service service(std::move(options));
  service.persistent_ = std::move(persistent).value();
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
  if (client != nullptr) {
    auto info = client->call(api::kSwitchInfo);
    if (!info) return failed("switch.info: " + info.error().message);
    mapping.switch_vhost_dir = info->vhost_dir;
  }
  auto state = desired_switch_state(*parsed, mapping);
  if (!state) return invalid_params(state.error().message);
  return DesiredConfig{std::move(parsed).value(), std::move(text).value(),
                       std::move(state).value()};
}

Result<PlannedChange> Service::plan_change(const api::NfvdConfigParams& params) {
  auto client = connect_switch();
  if (!client) return std::move(client).error();
  auto desired = prepare(params, &*client);
  if (!desired) return std::move(desired).error();
  auto observed = reconcile::read_switch_state(*client);
  if (!observed) return failed("reading the switch: " + observed.error().message);
  reconcile::Plan plan = reconcile::reconcile(desired->state, *observed, persistent_.owned);
  return PlannedChange{std::move(client).value(), std::move(desired).value(), std::move(plan)};
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
  status.switch_process = switch_process_;
  return status;
}

api::NfvdCheckResult Service::check(const api::NfvdConfigParams& params) {
  api::NfvdCheckResult result;
  auto desired = prepare(params, nullptr);
  if (!desired) {
    result.errors.push_back(desired.error().message);
    return result;
  }
  result.valid = true;
  result.bridges = desired->state.bridges.size();
  result.ports = desired->state.ports.size();
  result.static_macs = desired->state.macs.size();
  return result;
}

Result<api::NfvdPlanResult> Service::diff(const api::NfvdConfigParams& params) {
  auto change = plan_change(params);
  if (!change) return std::move(change).error();
  const reconcile::Plan& plan = change->plan;
  return api::NfvdPlanResult{reconcile::render_json(plan), reconcile::render_text(plan)};
}

Result<api::NfvdApplyResult> Service::apply(const api::NfvdConfigParams& params) {
  auto change = plan_change(params);
  if (!change) return std::move(change).error();
  const reconcile::Plan& plan = change->plan;
  reconcile::SwitchExecutor executor(change->client);
  reconcile::ApplyReport report = reconcile::apply_steps(plan.steps, executor);
  if (auto status = report.status(); !status) {
    std::string message = status.error().message;
    if (auto saved = record_apply(params, nullptr, message); !saved) {
      message += "; " + saved.error().message;
    }
    log::error("apply of {} failed: {}", origin_of(params), message);
    return failed(message);
  }
  NFV_TRY(record_apply(params, &change->desired, "ok"));
  log::info("applied {}: {} step(s)", origin_of(params), report.applied);
  return api::NfvdApplyResult{reconcile::render_json(plan), reconcile::render_text(plan),
                              report.applied};
}

// A successful apply makes the config the desired state and its objects nfvd's; a failed
// one (rolled back) keeps both and only records the failure.
Status Service::record_apply(const api::NfvdConfigParams& params, const DesiredConfig* applied,
                             const std::string& result) {
  PersistentState next = persistent_;
  next.applied_at = utc_now();
  next.last_result = result;
  if (applied != nullptr) {
    next.config_path = origin_of(params);
    next.config_text = applied->text;
    next.owned = ownership_of(applied->state);
  }
  if (auto saved = save_state(options_.state_dir, next); !saved) {
    return failed("the state was not saved: " + saved.error().message);
  }
  persistent_ = std::move(next);
  return {};
}

}  // namespace nfv::nfvd
