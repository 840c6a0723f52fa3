// Switch life cycle, snapshots, ports, bridges, cross-connects and VLANs.
#include "nfv/dataplane/switch.h"

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "nfv/common/log.h"
#include "nfv/vhost/burst.h"
#include "nfv/vhost/features.h"
#include "switch_internal.h"

namespace nfv::dp {

using api::ErrorCode;

namespace {

// 1-64 of [A-Za-z0-9_.:-], starting with a letter or digit.
bool valid_name(const std::string& name) {
  auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ':' ||
           c == '-';
  };
  return !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), allowed);
}

api::PortAddParams comparable(api::PortAddParams spec) {
  spec.exist_ok = false;
  return spec;
}

}  // namespace

Switch::Switch(const SwitchOptions& options, std::vector<std::string> eal_args)
    : options_(options), eal_args_(std::move(eal_args)) {}

Result<std::unique_ptr<Switch>> Switch::create(const SwitchOptions& options,
                                               std::vector<std::string> eal_args) {
  std::unique_ptr<Switch> sw(new Switch(options, std::move(eal_args)));
  auto n_pmds = static_cast<uint32_t>(options.pmd_cores.size());
  size_t qsbr_size = rte_rcu_qsbr_get_memsize(n_pmds);
  sw->qsbr_ = static_cast<rte_rcu_qsbr*>(rte_zmalloc("qsbr", qsbr_size, RTE_CACHE_LINE_SIZE));
  if (sw->qsbr_ == nullptr || rte_rcu_qsbr_init(sw->qsbr_, n_pmds) != 0) {
    return make_error("cannot allocate the RCU state for {} PMDs (out of memory)", n_pmds);
  }
  sw->publisher_ = std::make_unique<SnapshotPublisher>(sw->qsbr_);

  uint32_t mbufs = options.mbufs;
  if (mbufs == 0) {
    auto ports = static_cast<uint32_t>(std::max<size_t>(options.ports.size(), 4));
    mbufs = Mempools::size_for(ports, 2, options.rx_descriptors, options.tx_descriptors, n_pmds);
  }
  sw->mempools_ = std::make_unique<Mempools>(mbufs);

  std::vector<rte_ring*> learn_rings;
  for (uint16_t id = 0; id < n_pmds; ++id) {
    PmdConfig config;
    config.id = id;
    config.lcore = pmd_lcore(id);
    config.cpu = options.pmd_cores[id];
    if (!rte_lcore_is_enabled(config.lcore)) {
      return make_error("PMD core {} is not in the EAL core list", config.lcore);
    }
    config.numa = static_cast<int>(rte_lcore_to_socket_id(config.lcore));
    config.idle_sleep_max_us = options.idle_sleep_max_us;
    auto pool = sw->mempools_->for_node(config.numa);
    if (!pool) return std::move(pool).error();
    config.pool = *pool;
    auto pmd = Pmd::create(config, sw->publisher_.get(), sw->qsbr_);
    if (!pmd) return std::move(pmd).error();
    learn_rings.push_back((*pmd)->learn_ring());
    sw->pmds_.push_back(std::move(pmd).value());
  }
  sw->assignment_.resize(n_pmds);
  sw->rxq_cycles_at_rebalance_.assign(kMaxPorts, std::vector<uint64_t>(kMaxQueuesPerPort, 0));
  sw->fdb_ = std::make_unique<FdbService>(sw->qsbr_, &sw->clock_);
  sw->fdb_->start(std::move(learn_rings));

  if (auto status = vhost::ensure_directory(options.vhost_dir, 0755, "", ""); !status) {
    return make_error("--vhost-dir: {}", status.error().message);
  }
  NFV_TRY(sw->start());
  return sw;
}

Status Switch::start() {
  for (auto& pmd : pmds_) {
    NFV_TRY(pmd->launch());
    log::info("PMD {} polling on CPU {} (NUMA node {}), idle sleep up to {} us", pmd->config().id,
              pmd->config().cpu, pmd->config().numa, pmd->config().idle_sleep_max_us);
  }
  housekeeping_ = std::thread([this] { housekeeping_loop(); });
  pthread_setname_np(housekeeping_.native_handle(), "nfv-housekeep");
  return {};
}

