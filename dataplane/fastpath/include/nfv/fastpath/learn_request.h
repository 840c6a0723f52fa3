// What a PMD sends the MAC table's writer when it sees an unknown source MAC, or a known one
// on another port than its entry's (a move): one 16-byte element of the PMD's learn ring.
#pragma once

#include <cstdint>

namespace nfv::dp {

struct LearnRequest {
  uint64_t key;  // fdb_key(): VLAN and MAC
  uint16_t port;
  uint16_t bridge;
  uint32_t reserved;
};
static_assert(sizeof(LearnRequest) == 16);

}  // namespace nfv::dp
