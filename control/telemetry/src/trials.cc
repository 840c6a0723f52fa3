#include "nfv/telemetry/trials.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace nfv::telemetry {
namespace {

// A counter below its value at the start was cleared in between (stats.clear, a new switch):
// it counts from zero.
uint64_t since(uint64_t now, uint64_t before) { return now >= before ? now - before : now; }

bool valid_name(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

Result<std::string> Trials::start(std::string name, api::StatsResult counters) {
  if (name.empty()) {
    do {
      name = fmt::format("trial-{}", next_++);
    } while (open_.count(name) != 0);  // a caller may have chosen that name
  }
  if (name.size() > 128 || !valid_name(name)) {
    return make_error("trial name '{}': up to 128 letters, digits, '.', '_' or '-'",
                      name.substr(0, 128));
  }
  if (open_.count(name) != 0) {
    return make_error("trial {} is already open: stop it first, or choose another name", name);
  }
  if (open_.size() >= kMaxOpen) {
    return make_error("{} trials are open already: stop some (nfvd.trial.stop)", kMaxOpen);
  }
  open_.emplace(name, std::move(counters));
  return name;
}

Result<api::TrialResult> Trials::stop(const std::string& name, const api::StatsResult& counters) {
  auto it = open_.find(name);
  if (it == open_.end()) {
    std::string names;
    for (const auto& [open, unused] : open_) names += (names.empty() ? "" : ", ") + open;
    return make_error("no open trial named '{}' (open: {})", name, names.empty() ? "none" : names);
  }
  auto result = trial_counts(name, it->second, counters);
  open_.erase(it);
  return result;
}

api::TrialResult trial_counts(const std::string& name, const api::StatsResult& before,
                              const api::StatsResult& after) {
  api::TrialResult result;
  result.trial = name;
  result.elapsed_s = after.timestamp_s - before.timestamp_s;
  for (const auto& now : after.ports) {
    const api::PortStats* then = nullptr;
    for (const auto& p : before.ports) {
      if (p.name == now.name) then = &p;
    }
    if (then == nullptr) continue;
    api::TrialPort port;
    port.name = now.name;
    port.rx_packets = since(now.rx_packets, then->rx_packets);
    port.rx_bytes = since(now.rx_bytes, then->rx_bytes);
    port.tx_packets = since(now.tx_packets, then->tx_packets);
    port.tx_bytes = since(now.tx_bytes, then->tx_bytes);
    port.rx_dropped = since(now.rx_dropped, then->rx_dropped);
    port.tx_dropped = since(now.tx_dropped, then->tx_dropped);
    for (const auto& [reason, count] : now.drops) {
      auto was = then->drops.find(reason);
      uint64_t d = since(count, was == then->drops.end() ? 0 : was->second);
      if (d > 0) port.drops[reason] = d;
    }
    result.ports.push_back(std::move(port));
  }
  return result;
}

}  // namespace nfv::telemetry