Switch::~Switch() {
  {
    std::lock_guard lock(refresh_mutex_);
    stopping_ = true;
  }
  refresh_wake_.notify_one();
  if (housekeeping_.joinable()) housekeeping_.join();
  // PMDs first: with none left, every later grace period is immediate.
  for (auto& pmd : pmds_) pmd->stop();
  std::vector<std::string> names;
  {
    std::lock_guard lock(mutex_);
    for (auto& port : ports_) {
      if (port) names.push_back(port->name);
    }
  }
  for (const auto& name : names) (void)del_port(api::NameParams{name, true});
  if (fdb_) fdb_->stop();
  fdb_.reset();
  pmds_.clear();
  publisher_.reset();
  mempools_.reset();
  rte_free(qsbr_);
}

Status Switch::apply_startup_config() {
  for (const auto& bridge : options_.bridges) {
    auto added = add_bridge(api::BridgeAddParams{bridge.name, {}, {}, false});
    if (!added) return make_error("--bridge {}: {}", bridge.name, added.error().message);
  }
  for (const auto& spec : options_.ports) {
    auto added = add_port(spec);
    if (!added) return std::move(added).error();
  }
  for (const auto& bridge : options_.bridges) {
    for (const auto& port : bridge.ports) {
      api::PortSetParams set;
      set.name = port;
      set.bridge = bridge.name;
      auto result = set_port(set);
      if (!result) return make_error("--bridge {}: {}", bridge.name, result.error().message);
    }
  }
  for (const auto& [a, b] : options_.xconnects) {
    api::PortSetParams set;
    set.name = a;
    set.xconnect = b;
    auto result = set_port(set);
    if (!result) return make_error("--xconnect {},{}: {}", a, b, result.error().message);
  }
  return {};
}

// ---- snapshots ---------------------------------------------------------------------------

std::unique_ptr<Snapshot> Switch::build() const {
  DatapathModel model;
  model.generation = generation_;
  for (uint16_t i = 0; i < kMaxPorts; ++i) {
    const Port* port = ports_[i].get();
    if (port == nullptr || port->deleting) continue;
    PortModel& m = model.ports[i];
    PortRuntime& r = m.runtime;
    r.present = true;
    r.kind = port->kind;
    r.admin_up = port->admin_up;
    r.numa = static_cast<int16_t>(port->numa());
    r.attachment = port->attachment;
    r.bridge = port->bridge;
    r.peer = port->peer;
    r.tx_retries = port->tx_retries;
    m.vlan = port->vlan;
    m.rx_queues = port->queues;
    if (port->eth) {
      r.eth_port = port->eth->port_id();
      r.n_txq = port->eth->tx_queues();
      r.txq_locks = port->eth->txq_locks();
      r.link_up = port->link_up;
    } else {
      const VhostState& v = *port->vhost;
      r.vid = v.vid;
      r.link_up = v.vid >= 0;
      uint64_t vrings = enabled_vrings_of(v.vid);
      m.enabled_rx_queues = 0;
      for (uint16_t q = 0; q < port->queues; ++q) {
        if ((vrings >> vhost::guest_tx_vring(q)) & 1) m.enabled_rx_queues |= 1u << q;
        if ((vrings >> vhost::guest_rx_vring(q)) & 1) r.tx_queue_pairs[r.n_tx_queue_pairs++] = q;
      }
    }
  }
  model.bridges.resize(kMaxBridges);
  for (uint16_t b = 0; b < kMaxBridges; ++b) {
    if (bridges_[b]) model.bridges[b] = BridgeModel{true, bridges_[b]->fdb};
  }
  model.assignment = assignment_;
  return build_snapshot(model);
}

void Switch::publish() {
  ++generation_;
  publisher_->publish(build());
}

void Switch::publish_and_wait() {
  ++generation_;
  publisher_->publish_and_wait(build());
}

