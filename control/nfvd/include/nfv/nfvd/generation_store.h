// Generations on disk: every desired state nfvd applies gets a number, and its content is kept
// as <state-dir>/generations/<N>.json (schema-versioned, written atomically) so that
// `nfvctl rollback`, an expired confirmation and a restart after a crash can go back to it.
// Generation 0 is the state before any apply: the empty config.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "nfv/api/fields.h"
#include "nfv/common/result.h"

namespace nfv::nfvd {

inline constexpr int kGenerationSchemaVersion = 1;
// How many generations are kept on disk (older ones are removed after an apply).
inline constexpr size_t kGenerationsKept = 32;
// The desired state of generation 0: nothing.
inline constexpr const char* kEmptyConfigText = "{}\n";

struct GenerationRecord {
  uint64_t number = 0;
  std::string config_path;  // the file it came from ("" for text given without a name)
  std::string config_text;  // the desired state, as applied
  std::string applied_at;   // UTC, ISO 8601
  std::string origin;       // "apply", "rollback to 3", "confirm timeout: rollback to 3"
  uint64_t previous = 0;    // the generation it replaced: where a rollback goes
  bool operator==(const GenerationRecord&) const = default;
};

api::json to_json(const GenerationRecord& record);
// Errors name the file and field; a newer schema is refused with the fix.
Result<GenerationRecord> generation_from_json(const api::json& j, const std::string& origin);

std::string generations_dir(const std::string& state_dir);

Status save_generation(const std::string& state_dir, const GenerationRecord& record);
// Generation 0 is always there (the empty config); others from their file.
Result<GenerationRecord> load_generation(const std::string& state_dir, uint64_t number);
Status remove_generation(const std::string& state_dir, uint64_t number);
// The numbers kept on disk, ascending; files that are not a generation's are ignored.
std::vector<uint64_t> generation_numbers(const std::string& state_dir);
// Keeps the newest `kept` generations and every one in `pinned`; removes the others.
void prune_generations(const std::string& state_dir, const std::set<uint64_t>& pinned,
                       size_t kept = kGenerationsKept);

}  // namespace nfv::nfvd
