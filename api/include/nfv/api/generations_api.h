// Generations: every desired state nfvd applies is numbered and kept in its state directory.
// An apply may wait for confirmation (`nfvctl apply --confirm-timeout N`): unless `nfvd.commit`
// arrives before the deadline, nfvd returns to the generation before it by itself.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/api/method.h"

namespace nfv::api {

// An apply that waits for `nfvd.commit`; generation 0: none waits.
struct NfvdPendingConfirm {
  uint64_t generation = 0;   // the generation applied on trial
  uint64_t rollback_to = 0;  // the one restored at the deadline (0: the empty desired state)
  std::string deadline;      // UTC, ISO 8601
  int64_t seconds_left = 0;
  static constexpr auto fields() {
    return std::tuple{
        required("generation", &NfvdPendingConfirm::generation, "0: no apply waits"),
        required("rollback_to", &NfvdPendingConfirm::rollback_to, "restored at the deadline"),
        required("deadline", &NfvdPendingConfirm::deadline, "UTC"),
        required("seconds_left", &NfvdPendingConfirm::seconds_left)};
  }
};

// Desired: the generation nfvd wants on the host. Observed: the last one it applied to the end
// (behind the desired one only while an apply runs or after one was interrupted).
struct NfvdGenerationStatus {
  uint64_t desired = 0;
  uint64_t observed = 0;
  NfvdPendingConfirm confirm;
  // What the last start found and did: "" (a clean start), "finished the apply of generation 4
  // that was interrupted", "rolled back ... to generation 3".
  std::string recovery;
  static constexpr auto fields() {
    return std::tuple{
        required("desired", &NfvdGenerationStatus::desired, "the generation nfvd wants"),
        required("observed", &NfvdGenerationStatus::observed, "the last applied to the end"),
        required("confirm", &NfvdGenerationStatus::confirm, "an apply waiting for commit"),
        required("recovery", &NfvdGenerationStatus::recovery, "what the last start recovered")};
  }
};

struct NfvdGeneration {
  uint64_t generation = 0;
  std::string applied_at;   // UTC
  std::string origin;       // "apply", "rollback to 3", "confirm timeout: rollback to 3"
  std::string config_path;  // the file it came from ("" for text without a name)
  uint64_t previous = 0;    // the generation it replaced (where nfvctl rollback goes)
  bool current = false;
  static constexpr auto fields() {
    return std::tuple{required("generation", &NfvdGeneration::generation),
                      required("applied_at", &NfvdGeneration::applied_at, "UTC"),
                      required("origin", &NfvdGeneration::origin, "apply | rollback to N | ..."),
                      required("config_path", &NfvdGeneration::config_path),
                      required("previous", &NfvdGeneration::previous, "what rollback restores"),
                      required("current", &NfvdGeneration::current, "the desired one")};
  }
};

struct NfvdGenerationList {
  std::vector<NfvdGeneration> generations;  // newest first
  static constexpr auto fields() {
    return std::tuple{required("generations", &NfvdGenerationList::generations, "newest first")};
  }
};

struct NfvdCommitResult {
  uint64_t generation = 0;  // the generation now confirmed
  static constexpr auto fields() {
    return std::tuple{required("generation", &NfvdCommitResult::generation)};
  }
};

}  // namespace nfv::api