std::vector<RxqDemand> Switch::rxq_demands(bool with_cycles) const {
  std::vector<RxqDemand> demands;
  for (const auto& port : ports_) {
    if (!port || port->deleting) continue;
    for (uint16_t q = 0; q < port->queues; ++q) {
      RxqDemand demand;
      demand.rxq = RxqRef{port->index, q};
      demand.numa = port->numa();
      if (with_cycles) {
        uint64_t cycles = 0;
        for (const auto& pmd : pmds_)
          cycles += read_counter(pmd->counters().rxq_cycles[port->index][q]);
        demand.cycles = cycles - rxq_cycles_at_rebalance_[port->index][q];
      }
      demands.push_back(demand);
    }
  }
  return demands;
}

void Switch::place_queues(bool rebalance) {
  std::vector<PmdPlace> places;
  for (const auto& pmd : pmds_) places.push_back(PmdPlace{pmd->config().id, pmd->config().numa});
  assignment_ = place_rxqs(rxq_demands(true), places, assignment_, rebalance);
}

void Switch::request_refresh() {
  {
    std::lock_guard lock(refresh_mutex_);
    refresh_requested_ = true;
  }
  refresh_wake_.notify_one();
}

void Switch::housekeeping_loop() {
  auto next_link_poll = std::chrono::steady_clock::now();
  while (true) {
    bool refresh = false;
    {
      std::unique_lock lock(refresh_mutex_);
      refresh_wake_.wait_for(lock, std::chrono::milliseconds(100),
                             [this] { return stopping_ || refresh_requested_; });
      if (stopping_) return;
      refresh = std::exchange(refresh_requested_, false);
    }
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now >= next_link_poll) {
      next_link_poll = now + std::chrono::seconds(1);
      for (auto& port : ports_) {
        if (!port || !port->eth || port->deleting) continue;
        bool up = port->eth->link_up();
        if (up != port->link_up) {
          port->link_up = up;
          refresh = true;
          log::info("port {}: link {}", port->name, up ? "up" : "down");
        }
      }
    }
    if (refresh) publish();
    publisher_->reclaim();
  }
}

// ---- lookups -------------------------------------------------------------------------------

Switch::Port* Switch::find_port(const std::string& name) {
  for (auto& port : ports_) {
    if (port && !port->deleting && port->name == name) return port.get();
  }
  return nullptr;
}

Switch::Bridge* Switch::find_bridge(const std::string& name) {
  for (auto& bridge : bridges_) {
    if (bridge && bridge->name == name) return bridge.get();
  }
  return nullptr;
}

Result<Switch::Port*> Switch::port_or_error(const std::string& name) {
  if (Port* port = find_port(name)) return port;
  return api_error(ErrorCode::kNotFound,
                   fmt::format("port '{}' does not exist (see port.list)", name));
}

Result<Switch::Bridge*> Switch::bridge_or_error(const std::string& name) {
  if (Bridge* bridge = find_bridge(name)) return bridge;
  return api_error(ErrorCode::kNotFound,
                   fmt::format("bridge '{}' does not exist (see bridge.list)", name));
}

// ---- info ------------------------------------------------------------------------------------

api::SwitchInfo Switch::info() {
  api::SwitchInfo info;
  info.version = NFV_VERSION;
  info.pid = getpid();
  info.uptime_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  info.file_prefix = options_.file_prefix;
  info.vhost_dir = options_.vhost_dir;
  info.eal_args = eal_args_;
  for (const auto& pmd : pmds_) {
    info.pmds.push_back(api::PmdSummary{pmd->config().id, pmd->config().cpu, pmd->config().numa});
  }
  info.idle_sleep_max_us = options_.idle_sleep_max_us;
  info.mac_table_size = options_.mac_table_size;
  info.mac_ageing_s = options_.mac_ageing_s;
  return info;
}

// ---- ports -----------------------------------------------------------------------------------

