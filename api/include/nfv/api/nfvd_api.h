// The nfvd control API: the methods nfvctl calls on the appliance daemon, declared like the
// switch's (switch_api.h) so that the same JSON-RPC server, client and dispatcher serve them.
// nfvd answers api.hello with its own identity and the same kApiVersion.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/api/method.h"
#include "nfv/api/switch_api.h"

namespace nfv::api {

// A config to diff, apply or check: its YAML text, or the path of a file nfvd reads. With
// both, the text is used and the path only names it in messages.
struct NfvdConfigParams {
  std::string config_text;
  std::string config_path;
  static constexpr auto fields() {
    return std::tuple{
        optional("config_text", &NfvdConfigParams::config_text, "the config's YAML text"),
        optional("config_path", &NfvdConfigParams::config_path,
                 "a config file nfvd reads (or, with config_text, the name in messages)")};
  }
};

// The nfv-switch process nfvd keeps running.
struct NfvdSwitchProcess {
  // running | restarting | gave-up (a crash loop: restarted too often; nfvd stopped trying)
  // | absent (no switch answers and the desired config has none to start)
  std::string state = "absent";
  std::string origin;     // started (by nfvd) | adopted (it ran before nfvd) | "" (none yet)
  int64_t pid = 0;        // 0: none
  uint64_t restarts = 0;  // since nfvd started
  std::string last_exit;  // how the last one ended: "killed by signal 9 (SIGKILL)"; "" if none
  std::string log_path;   // where a started switch's output goes
  static constexpr auto fields() {
    return std::tuple{
        required("state", &NfvdSwitchProcess::state, "running | restarting | gave-up | absent"),
        required("origin", &NfvdSwitchProcess::origin, "started | adopted | empty"),
        required("pid", &NfvdSwitchProcess::pid, "0: none"),
        required("restarts", &NfvdSwitchProcess::restarts, "since nfvd started"),
        required("last_exit", &NfvdSwitchProcess::last_exit, "how the last one ended"),
        required("log_path", &NfvdSwitchProcess::log_path, "output of a started switch")};
  }
};

struct NfvdStatus {
  std::string config_path;        // the config of the last apply ("" before any)
  std::string last_apply_time;    // UTC, ISO 8601 ("" before any apply)
  std::string last_apply_result;  // "ok", or the error of the last apply
  uint64_t owned_objects = 0;     // bridges, ports and static MACs nfvd created
  std::string switch_socket;
  bool switch_reachable = false;
  std::string state_dir;
  NfvdSwitchProcess switch_process;
  static constexpr auto fields() {
    return std::tuple{
        required("config_path", &NfvdStatus::config_path, "config of the last apply"),
        required("last_apply_time", &NfvdStatus::last_apply_time, "UTC; empty before any"),
        required("last_apply_result", &NfvdStatus::last_apply_result, "ok, or the error"),
        required("owned_objects", &NfvdStatus::owned_objects,
                 "bridges, ports and static MACs nfvd created"),
        required("switch_socket", &NfvdStatus::switch_socket),
        required("switch_reachable", &NfvdStatus::switch_reachable),
        required("state_dir", &NfvdStatus::state_dir),
        required("switch_process", &NfvdStatus::switch_process, "the supervised nfv-switch")};
  }
};

// A plan in reconcile's JSON form: {"steps": [...], "foreign": [...]}.
struct NfvdPlanResult {
  json plan;
  std::string text;  // the plan as `nfvctl diff` prints it, one line per step
  static constexpr auto fields() {
    return std::tuple{required("plan", &NfvdPlanResult::plan, "steps and foreign objects"),
                      required("text", &NfvdPlanResult::text, "the plan, one line per step")};
  }
};

struct NfvdApplyResult {
  json plan;             // the steps run
  std::string text;      // the same, one line per step
  uint64_t applied = 0;  // steps run successfully
  static constexpr auto fields() {
    return std::tuple{required("plan", &NfvdApplyResult::plan, "the steps run"),
                      required("text", &NfvdApplyResult::text, "the steps, one line each"),
                      required("applied", &NfvdApplyResult::applied, "steps applied")};
  }
};

struct NfvdCheckResult {
  bool valid = false;
  std::vector<std::string> errors;  // "file:line:column: path: message"
  uint64_t bridges = 0;             // what the config maps to on the switch
  uint64_t ports = 0;
  uint64_t static_macs = 0;
  static constexpr auto fields() {
    return std::tuple{required("valid", &NfvdCheckResult::valid),
                      required("errors", &NfvdCheckResult::errors, "file:line:column: ..."),
                      required("bridges", &NfvdCheckResult::bridges),
                      required("ports", &NfvdCheckResult::ports),
                      required("static_macs", &NfvdCheckResult::static_macs)};
  }
};

inline constexpr Method<Empty, NfvdStatus> kNfvdStatus{
    "nfvd.status", "last apply, owned objects, whether the switch answers"};
inline constexpr Method<NfvdConfigParams, NfvdPlanResult> kNfvdDiff{
    "nfvd.diff", "what applying a config would do, without touching anything"};
inline constexpr Method<NfvdConfigParams, NfvdApplyResult> kNfvdApply{
    "nfvd.apply", "make a config the desired state and apply it, all or nothing"};
inline constexpr Method<NfvdConfigParams, NfvdCheckResult> kNfvdCheck{"nfvd.check",
                                                                      "validate a config"};

inline constexpr auto kNfvdMethods = std::tuple{kNfvdStatus, kNfvdDiff, kNfvdApply, kNfvdCheck};

}  // namespace nfv::api
