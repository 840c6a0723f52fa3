#include "nfv/testing/switch_guests.h"

#include "nfv/testing/guests.h"
#include "nfv/testing/wait.h"

namespace nfv::testing {
namespace {

constexpr uint16_t kFirstIntroductionStream = 90;
constexpr MacAddress kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// One broadcast of `stream` from `from`, which `to` must receive.
Status introduce(TrafficPeer& from, TrafficPeer& to, uint16_t stream) {
  if (!from.mac()) return make_error("guest {} has no fixed MAC to introduce", from.name());
  proto::SendParams send;
  send.count = 1;
  send.frame = frames_between(*from.mac(), kBroadcast, stream);
  NFV_TRY(from.send(send));
  proto::WaitRxParams wait;
  wait.count = 1;
  wait.stream = stream;
  NFV_TRY(to.wait_rx(wait));
  return {};
}

}  // namespace

SwitchProcessOptions vhost_switch(const std::vector<std::string>& ports,
                                  const std::vector<std::string>& topology) {
  SwitchProcessOptions options;
  for (const std::string& port : ports) {
    // "a,queues=4" -> "a,type=vhost,queues=4"
    size_t comma = port.find(',');
    std::string spec = port.substr(0, comma) + ",type=vhost";
    if (comma != std::string::npos) spec += port.substr(comma);
    options.args.insert(options.args.end(), {"--port", spec});
  }
  options.args.insert(options.args.end(), topology.begin(), topology.end());
  return options;
}

Result<TrafficPeer> start_guest_on(const TestDir& dir, const SwitchProcess& sw,
                                   const std::string& port, const MacAddress& mac, uint16_t queues,
                                   uint16_t enable) {
  return start_guest(dir, port, guest_port(sw.socket_path(port), mac, queues, enable));
}

Status introduce_guests(SwitchProcess& sw,
                        std::initializer_list<std::reference_wrapper<TrafficPeer>> guests) {
  std::vector<std::reference_wrapper<TrafficPeer>> all(guests);
  if (all.size() < 2) return make_error("introduce_guests: a guest needs another to hear it");
  // Every other guest to the first, then the first to the second.
  TrafficPeer& first = all[0];
  uint16_t stream = kFirstIntroductionStream;
  for (size_t i = 1; i < all.size(); ++i) NFV_TRY(introduce(all[i], first, stream++));
  NFV_TRY(introduce(first, all[1], stream));
  uint64_t learned = 0;
  bool all_learned = poll_until(
      [&] {
        auto macs = sw.client().call(api::kMacList, api::MacListParams{});
        if (macs) learned = macs->total;
        return macs && learned >= all.size();
      },
      std::chrono::seconds(5));
  if (!all_learned) {
    return make_error("the switch learned {} MACs in 5 s, not the {} of the guests", learned,
                      all.size());
  }
  return {};
}

}  // namespace nfv::testing