api::PortInfo Switch::port_info(const Port& port) const {
  api::PortInfo info;
  info.name = port.name;
  info.index = port.index;
  info.admin = port.admin_up ? "up" : "down";
  info.numa = port.numa();
  info.rx_queues = port.queues;
  info.vlan = to_api(port.vlan);
  info.tx_retries = port.tx_retries;
  if (port.attachment == Attachment::kBridge && bridges_[port.bridge]) {
    info.bridge = bridges_[port.bridge]->name;
  }
  if (port.attachment == Attachment::kXconnect && ports_[port.peer]) {
    info.xconnect = ports_[port.peer]->name;
  }
  if (port.eth) {
    info.type = "dpdk";
    info.link = port.link_up ? "up" : "down";
    info.tx_queues = port.eth->tx_queues();
    info.devargs = port.spec.devargs;
    info.driver = port.eth->driver();
    info.mac = port.eth->mac();
  } else {
    const VhostState& v = *port.vhost;
    info.type = "vhost";
    info.path = v.socket_options.path;
    info.mode = v.socket_options.client_mode ? "client" : "server";
    info.connected = v.vid >= 0;
    info.link = v.vid >= 0 ? "up" : "down";
    info.tx_queues = port.queues;
    uint64_t vrings = enabled_vrings_of(v.vid);
    for (uint16_t q = 0; q < port.queues; ++q) {
      if (v.vid >= 0 && ((vrings >> vhost::guest_tx_vring(q)) & 1))
        info.enabled_queues.push_back(q);
    }
    uint32_t connections = v.connections.load();
    info.reconnects = connections > 0 ? connections - 1 : 0;
    if (v.vid >= 0) {
      auto f = vhost::decode_features(v.features);
      api::VhostFeatures features;
      features.features_hex = fmt::format("{:#x}", f.bits);
      features.mergeable_rx = f.mergeable_rx;
      features.indirect_desc = f.indirect_desc;
      features.event_idx = f.event_idx;
      features.packed_ring = f.packed_ring;
      features.in_order = f.in_order;
      features.csum_offload = f.csum_offload;
      features.tso = f.tso;
      features.mq = f.mq;
      features.mtu = v.mtu;
      info.features = features;
    }
  }
  return info;
}

