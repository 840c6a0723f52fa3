// Switch life cycle, snapshots, queue placement, housekeeping and lookups.
#include "nfv/dataplane/switch.h"

#include <rte_lcore.h>
#include <rte_malloc.h>
#include <unistd.h>

#include <algorithm>

#include "api_error.h"
#include "nfv/common/log.h"
#include "nfv/dataplane/run_directories.h"
#include "nfv/dataplane/switch_handlers.h"

namespace nfv::dp {

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
  NFV_TRY(sw->create_pmds());
  NFV_TRY(prepare_vhost_directory(options));
  NFV_TRY(sw->start());
  return sw;
}

Status Switch::create_pmds() {
  auto n_pmds = static_cast<uint16_t>(options_.pmd_cores.size());
  std::vector<rte_ring*> learn_rings;
  for (uint16_t id = 0; id < n_pmds; ++id) {
    PmdConfig config;
    config.id = id;
    config.lcore = pmd_lcore(id);
    config.cpu = options_.pmd_cores[id];
    if (!rte_lcore_is_enabled(config.lcore)) {
      return make_error("PMD core {} is not in the EAL core list", config.lcore);
    }
    config.numa = static_cast<int>(rte_lcore_to_socket_id(config.lcore));
    config.idle_sleep_max_us = options_.idle_sleep_max_us;
    auto pool = mempools_->for_node(config.numa);
    if (!pool) return std::move(pool).error();
    config.pool = *pool;
    auto pmd = Pmd::create(config, publisher_->current_slot(), qsbr_);
    if (!pmd) return std::move(pmd).error();
    learn_rings.push_back((*pmd)->learn_ring());
    pmds_.push_back(std::move(pmd).value());
  }
  assignment_.resize(n_pmds);
  rxq_cycles_at_rebalance_.assign(kMaxPorts, std::vector<uint64_t>(kMaxQueuesPerPort, 0));
  fdb_ = std::make_unique<FdbService>(qsbr_, &clock_);
  fdb_->start(std::move(learn_rings));
  return {};
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
      if (port) names.push_back(port->name());
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
    auto added = handle_bridge_add(*this, api::BridgeAddParams{bridge.name, {}, {}, {}, false});
    if (!added) return make_error("--bridge {}: {}", bridge.name, added.error().message);
  }
  for (const auto& spec : options_.ports) {
    auto added = handle_port_add(*this, spec, PortOrigin::kCommandLine);
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

PortPolicy Switch::port_policy() const {
  PortPolicy policy;
  policy.allowed_vdevs = options_.allowed_vdevs;
  policy.vhost_dirs.push_back(options_.vhost_dir);
  policy.vhost_dirs.insert(policy.vhost_dirs.end(), options_.allowed_vhost_dirs.begin(),
                           options_.allowed_vhost_dirs.end());
  return policy;
}

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

// ---- snapshots and queue placement -------------------------------------------------------

std::unique_ptr<Snapshot> Switch::build() const {
  DatapathModel model;
  model.generation = generation_;
  for (uint16_t i = 0; i < kMaxPorts; ++i) {
    const Port* port = ports_[i].get();
    if (port != nullptr && !port->deleting()) model.ports[i] = port->model();
  }
  model.bridges.resize(kMaxBridges);
  for (uint16_t b = 0; b < kMaxBridges; ++b) {
    if (bridges_[b]) model.bridges[b] = BridgeModel{true, bridges_[b]->fdb()->view()};
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

std::vector<RxqDemand> Switch::rxq_demands() const {
  std::vector<RxqDemand> demands;
  CounterSource source = counters();
  for (const auto& port : ports_) {
    if (!port || port->deleting()) continue;
    for (uint16_t q = 0; q < port->queues(); ++q) {
      RxqDemand demand;
      demand.rxq = RxqRef{port->index(), q};
      demand.numa = port->numa();
      demand.cycles =
          source.rxq_cycles(port->index(), q) - rxq_cycles_at_rebalance_[port->index()][q];
      demands.push_back(demand);
    }
  }
  return demands;
}

std::vector<PmdPlace> Switch::pmd_places() const {
  std::vector<PmdPlace> places;
  for (const auto& pmd : pmds_) places.push_back(PmdPlace{pmd->config().id, pmd->config().numa});
  return places;
}

void Switch::place_queues(bool rebalance) {
  assignment_ = place_rxqs(rxq_demands(), pmd_places(), assignment_, rebalance);
}

// A new port's queues start their load measurement from what their counter slots hold now.
void Switch::restart_rxq_cycles(const Port& port) {
  CounterSource source = counters();
  for (uint16_t q = 0; q < kMaxQueuesPerPort; ++q) {
    rxq_cycles_at_rebalance_[port.index()][q] = source.rxq_cycles(port.index(), q);
  }
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
        if (port && !port->deleting() && port->poll_link()) refresh = true;
      }
    }
    if (refresh) publish();
    publisher_->reclaim();
  }
}

// ---- lookups -------------------------------------------------------------------------------

Port* Switch::find_port(const std::string& name) {
  for (auto& port : ports_) {
    if (port && !port->deleting() && port->name() == name) return port.get();
  }
  return nullptr;
}

Bridge* Switch::find_bridge(const std::string& name) {
  for (auto& bridge : bridges_) {
    if (bridge && bridge->name() == name) return bridge.get();
  }
  return nullptr;
}

Result<Port*> Switch::port_or_error(const std::string& name) {
  if (Port* port = find_port(name)) return port;
  return api_error(api::ErrorCode::kNotFound,
                   fmt::format("port '{}' does not exist (see port.list)", name));
}

Result<Bridge*> Switch::bridge_or_error(const std::string& name) {
  if (Bridge* bridge = find_bridge(name)) return bridge;
  return api_error(api::ErrorCode::kNotFound,
                   fmt::format("bridge '{}' does not exist (see bridge.list)", name));
}

std::string Switch::attached_name(const Port& port) const {
  if (port.attachment() == Attachment::kBridge && bridges_[port.bridge()]) {
    return bridges_[port.bridge()]->name();
  }
  if (port.attachment() == Attachment::kXconnect && ports_[port.peer()]) {
    return ports_[port.peer()]->name();
  }
  return "";
}

api::PortInfo Switch::port_info(const Port& port) const {
  std::string attached = attached_name(port);
  return port.info(attached, attached);
}

}  // namespace nfv::dp
