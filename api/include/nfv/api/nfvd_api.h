// The nfvd control API: the methods nfvctl calls on the appliance daemon, declared like the
// switch's (switch_api.h) so that the same JSON-RPC server, client and dispatcher serve them.
// nfvd answers api.hello with its own identity and the same kApiVersion.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/api/generations_api.h"
#include "nfv/api/method.h"
#include "nfv/api/switch_api.h"
#include "nfv/api/telemetry_api.h"

namespace nfv::api {

// A config to diff, apply or check: its YAML text, or the path of a file nfvd reads. With
// both, the text is used and the path only names it in messages.
struct NfvdConfigParams {
  std::string config_text;
  std::string config_path;
  // apply: roll back to the generation before unless nfvd.commit comes within this many
  // seconds (0: no confirmation needed).
  uint64_t confirm_timeout_s = 0;
  static constexpr auto fields() {
    return std::tuple{
        optional("config_text", &NfvdConfigParams::config_text,
                 "the config's YAML text (required over the socket: nfvd reads no file on a "
                 "client's behalf)"),
        optional("config_path", &NfvdConfigParams::config_path,
                 "the file's name, in messages and in the state (SIGHUP re-reads it)"),
        optional("confirm_timeout_s", &NfvdConfigParams::confirm_timeout_s,
                 "apply: roll back unless nfvd.commit comes within this many seconds")};
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

// Drift: what changed on the host behind nfvd's back, against the desired state (the config
// last applied), found by nfvd's periodic check.
struct NfvdDriftItem {
  std::string kind;        // port | bridge | mac | vfs | vf | guest
  std::string object;      // "a", "br0", "br0 00:11:22:33:44:55 vlan 0", "0000:3b:00.0/vf1"
  std::string difference;  // "removed behind nfvd's back", "vlan access 100 on the host, ..."
  std::string repair;      // what nfvctl apply of the desired state does: "apply creates it"
  static constexpr auto fields() {
    return std::tuple{
        required("kind", &NfvdDriftItem::kind, "port | bridge | mac | vfs | vf | guest"),
        required("object", &NfvdDriftItem::object),
        required("difference", &NfvdDriftItem::difference, "what differs, in words"),
        required("repair", &NfvdDriftItem::repair, "what nfvctl apply would do")};
  }
};

// A foreign object seen on the host: neither desired nor nfvd's; reported, never touched.
struct NfvdForeignObject {
  std::string kind;
  std::string object;
  static constexpr auto fields() {
    return std::tuple{required("kind", &NfvdForeignObject::kind),
                      required("object", &NfvdForeignObject::object)};
  }
};

struct NfvdDrift {
  std::string checked_at;  // UTC, ISO 8601, of the last check; "" before the first
  bool in_sync = false;    // the host matches the desired state (and it could be read)
  std::vector<NfvdDriftItem> items;
  std::vector<NfvdForeignObject> foreign;
  std::string error;  // "" or why the host could not be read
  static constexpr auto fields() {
    return std::tuple{
        required("checked_at", &NfvdDrift::checked_at, "UTC; empty before the first check"),
        required("in_sync", &NfvdDrift::in_sync, "the host matches the desired state"),
        required("items", &NfvdDrift::items, "what changed behind nfvd's back"),
        required("foreign", &NfvdDrift::foreign, "objects not nfvd's, left alone"),
        required("error", &NfvdDrift::error, "why the host could not be read; empty if read")};
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
  NfvdGenerationStatus generations;
  NfvdDrift drift;  // the last drift check
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
        required("switch_process", &NfvdStatus::switch_process, "the supervised nfv-switch"),
        required("generations", &NfvdStatus::generations, "desired and observed generation"),
        optional("drift", &NfvdStatus::drift, "the last drift check of the host")};
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

// One finding of the host pre-flight (what the config needs that the host lacks or has at a
// cost): an error blocks an apply, a warning says its cost.
struct PreflightFinding {
  std::string severity;  // "error" | "warning"
  std::string subject;   // the object: "hugepages 2M on node 0", "PMD CPU 3", "IOMMU"
  std::string message;
  std::string cost;  // warnings: what running like this costs
  std::string fix;
  static constexpr auto fields() {
    return std::tuple{required("severity", &PreflightFinding::severity, "error | warning"),
                      required("subject", &PreflightFinding::subject, "the object concerned"),
                      required("message", &PreflightFinding::message),
                      required("cost", &PreflightFinding::cost, "warnings: what it costs"),
                      required("fix", &PreflightFinding::fix, "how to fix it")};
  }
};

struct NfvdApplyResult {
  json plan;             // the steps run
  std::string text;      // the same, one line per step
  uint64_t applied = 0;  // steps run successfully

  // The host pre-flight's warnings (an error refuses the apply).
  std::vector<PreflightFinding> warnings;
  uint64_t generation = 0;       // the desired generation after the apply
  std::string confirm_deadline;  // UTC; "" unless the apply waits for nfvd.commit
  static constexpr auto fields() {
    return std::tuple{required("plan", &NfvdApplyResult::plan, "the steps run"),
                      required("text", &NfvdApplyResult::text, "the steps, one line each"),
                      required("applied", &NfvdApplyResult::applied, "steps applied"),
                      required("warnings", &NfvdApplyResult::warnings,
                               "host pre-flight warnings, with their cost"),
                      optional("generation", &NfvdApplyResult::generation,
                               "the desired generation after the apply"),
                      optional("confirm_deadline", &NfvdApplyResult::confirm_deadline,
                               "UTC; rolled back then unless nfvd.commit comes")};
  }
};

struct NfvdCheckResult {
  bool valid = false;
  std::vector<std::string> errors;  // "file:line:column: path: message"
  uint64_t bridges = 0;             // what the config maps to on the switch
  uint64_t ports = 0;
  uint64_t static_macs = 0;

  // The host pre-flight of a valid config, errors first, and how the host was checked.
  std::vector<PreflightFinding> findings;
  std::string preflight_note;
  static constexpr auto fields() {
    return std::tuple{required("valid", &NfvdCheckResult::valid),
                      required("errors", &NfvdCheckResult::errors, "file:line:column: ..."),
                      required("bridges", &NfvdCheckResult::bridges),
                      required("ports", &NfvdCheckResult::ports),
                      required("static_macs", &NfvdCheckResult::static_macs),
                      required("findings", &NfvdCheckResult::findings, "host pre-flight"),
                      required("preflight_note", &NfvdCheckResult::preflight_note)};
  }
};

// A static MAC entry's key, as nfvd owns it: the bridge, the lower-case MAC, the VLAN.
struct NfvdMacKey {
  std::string bridge;
  std::string mac;
  uint32_t vlan = 0;
  static constexpr auto fields() {
    return std::tuple{required("bridge", &NfvdMacKey::bridge), required("mac", &NfvdMacKey::mac),
                      required("vlan", &NfvdMacKey::vlan)};
  }
};

// An SR-IOV PF nfvd owns (it sets its VF count) and the PCI addresses of its VFs now.
struct NfvdOwnedPf {
  std::string pf;                // PCI address
  std::vector<std::string> vfs;  // VF PCI addresses, by VF index
  static constexpr auto fields() {
    return std::tuple{required("pf", &NfvdOwnedPf::pf, "PCI address"),
                      required("vfs", &NfvdOwnedPf::vfs, "its VFs' PCI addresses")};
  }
};

// The objects nfvd owns (those of the config it last applied): nfvctl refuses to change them
// while nfvd runs. Read from nfvd's state (and the PFs' VFs from sysfs), without the switch.
struct NfvdOwnership {
  std::string config_path;  // the config to edit ("" before any apply)
  std::vector<std::string> bridges;
  std::vector<std::string> ports;
  std::vector<NfvdMacKey> macs;
  std::vector<NfvdOwnedPf> pfs;
  static constexpr auto fields() {
    return std::tuple{
        required("config_path", &NfvdOwnership::config_path, "the config that owns them"),
        required("bridges", &NfvdOwnership::bridges), required("ports", &NfvdOwnership::ports),
        required("macs", &NfvdOwnership::macs, "static MAC entries"),
        optional("pfs", &NfvdOwnership::pfs, "SR-IOV PFs and their VFs")};
  }
};

// One object as nfvd sees it: wanted by the config (desired), present on the switch
// (observed), whose it is, and what an apply would do to it.
struct NfvdObject {
  std::string name;
  std::string owner;      // "nfvd" (in the config) | "foreign" (made by hand, left alone)
  bool desired = false;   // in the config last applied
  bool observed = false;  // on the switch
  std::string state;      // "in sync", "create: ...", "change: ...", "delete: ...", "left as it is"
  std::string detail;     // "vhost client /run/nfv/vm1.sock, bridge br0"
  static constexpr auto fields() {
    return std::tuple{required("name", &NfvdObject::name),
                      required("owner", &NfvdObject::owner, "nfvd | foreign"),
                      required("desired", &NfvdObject::desired, "in the config last applied"),
                      required("observed", &NfvdObject::observed, "on the switch"),
                      required("state", &NfvdObject::state, "in sync, or what an apply would do"),
                      required("detail", &NfvdObject::detail)};
  }
};

struct NfvdObjectList {
  std::string config_path;
  std::vector<NfvdObject> objects;  // sorted by name
  static constexpr auto fields() {
    return std::tuple{required("config_path", &NfvdObjectList::config_path),
                      required("objects", &NfvdObjectList::objects)};
  }
};

// A PF (its VF count) or one VF of a PF nfvd manages, desired against what the host has.
struct NfvdVf {
  std::string name;       // "0000:3b:00.0" (the PF's VF count) | "0000:3b:00.0/vf1"
  std::string address;    // the VF's PCI address; "" for a PF row or a VF not created yet
  std::string owner;      // "nfvd" (its PF is in the config or was) | "foreign"
  bool desired = false;   // the config wants it
  bool observed = false;  // the host has it
  std::string wanted;     // what the config sets: "2 VFs", "mac ..., driver vfio-pci"
  std::string host;       // what the host has: "4 VFs", "mac ..., vlan 0, trust off"
  std::string driver;     // VF: its driver on the host ("" unbound)
  std::string state;      // "in sync", or what an apply would do: "change: trust off -> on"
  static constexpr auto fields() {
    return std::tuple{required("name", &NfvdVf::name, "PF address, or PF/vfN"),
                      required("address", &NfvdVf::address, "the VF's PCI address"),
                      required("owner", &NfvdVf::owner, "nfvd | foreign"),
                      required("desired", &NfvdVf::desired, "in the config last applied"),
                      required("observed", &NfvdVf::observed, "on the host"),
                      required("wanted", &NfvdVf::wanted, "what the config sets"),
                      required("host", &NfvdVf::host, "what the host has"),
                      required("driver", &NfvdVf::driver, "VF driver on the host"),
                      required("state", &NfvdVf::state, "in sync, or what an apply would do")};
  }
};

struct NfvdVfList {
  std::string config_path;
  std::vector<NfvdVf> vfs;  // by PF, each PF's row before its VFs
  static constexpr auto fields() {
    return std::tuple{required("config_path", &NfvdVfList::config_path),
                      required("vfs", &NfvdVfList::vfs)};
  }
};

// A guest nfvd manages (or was asked for), desired against what libvirt has, with its run state
// as the lifecycle events left it and its switch ports.
struct NfvdGuestPort {
  std::string name;   // the switch port
  bool link = false;  // the guest's virtio device is up on the switch
  static constexpr auto fields() {
    return std::tuple{required("name", &NfvdGuestPort::name),
                      required("link", &NfvdGuestPort::link, "the guest's device is up")};
  }
};

// An AI guest's GPU and the NIC VF paired with it: where each is on the host and in the guest.
struct NfvdGuestGpu {
  std::string gpu;         // host PCI address
  std::string guest_gpu;   // the GPU's address inside the guest
  std::string nic_vf;      // the paired VF's host address; "" without a NIC
  std::string guest_nic;   // its address inside the guest
  std::string pcie_class;  // host distance between them: PIX .. SYS; "" without a NIC
  static constexpr auto fields() {
    return std::tuple{required("gpu", &NfvdGuestGpu::gpu, "host PCI address"),
                      required("guest_gpu", &NfvdGuestGpu::guest_gpu, "its address in the guest"),
                      required("nic_vf", &NfvdGuestGpu::nic_vf, "the paired VF; empty: none"),
                      required("guest_nic", &NfvdGuestGpu::guest_nic, "the VF in the guest"),
                      required("pcie_class", &NfvdGuestGpu::pcie_class,
                               "PIX | PXB | PHB | NODE | SYS, on the host")};
  }
};

struct NfvdGuest {
  std::string name;
  bool desired = false;   // in the config last applied
  bool defined = false;   // a libvirt domain of the appliance
  std::string run_state;  // "running", "shut off", "paused", "crashed", "unknown", "absent"
  std::string reason;     // libvirt's ("booted", "shutdown", "destroyed", ...)
  std::string since;      // UTC time of the last lifecycle event; "" when none was seen
  std::string sync;       // "in sync", or what an apply would do ("create: ...", "change: ...")
  uint32_t vcpus = 0;
  uint64_t memory_mb = 0;
  std::vector<NfvdGuestPort> ports;
  std::string console_log;
  std::vector<NfvdGuestGpu> gpus;  // AI guests
  std::string nccl_topology;       // AI guests: the NCCL topology file offered to the guest
  static constexpr auto fields() {
    return std::tuple{required("name", &NfvdGuest::name),
                      required("desired", &NfvdGuest::desired, "in the config last applied"),
                      required("defined", &NfvdGuest::defined, "a libvirt domain of nfvd's"),
                      required("run_state", &NfvdGuest::run_state,
                               "running | shut off | paused | crashed | unknown | absent"),
                      required("reason", &NfvdGuest::reason, "libvirt's reason for the state"),
                      required("since", &NfvdGuest::since, "UTC time of the last event"),
                      required("sync", &NfvdGuest::sync, "in sync, or what an apply would do"),
                      required("vcpus", &NfvdGuest::vcpus),
                      required("memory_mb", &NfvdGuest::memory_mb),
                      required("ports", &NfvdGuest::ports, "its vhost-user switch ports"),
                      required("console_log", &NfvdGuest::console_log),
                      optional("gpus", &NfvdGuest::gpus, "GPUs with their NIC VFs"),
                      optional("nccl_topology", &NfvdGuest::nccl_topology,
                               "the NCCL topology file the guest reads through fw_cfg")};
  }
};

struct NfvdGuestList {
  std::string config_path;
  std::string manager;      // "libvirt qemu:///system" | "none"
  std::string accelerator;  // "kvm" | "tcg" | "" (not connected yet)
  std::string accelerator_reason;
  std::vector<NfvdGuest> guests;  // sorted by name
  static constexpr auto fields() {
    return std::tuple{required("config_path", &NfvdGuestList::config_path),
                      required("manager", &NfvdGuestList::manager),
                      required("accelerator", &NfvdGuestList::accelerator, "kvm | tcg"),
                      required("accelerator_reason", &NfvdGuestList::accelerator_reason),
                      required("guests", &NfvdGuestList::guests)};
  }
};

inline constexpr Method<Empty, NfvdStatus> kNfvdStatus{
    "nfvd.status", "last apply, owned objects, whether the switch answers"};
inline constexpr Method<NfvdConfigParams, NfvdPlanResult> kNfvdDiff{
    "nfvd.diff", "what applying a config would do, without touching anything"};
inline constexpr Method<NfvdConfigParams, NfvdApplyResult> kNfvdApply{
    "nfvd.apply", "make a config the desired state and apply it, all or nothing"};
inline constexpr Method<NfvdConfigParams, NfvdCheckResult> kNfvdCheck{
    "nfvd.check", "validate a config and check that the host can carry it"};

inline constexpr Method<Empty, NfvdOwnership> kNfvdOwner{
    "nfvd.owner", "the objects nfvd owns; nfvctl refuses to change them while nfvd runs"};
inline constexpr Method<Empty, NfvdObjectList> kNfvdPorts{
    "nfvd.ports", "the switch's ports: desired vs observed, nfvd's or foreign"};
inline constexpr Method<Empty, NfvdObjectList> kNfvdBridges{
    "nfvd.bridges", "the switch's bridges: desired vs observed, nfvd's or foreign"};

inline constexpr Method<Empty, NfvdVfList> kNfvdVfs{
    "nfvd.vfs", "the VFs of the PFs nfvd manages: desired vs observed, settings, drivers"};

inline constexpr Method<Empty, NfvdGuestList> kNfvdGuests{
    "nfvd.guests",
    "the guests: desired vs defined in libvirt, run state from lifecycle events, switch ports"};

inline constexpr Method<Empty, NfvdCommitResult> kNfvdCommit{
    "nfvd.commit", "confirm the apply waiting for confirmation (apply --confirm-timeout)"};
inline constexpr Method<Empty, NfvdApplyResult> kNfvdRollback{
    "nfvd.rollback",
    "return to the generation before the current one (or the one an unconfirmed apply "
    "replaced), as a diffed apply"};
inline constexpr Method<Empty, NfvdGenerationList> kNfvdGenerations{
    "nfvd.generations", "the generations kept in the state directory, newest first"};

inline constexpr Method<Empty, NfvdDrift> kNfvdDrift{
    "nfvd.drift", "what changed on the host behind nfvd's back (its last periodic check)"};

inline constexpr auto kNfvdMethods = std::tuple{
    kNfvdStatus, kNfvdTelemetry, kNfvdDiff,     kNfvdApply,      kNfvdCheck,      kNfvdOwner,
    kNfvdPorts,  kNfvdBridges,   kNfvdVfs,      kNfvdGuests,     kNfvdTrialStart, kNfvdTrialStop,
    kNfvdDrift,  kNfvdCommit,    kNfvdRollback, kNfvdGenerations};

}  // namespace nfv::api