Result<api::PortInfo> Switch::add_port(const api::PortAddParams& params) {
  std::lock_guard lock(mutex_);
  if (!valid_name(params.name)) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("port name '{}' is invalid: use 1-64 letters, digits, '_', '.', "
                                 "':' or '-', starting with a letter or digit",
                                 params.name));
  }
  if (Port* existing = find_port(params.name)) {
    if (params.exist_ok &&
        api::to_wire(comparable(existing->spec)) == api::to_wire(comparable(params))) {
      return port_info(*existing);
    }
    return api_error(ErrorCode::kAlreadyExists,
                     fmt::format("port '{}' already exists{}", params.name,
                                 params.exist_ok ? " with a different configuration" : ""));
  }
  if (params.type != "vhost" && params.type != "dpdk") {
    return api_error(
        ErrorCode::kInvalidParams,
        fmt::format("port {}: type '{}' is not vhost or dpdk", params.name, params.type));
  }
  uint32_t queues = params.queues == 0 ? 1 : params.queues;
  if (queues > kMaxQueuesPerPort) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("port {}: {} queues is out of range [1, {}]", params.name, queues,
                                 kMaxQueuesPerPort));
  }
  VlanSettings vlan;
  if (params.vlan) {
    auto settings = make_vlan_settings(params.name, *params.vlan);
    if (!settings) return api_error(ErrorCode::kInvalidParams, settings.error().message);
    vlan = *settings;
  }
  if (!params.bridge.empty() && !params.xconnect.empty()) {
    return api_error(
        ErrorCode::kInvalidParams,
        fmt::format("port {}: give a bridge or a cross-connect, not both", params.name));
  }
  if (!params.bridge.empty() && find_bridge(params.bridge) == nullptr) {
    return api_error(ErrorCode::kNotFound,
                     fmt::format("port {}: bridge '{}' does not exist (add it first)", params.name,
                                 params.bridge));
  }
  if (!params.xconnect.empty() && find_port(params.xconnect) == nullptr) {
    return api_error(ErrorCode::kNotFound,
                     fmt::format("port {}: cross-connect peer '{}' does not exist", params.name,
                                 params.xconnect));
  }
  auto slot = std::find_if(ports_.begin(), ports_.end(), [](const auto& p) { return !p; });
  if (slot == ports_.end()) {
    return api_error(
        ErrorCode::kResourceExhausted,
        fmt::format("port {}: the switch already has {} ports", params.name, kMaxPorts));
  }

  auto port = std::make_unique<Port>();
  port->name = params.name;
  port->index = static_cast<uint16_t>(slot - ports_.begin());
  port->spec = params;
  port->queues = static_cast<uint16_t>(queues);
  port->vlan = vlan;
  port->tx_retries = static_cast<uint16_t>(params.tx_retries.value_or(options_.tx_retries));
  if (params.type == "vhost") {
    if (!params.devargs.empty()) {
      return api_error(ErrorCode::kInvalidParams,
                       fmt::format("port {}: devargs apply to dpdk ports", params.name));
    }
    if (!params.mode.empty() && params.mode != "server" && params.mode != "client") {
      return api_error(
          ErrorCode::kInvalidParams,
          fmt::format("port {}: mode '{}' is not server or client", params.name, params.mode));
    }
    port->kind = PortKind::kVhost;
    port->vhost = std::make_unique<VhostState>();
    vhost::SocketOptions& so = port->vhost->socket_options;
    so.path = params.path.empty() ? options_.vhost_dir + "/" + params.name + ".sock" : params.path;
    so.client_mode = params.mode == "client";
    so.max_queue_pairs = queues;
    api::VhostConfig features = params.vhost.value_or(api::VhostConfig{});
    // One queue pair: MQ is not offered, so the guest cannot transmit on a queue never polled.
    so.disabled_features = vhost::disabled_features(
        vhost::FeatureChoice{features.mergeable_rx, features.indirect_desc, features.packed_ring,
                             features.offloads, /*multiqueue=*/queues > 1});
    if (params.socket) {
      so.owner = params.socket->owner;
      so.group = params.socket->group;
      so.mode = params.socket->mode;
    }
    for (const auto& other : ports_) {
      if (other && other->vhost && other->vhost->socket_options.path == so.path) {
        return api_error(ErrorCode::kAlreadyExists,
                         fmt::format("port {}: socket {} is already port {}'s", params.name,
                                     so.path, other->name));
      }
    }
    auto socket = vhost::VhostSocket::create(so, this, reinterpret_cast<uint64_t>(port.get()));
    if (!socket) {
      return api_error(ErrorCode::kFailed,
                       fmt::format("port {}: {}", params.name, socket.error().message));
    }
    port->vhost->socket = std::move(socket).value();
  } else {
    if (params.devargs.empty()) {
      return api_error(ErrorCode::kInvalidParams,
                       fmt::format("port {}: a dpdk port needs devargs (a PCI address or a "
                                   "vdev such as net_tap0,iface=tap0)",
                                   params.name));
    }
    if (!params.path.empty() || !params.mode.empty()) {
      return api_error(ErrorCode::kInvalidParams,
                       fmt::format("port {}: path and mode apply to vhost ports", params.name));
    }
    bool pci_disabled =
        std::find(eal_args_.begin(), eal_args_.end(), "--no-pci") != eal_args_.end();
    if (pci_disabled && is_pci_address(params.devargs)) {
      return api_error(ErrorCode::kUnsupported,
                       fmt::format("port {}: nfv-switch was started without PCI devices "
                                   "(--no-pci); restart it with this device in a --port option",
                                   params.name));
    }
    port->kind = PortKind::kEthdev;
    EthdevSpec spec;
    spec.name = params.name;
    spec.devargs = params.devargs;
    spec.rx_queues = port->queues;
    spec.tx_queues = static_cast<uint16_t>(pmds_.size());
    spec.rx_descriptors = static_cast<uint16_t>(options_.rx_descriptors);
    spec.tx_descriptors = static_cast<uint16_t>(options_.tx_descriptors);
    auto eth = EthdevPort::open(spec, [this](int node) { return mempools_->for_node(node); });
    if (!eth) return api_error(ErrorCode::kFailed, eth.error().message);
    port->eth = std::move(eth).value();
    port->link_up = port->eth->link_up();
  }
  // Counter slots are reused: the new port starts from what its slot holds now.
  port->baseline = raw_counters(port->index);
  port->learned_baseline = fdb_->learn_counters(port->index).learned.load();
  port->moved_baseline = fdb_->learn_counters(port->index).moved.load();
  port->table_full_baseline = fdb_->learn_counters(port->index).table_full.load();
  if (port->eth) port->device_baseline = port->eth->device_drops();
  for (uint16_t q = 0; q < kMaxQueuesPerPort; ++q) {
    uint64_t packets = 0;
    for (const auto& pmd : pmds_)
      packets += read_counter(pmd->counters().rxq_packets[port->index][q]);
    port->rxq_baseline[q] = packets;
    uint64_t cycles = 0;
    for (const auto& pmd : pmds_)
      cycles += read_counter(pmd->counters().rxq_cycles[port->index][q]);
    rxq_cycles_at_rebalance_[port->index][q] = cycles;
  }

  Port& added = *port;
  *slot = std::move(port);
  if (auto status = attach(added, params.bridge, params.xconnect); !status) {
    log::warning("port {}: {}", added.name, status.error().message);  // validated above
  }
  place_queues(false);
  publish();
  log::info(
      "port {} added: {} {}{}", added.name, params.type,
      added.vhost ? added.vhost->socket_options.path : params.devargs,
      added.vhost ? (added.vhost->socket_options.client_mode ? " (client)" : " (server)") : "");
  return port_info(added);
}

