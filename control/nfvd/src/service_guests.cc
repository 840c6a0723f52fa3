// nfvd.guests: the guests of the config last applied against the domains the guest manager
// has, with the run state its lifecycle events left and the link of each guest's switch port.
#include "method_errors.h"
#include "nfv/guests/guest_pcie_layout.h"
#include "nfv/nfvd/guest_host.h"
#include "nfv/nfvd/service.h"
#include "nfv/nfvd/state_store.h"
#include "nfv/reconcile/guest_reconcile.h"

namespace nfv::nfvd {
namespace {

// The link of every switch port; empty when the switch does not answer.
std::map<std::string, bool> port_links(api::SwitchClient* client) {
  std::map<std::string, bool> links;
  if (client == nullptr) return links;
  auto ports = client->call(api::kPortList);
  if (!ports) return links;
  for (const auto& port : ports->ports) links[port.name] = port.link == "up";
  return links;
}

// Where the guest's GPUs and VFs are on the host and inside the guest (the domain's layout).
void add_gpus(const reconcile::GuestState& guest, api::NfvdGuest& view) {
  std::vector<guests::GpuDevice> devices;
  for (const auto& gpu : guest.gpus) devices.push_back({gpu.gpu, gpu.nic_vf, gpu.pcie_switch});
  guests::GuestPcieLayout layout = guests::guest_pcie_layout(devices);
  for (const auto& gpu : guest.gpus) {
    view.gpus.push_back({gpu.gpu, guests::guest_address_of(layout, gpu.gpu), gpu.nic_vf,
                         gpu.nic_vf.empty() ? "" : guests::guest_address_of(layout, gpu.nic_vf),
                         gpu.pcie_class});
  }
}

api::NfvdGuest guest_view(const std::string& name, const reconcile::GuestState* desired,
                          const reconcile::GuestState* defined,
                          const std::map<std::string, bool>& links) {
  const reconcile::GuestState& shown = desired != nullptr ? *desired : *defined;
  api::NfvdGuest view;
  view.name = name;
  view.desired = desired != nullptr;
  view.defined = defined != nullptr;
  view.run_state = defined != nullptr ? "unknown" : "absent";
  view.sync = "in sync";
  view.vcpus = shown.vcpus;
  view.memory_mb = shown.memory_mb;
  for (const auto& interface : shown.interfaces) {
    if (interface.type != reconcile::GuestInterface::Type::kVhost) continue;
    auto link = links.find(interface.name);
    view.ports.push_back({interface.name, link != links.end() && link->second});
  }
  add_gpus(shown, view);
  return view;
}

}  // namespace

std::optional<guests::QemuIdentity> Service::guest_socket_identity(
    const config::ApplianceConfig& config) {
  if (!options_.guests || config.switch_config.vhost_mode != config::VhostMode::kClient) {
    return std::nullopt;
  }
  bool vhost_guests = false;
  for (const auto& guest : config.guests) {
    for (const auto& interface : guest.interfaces) {
      vhost_guests = vhost_guests || interface.type == config::InterfaceType::kVhost;
    }
  }
  if (!vhost_guests) return std::nullopt;
  auto qemu = options_.guests->guest_identity();
  if (!qemu || qemu->is_root()) return std::nullopt;
  return qemu;
}

Result<api::NfvdGuestList> Service::guests() {
  api::NfvdGuestList list;
  list.config_path = persistent_.config_path;
  list.manager = "none";
  reconcile::GuestStates desired;
  std::optional<api::SwitchClient> client;
  if (auto connected = connect_switch()) client.emplace(std::move(connected).value());
  if (persistent_.has_config()) {
    auto prepared =
        prepare({persistent_.config_text, persistent_.config_path}, client ? &*client : nullptr);
    if (!prepared) return failed("the config last applied: " + prepared.error().message);
    desired = std::move(prepared->guests);
  }
  reconcile::GuestStates defined;
  std::map<std::string, guests::GuestRuntime> runtimes;
  if (options_.guests) {
    if (!desired.empty() || !persistent_.owned.guests.empty()) {
      auto observed = options_.guests->list();
      if (!observed) return failed("listing the guests: " + observed.error().message);
      defined = std::move(observed).value();
    }
    runtimes = options_.guests->runtimes();
    auto description = options_.guests->describe();
    list.manager = description.manager;
    list.accelerator = description.accelerator;
    list.accelerator_reason = description.accelerator_reason;
  }
  reconcile::Plan plan = reconcile::reconcile_guests(desired, defined, persistent_.owned.guests);
  std::map<std::string, bool> links = port_links(client ? &*client : nullptr);
  std::map<std::string, api::NfvdGuest> views;
  for (const auto& [name, guest] : desired) {
    auto found = defined.find(name);
    views[name] =
        guest_view(name, &guest, found == defined.end() ? nullptr : &found->second, links);
  }
  for (const auto& [name, guest] : defined) {
    if (!views.count(name)) views[name] = guest_view(name, nullptr, &guest, links);
  }
  for (const auto& step : plan.steps) {
    auto view = views.find(step.name);
    if (view == views.end()) continue;
    view->second.sync = std::string(reconcile::action_name(step.action)) + ": " + step.reason;
  }
  for (auto& [name, view] : views) {
    if (auto runtime = runtimes.find(name); runtime != runtimes.end()) {
      view.run_state = runtime->second.state;
      view.reason = runtime->second.reason;
      if (runtime->second.since_ms > 0) view.since = utc_text(runtime->second.since_ms / 1000);
    }
    if (view.defined) view.console_log = options_.state_dir + "/guests/" + name + ".console.log";
    if (view.defined && !view.gpus.empty()) {
      view.nccl_topology = options_.state_dir + "/guests/" + name + ".nccl-topo.xml";
    }
    list.guests.push_back(std::move(view));
  }
  return list;
}

}  // namespace nfv::nfvd
