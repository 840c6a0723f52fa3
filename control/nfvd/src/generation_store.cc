#include "nfv/nfvd/generation_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "nfv/nfvd/atomic_file.h"

namespace nfv::nfvd {
namespace {

using api::json;

std::string generation_path(const std::string& state_dir, uint64_t number) {
  return generations_dir(state_dir) + "/" + std::to_string(number) + ".json";
}

Status read_text(const json& j, const char* key, const std::string& origin, std::string& out) {
  if (!j.contains(key)) return make_error("{}: {}: missing", origin, key);
  if (!j[key].is_string()) return make_error("{}: {}: expected a string", origin, key);
  out = j[key].get<std::string>();
  return {};
}

Status read_number(const json& j, const char* key, const std::string& origin, uint64_t& out) {
  if (!j.contains(key)) return make_error("{}: {}: missing", origin, key);
  if (!j[key].is_number_unsigned()) return make_error("{}: {}: expected a number", origin, key);
  out = j[key].get<uint64_t>();
  return {};
}

}  // namespace

json to_json(const GenerationRecord& record) {
  return {{"schema_version", kGenerationSchemaVersion},
          {"generation", record.number},
          {"config_path", record.config_path},
          {"config_text", record.config_text},
          {"applied_at", record.applied_at},
          {"origin", record.origin},
          {"previous", record.previous}};
}

Result<GenerationRecord> generation_from_json(const json& j, const std::string& origin) {
  if (!j.is_object()) return make_error("{}: expected an object", origin);
  uint64_t schema = 0;
  NFV_TRY(read_number(j, "schema_version", origin, schema));
  if (schema > kGenerationSchemaVersion) {
    return make_error(
        "{}: schema_version {} is newer than this nfvd reads ({}): run the nfvd that "
        "wrote it, or move the state directory away",
        origin, schema, kGenerationSchemaVersion);
  }
  GenerationRecord record;
  NFV_TRY(read_number(j, "generation", origin, record.number));
  NFV_TRY(read_text(j, "config_path", origin, record.config_path));
  NFV_TRY(read_text(j, "config_text", origin, record.config_text));
  NFV_TRY(read_text(j, "applied_at", origin, record.applied_at));
  NFV_TRY(read_text(j, "origin", origin, record.origin));
  NFV_TRY(read_number(j, "previous", origin, record.previous));
  return record;
}

std::string generations_dir(const std::string& state_dir) { return state_dir + "/generations"; }

Status save_generation(const std::string& state_dir, const GenerationRecord& record) {
  std::error_code ec;
  std::filesystem::create_directories(generations_dir(state_dir), ec);
  if (ec) return make_error("cannot create {}: {}", generations_dir(state_dir), ec.message());
  ::chmod(generations_dir(state_dir).c_str(), 0700);
  return write_file_atomically(generation_path(state_dir, record.number),
                               to_json(record).dump(2) + "\n");
}

Result<GenerationRecord> load_generation(const std::string& state_dir, uint64_t number) {
  if (number == 0) return GenerationRecord{0, "", kEmptyConfigText, "", "the empty config", 0};
  std::string path = generation_path(state_dir, number);
  if (!std::filesystem::exists(path)) {
    return make_error("generation {} is not kept any more ({} is missing)", number, path);
  }
  auto text = read_whole_file(path);
  if (!text) return std::move(text).error();
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) return make_error("{} is not valid JSON", path);
  auto record = generation_from_json(j, path);
  if (!record) return std::move(record).error();
  if (record->number != number) {
    return make_error("{}: holds generation {}, not {}", path, record->number, number);
  }
  return record;
}

Status remove_generation(const std::string& state_dir, uint64_t number) {
  std::error_code ec;
  std::filesystem::remove(generation_path(state_dir, number), ec);
  if (ec) return make_error("cannot remove generation {}: {}", number, ec.message());
  return {};
}

std::vector<uint64_t> generation_numbers(const std::string& state_dir) {
  std::vector<uint64_t> numbers;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(generations_dir(state_dir), ec)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".json")) continue;
    uint64_t number = 0;
    const char* end = name.data() + name.size() - 5;
    auto [rest, error] = std::from_chars(name.data(), end, number);
    if (error == std::errc() && rest == end && number > 0) numbers.push_back(number);
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

void prune_generations(const std::string& state_dir, const std::set<uint64_t>& pinned,
                       size_t kept) {
  std::vector<uint64_t> numbers = generation_numbers(state_dir);
  if (numbers.size() <= kept) return;
  for (size_t i = 0; i + kept < numbers.size(); ++i) {
    if (pinned.count(numbers[i]) == 0) (void)remove_generation(state_dir, numbers[i]);
  }
}

}  // namespace nfv::nfvd