Status Switch::del_port(const api::NameParams& params) {
  std::unique_ptr<Port> doomed;
  {
    std::lock_guard lock(mutex_);
    Port* port = find_port(params.name);
    if (port == nullptr) {
      if (params.missing_ok) return {};
      return api_error(ErrorCode::kNotFound,
                       fmt::format("port '{}' does not exist (see port.list)", params.name));
    }
    detach(*port);
    port->deleting = true;
    place_queues(false);
    publish_and_wait();  // from here on no PMD touches the port
    flush_port_macs(port->index);
    doomed = std::move(ports_[port->index]);
  }
  // Outside the lock: unregistering may run on_device_gone on this thread.
  std::string name = doomed->name;
  doomed.reset();
  log::info("port {} removed", name);
  return {};
}

api::PortList Switch::list_ports() {
  std::lock_guard lock(mutex_);
  api::PortList list;
  for (const auto& port : ports_) {
    if (port && !port->deleting) list.ports.push_back(port_info(*port));
  }
  return list;
}

Status Switch::attach(Port& port, const std::string& bridge, const std::string& xconnect) {
  if (!bridge.empty()) {
    auto found = bridge_or_error(bridge);
    if (!found) return std::move(found).error();
    port.attachment = Attachment::kBridge;
    port.bridge = (*found)->index;
  } else if (!xconnect.empty()) {
    auto peer = port_or_error(xconnect);
    if (!peer) return std::move(peer).error();
    Port& other = **peer;
    if (&other == &port) {
      return api_error(ErrorCode::kInvalidParams,
                       fmt::format("port {} cannot be cross-connected with itself", port.name));
    }
    if (other.attachment != Attachment::kNone &&
        !(other.attachment == Attachment::kXconnect && other.peer == port.index)) {
      return api_error(
          ErrorCode::kBusy,
          fmt::format("port {} is already in {}; detach it first (port.set "
                      "bridge=\"\" or xconnect=\"\")",
                      other.name,
                      other.attachment == Attachment::kBridge ? "a bridge" : "a cross-connect"));
    }
    port.attachment = Attachment::kXconnect;
    port.peer = other.index;
    other.attachment = Attachment::kXconnect;
    other.peer = port.index;
  }
  return {};
}

