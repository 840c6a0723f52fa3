// The stages of the fast path, in the order a burst goes through them, and the ways a frame
// can leave each one (its drop edges). A stage counts a drop only through one of its own
// edges (checked at compile time, see drop_edge() in src/iteration.h), so this table is the
// complete map of where each drop reason of api/drop_reasons.h can happen.
//
//   receive -> police -> classify [-> admit] -> lookup -> learn -> storm -> forward -> transmit
//                                                                                  (bridge)
//   receive -> police [-> admit] -> xconnect -> transmit                          (cross-connect)
// (admit runs only for ports with port security; police and storm only for ports with limits.)
//
// Adding a stage: one entry here, one function in src/stage_<name>.h, one line in the path
// that runs it (src/paths.h).
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "nfv/api/drop_reasons.h"

namespace nfv::dp {

using api::DropReason;

enum class Stage : uint8_t {
  kReceive,
  kPolice,
  kClassify,
  kAdmit,
  kLookup,
  kLearn,
  kStorm,
  kForward,
  kXconnect,
  kTransmit,
};

struct StageInfo {
  Stage stage;
  std::string_view name;
  std::string_view does;
  std::span<const DropReason> drops;
};

namespace stage_edges {
inline constexpr DropReason kReceive[] = {DropReason::kPortDownRx, DropReason::kNoDestination};
inline constexpr DropReason kPolice[] = {DropReason::kPoliced};
inline constexpr DropReason kStorm[] = {DropReason::kStormBroadcast, DropReason::kStormMulticast,
                                        DropReason::kStormUnknownUnicast};
inline constexpr DropReason kClassify[] = {DropReason::kMalformed, DropReason::kVlanNotAllowed,
                                           DropReason::kVlanEncapsulation};
inline constexpr DropReason kAdmit[] = {DropReason::kAntiSpoof};
inline constexpr std::span<const DropReason> kNone{};
inline constexpr DropReason kForward[] = {DropReason::kHairpin, DropReason::kNoDestination,
                                          DropReason::kVlanNotAllowed, DropReason::kMalformed,
                                          DropReason::kVlanEncapsulation};
inline constexpr DropReason kXconnect[] = {DropReason::kNoDestination};
inline constexpr DropReason kTransmit[] = {DropReason::kPortDownTx, DropReason::kMtuExceeded,
                                           DropReason::kOffloadUnfinished,
                                           DropReason::kTxQueueFull};
}  // namespace stage_edges

inline constexpr std::array<StageInfo, 10> kStages{{
    {Stage::kReceive, "receive", "a burst from one rx queue; rx counters; port admin state",
     stage_edges::kReceive},
    {Stage::kPolice, "police",
     "the port's ingress rate in frames and bits per second, shared by every PMD polling it",
     stage_edges::kPolice},
    {Stage::kClassify, "classify",
     "each frame's VLAN from the port's mode and the frame's tags; frames the port may not "
     "send are dropped",
     stage_edges::kClassify},
    {Stage::kAdmit, "admit",
     "port security: frames whose source MAC, addresses or router/DHCP-server role the port "
     "may not claim are dropped",
     stage_edges::kAdmit},
    {Stage::kLookup, "lookup", "source and destination MACs looked up in bulk, once per key",
     stage_edges::kNone},
    {Stage::kLearn, "learn", "new or moved source MACs sent to the MAC table's writer",
     stage_edges::kNone},
    {Stage::kStorm, "storm",
     "storm control: the broadcast, multicast and unknown-unicast frames the port may flood",
     stage_edges::kStorm},
    {Stage::kForward, "forward",
     "known destination: VLAN check and re-encapsulation for the output port; otherwise "
     "flood to the VLAN's other ports",
     stage_edges::kForward},
    {Stage::kXconnect, "xconnect", "every frame to the peer port", stage_edges::kXconnect},
    {Stage::kTransmit, "transmit",
     "frames the port cannot carry dropped; the rest sent in bursts, with the port's "
     "retries",
     stage_edges::kTransmit},
}};

constexpr const StageInfo& stage_info(Stage stage) { return kStages[static_cast<size_t>(stage)]; }

constexpr bool has_drop_edge(Stage stage, DropReason reason) {
  for (DropReason edge : stage_info(stage).drops) {
    if (edge == reason) return true;
  }
  return false;
}

}  // namespace nfv::dp