void Switch::detach(Port& port) {
  if (port.attachment == Attachment::kXconnect && ports_[port.peer]) {
    Port& other = *ports_[port.peer];
    other.attachment = Attachment::kNone;
    other.peer = kNoPort;
  }
  port.attachment = Attachment::kNone;
  port.peer = kNoPort;
}

Result<api::PortInfo> Switch::set_port(const api::PortSetParams& params) {
  std::lock_guard lock(mutex_);
  auto found = port_or_error(params.name);
  if (!found) return std::move(found).error();
  Port& port = **found;
  if (params.admin && *params.admin != "up" && *params.admin != "down") {
    return api_error(ErrorCode::kInvalidParams, fmt::format("port {}: admin '{}' is not up or down",
                                                            port.name, *params.admin));
  }
  if (params.bridge && params.xconnect && !params.bridge->empty() && !params.xconnect->empty()) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("port {}: give a bridge or a cross-connect, not both", port.name));
  }
  if (params.tx_retries && *params.tx_retries > 1024) {
    return api_error(ErrorCode::kInvalidParams, fmt::format("port {}: tx_retries {} is above 1024",
                                                            port.name, *params.tx_retries));
  }
  bool membership = params.bridge.has_value() || params.xconnect.has_value();
  if (membership) {
    // Validate before changing anything.
    std::string bridge = params.bridge.value_or("");
    std::string xconnect = params.xconnect.value_or("");
    if (!bridge.empty() && find_bridge(bridge) == nullptr) return bridge_or_error(bridge).error();
    if (!xconnect.empty()) {
      Port* peer = find_port(xconnect);
      if (peer == nullptr) return port_or_error(xconnect).error();
      if (peer == &port) {
        return api_error(ErrorCode::kInvalidParams,
                         fmt::format("port {} cannot be cross-connected with itself", port.name));
      }
      if (peer->attachment != Attachment::kNone &&
          !(peer->attachment == Attachment::kXconnect && peer->peer == port.index)) {
        return api_error(ErrorCode::kBusy,
                         fmt::format("port {} is already in a bridge or cross-connect; detach it "
                                     "first",
                                     peer->name));
      }
    }
    bool was_bridged = port.attachment == Attachment::kBridge;
    detach(port);
    NFV_TRY(attach(port, bridge, xconnect));
    if (was_bridged) {
      publish_and_wait();
      flush_port_macs(port.index);  // its MACs belonged to the old bridge
    }
  }
  if (params.admin) port.admin_up = *params.admin == "up";
  if (params.tx_retries) port.tx_retries = static_cast<uint16_t>(*params.tx_retries);
  publish();
  return port_info(port);
}

Result<api::PortInfo> Switch::set_vlan(const api::VlanSetParams& params) {
  std::lock_guard lock(mutex_);
  auto found = port_or_error(params.port);
  if (!found) return std::move(found).error();
  Port& port = **found;
  auto settings = make_vlan_settings(port.name, params.vlan);
  if (!settings) return api_error(ErrorCode::kInvalidParams, settings.error().message);
  port.vlan = *settings;
  publish_and_wait();
  flush_port_macs(port.index);  // learned in VLANs the port may no longer carry
  log::info("port {}: vlan {}", port.name, api::to_wire(to_api(port.vlan)).dump());
  return port_info(port);
}

// ---- bridges ---------------------------------------------------------------------------------

api::BridgeInfo Switch::bridge_info(const Bridge& bridge) const {
  api::BridgeInfo info;
  info.name = bridge.name;
  info.mac_table_size = bridge.capacity;
  info.ageing_s = bridge.ageing_s;
  info.macs = fdb_->table_size(bridge.index);
  for (const auto& port : ports_) {
    if (port && !port->deleting && port->attachment == Attachment::kBridge &&
        port->bridge == bridge.index) {
      info.ports.push_back(port->name);
    }
  }
  return info;
}

Result<api::BridgeInfo> Switch::add_bridge(const api::BridgeAddParams& params) {
  std::lock_guard lock(mutex_);
  if (!valid_name(params.name)) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("bridge name '{}' is invalid: use 1-64 letters, digits, '_', "
                                 "'.', ':' or '-'",
                                 params.name));
  }
  uint32_t capacity = params.mac_table_size.value_or(options_.mac_table_size);
  uint32_t ageing = params.ageing_s.value_or(options_.mac_ageing_s);
  if (Bridge* existing = find_bridge(params.name)) {
    if (params.exist_ok && existing->capacity == capacity && existing->ageing_s == ageing) {
      return bridge_info(*existing);
    }
    return api_error(ErrorCode::kAlreadyExists,
                     fmt::format("bridge '{}' already exists", params.name));
  }
  if (capacity < 16 || capacity > (1u << 24)) {
    return api_error(ErrorCode::kInvalidParams,
                     fmt::format("bridge {}: mac_table_size {} is out of range [16, 16777216]",
                                 params.name, capacity));
  }
  if (ageing < 1 || ageing > 1000000) {
    return api_error(
        ErrorCode::kInvalidParams,
        fmt::format("bridge {}: ageing_s {} is out of range [1, 1000000]", params.name, ageing));
  }
  auto slot = std::find_if(bridges_.begin(), bridges_.end(), [](const auto& b) { return !b; });
  if (slot == bridges_.end()) {
    return api_error(
        ErrorCode::kResourceExhausted,
        fmt::format("bridge {}: the switch already has {} bridges", params.name, kMaxBridges));
  }
  auto bridge = std::make_unique<Bridge>();
  bridge->name = params.name;
  bridge->index = static_cast<uint16_t>(slot - bridges_.begin());
  bridge->capacity = capacity;
  bridge->ageing_s = ageing;
  int numa = pmds_.empty() ? -1 : pmds_.front()->config().numa;
  auto fdb = fdb_->create_table(bridge->index, params.name, capacity, ageing, numa);
  if (!fdb) return api_error(ErrorCode::kResourceExhausted, fdb.error().message);
  bridge->fdb = *fdb;
  Bridge& added = *bridge;
  *slot = std::move(bridge);
  publish();
  log::info("bridge {} added: {} MAC entries, ageing {} s", added.name, capacity, ageing);
  return bridge_info(added);
}

Status Switch::del_bridge(const api::BridgeDelParams& params) {
  std::lock_guard lock(mutex_);
  Bridge* bridge = find_bridge(params.name);
  if (bridge == nullptr) {
    if (params.missing_ok) return {};
    return api_error(ErrorCode::kNotFound,
                     fmt::format("bridge '{}' does not exist (see bridge.list)", params.name));
  }
  std::vector<Port*> members;
  for (auto& port : ports_) {
    if (port && !port->deleting && port->attachment == Attachment::kBridge &&
        port->bridge == bridge->index) {
      members.push_back(port.get());
    }
  }
  if (!members.empty() && !params.force) {
    std::string names;
    for (Port* port : members) names += (names.empty() ? "" : ", ") + port->name;
    return api_error(ErrorCode::kBusy,
                     fmt::format("bridge {} still has ports ({}): detach them or pass force",
                                 params.name, names));
  }
  for (Port* port : members) detach(*port);
  uint16_t index = bridge->index;
  std::string name = bridge->name;
  bridges_[index].reset();
  publish_and_wait();  // no PMD looks into its table any more
  fdb_->destroy_table(index);
  log::info("bridge {} removed", name);
  return {};
}

api::BridgeList Switch::list_bridges() {
  std::lock_guard lock(mutex_);
  api::BridgeList list;
  for (const auto& bridge : bridges_) {
    if (bridge) list.bridges.push_back(bridge_info(*bridge));
  }
  return list;
}

void Switch::flush_port_macs(uint16_t index) {
  FdbFilter filter;
  filter.port = index;
  filter.include_static = true;
  fdb_->flush(filter);
}

}  // namespace nfv::dp
