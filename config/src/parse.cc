// YAML -> ApplianceConfig. Each section is read on its own (parse_*.cc), every value checked
// where it is written; then validate_config checks the objects against each other, so a
// config is refused as a whole before nfvd touches anything.
#include "nfv/config/parse.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "nfv/common/strings.h"
#include "nfv/config/validate.h"
#include "parse_common.h"

namespace nfv::config {
namespace detail {

Status check_name(const YamlCursor& at, const std::string& name) {
  bool plain = !name.empty() && name.size() <= kMaxNameLength &&
               std::isalpha(static_cast<unsigned char>(name[0]));
  for (char c : name) {
    plain =
        plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  }
  if (!plain) {
    return at.error(fmt::format(
        "'{}' is not a valid name (a letter, then letters, digits, '-', '_' or '.'; at most {})",
        name, kMaxNameLength));
  }
  return ok_status();
}

Result<std::string> read_name(const YamlCursor& entry, std::string_view what) {
  YamlCursor at = entry.child("name");
  if (!at.present()) return at.error("missing (every " + std::string(what) + " needs a name)");
  auto name = at.string();
  if (!name) return name;
  NFV_TRY(check_name(at, *name));
  return name;
}

}  // namespace detail

namespace {

using detail::read_optional;
using detail::whole_number;
using detail::YamlCursor;

Result<uint64_t> read_page_size(const YamlCursor& at) {
  return at.choice<uint64_t>({{"2M", kPageSize2M}, {"1G", kPageSize1G}});
}

Result<std::vector<uint32_t>> read_cpu_list(const YamlCursor& at) {
  auto text = at.string();
  if (!text) return std::move(text).error();
  auto cpus = parse_id_list(*text, "CPU list", detail::kMaxCpuId);
  if (!cpus) return at.error(cpus.error().message + " (write CPUs like \"2,3\" or \"2-5,8\")");
  return cpus;
}

Status parse_host(const YamlCursor& at, HostConfig& host) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_map({"housekeeping_cpus", "reserved_memory_mb", "reserved_devices"}));
  NFV_TRY(read_optional(at.child("housekeeping_cpus"), host.housekeeping_cpus, read_cpu_list));
  NFV_TRY(read_optional(at.child("reserved_memory_mb"), host.reserved_memory_mb,
                        whole_number(0, detail::kMaxMemoryMb)));
  auto devices = at.child("reserved_devices").strings();
  if (!devices) return std::move(devices).error();
  host.reserved_devices = std::move(*devices);
  return ok_status();
}

Result<std::string> read_directory(const YamlCursor& at) {
  auto path = at.string();
  if (!path) return path;
  if (path->empty() || path->front() != '/') {
    return at.error(fmt::format("'{}' is not an absolute path", *path));
  }
  return path;
}

// The EAL options nfvd derives from other keys: giving them twice would contradict those.
constexpr std::pair<std::string_view, std::string_view> kManagedEalArgs[] = {
    {"--file-prefix", "switch.file_prefix"},
    {"--no-huge", "switch.no_huge"},
    {"-m", "switch.memory_mb"},
    {"--socket-mem", "switch.memory_mb"},
    {"-l", "switch.pmd_cpus"},
    {"--lcores", "switch.pmd_cpus"},
    {"--main-lcore", "switch.pmd_cpus"},
    {"-c", "switch.pmd_cpus"}};

Result<std::vector<std::string>> read_eal_args(const YamlCursor& at) {
  auto words = at.strings();
  if (!words) return words;
  for (size_t i = 0; i < words->size(); ++i) {
    const std::string& word = (*words)[i];
    if (word.empty() || word.find_first_of(" \t\n") != std::string::npos) {
      return at.item(i).error(
          fmt::format("'{}' is not one word: write each EAL argument as its own list entry", word));
    }
    std::string_view option = std::string_view(word).substr(0, word.find('='));
    for (const auto& [managed, key] : kManagedEalArgs) {
      if (option == managed) {
        return at.item(i).error(
            fmt::format("{} is set by nfvd from {}: set that key instead", managed, key));
      }
    }
  }
  return words;
}

Result<std::string> read_file_prefix(const YamlCursor& at) {
  auto prefix = at.string();
  if (!prefix) return prefix;
  NFV_TRY(detail::check_name(at, *prefix));
  return prefix;
}

// How nfvd starts the switch process.
Status parse_switch_process(const YamlCursor& at, SwitchConfig& sw) {
  NFV_TRY(read_optional(at.child("file_prefix"), sw.file_prefix, read_file_prefix));
  NFV_TRY(read_optional(at.child("no_huge"), sw.no_huge, detail::yes_no()));
  NFV_TRY(read_optional(at.child("mbufs"), sw.mbufs, whole_number(0, 16777216)));
  return read_optional(at.child("eal_args"), sw.eal_args, read_eal_args);
}

Status parse_switch(const YamlCursor& at, SwitchConfig& sw) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_map({"pmd_cores", "pmd_cpus", "memory_mb", "hugepage_size", "vhost_mode",
                         "vhost_dir", "file_prefix", "no_huge", "mbufs", "eal_args"}));
  sw.enabled = true;
  NFV_TRY(parse_switch_process(at, sw));
  YamlCursor cores = at.child("pmd_cores");
  YamlCursor cpus = at.child("pmd_cpus");
  if (cores.present() && cpus.present()) {
    return cpus.error("give either pmd_cores (a count, auto-placed) or pmd_cpus (a CPU list)");
  }
  NFV_TRY(read_optional(cores, sw.pmd_cores, whole_number(0, detail::kMaxCpuId + 1)));
  NFV_TRY(read_optional(cpus, sw.pmd_cpus, read_cpu_list));
  if (!sw.pmd_cpus.empty()) sw.pmd_cores = static_cast<uint32_t>(sw.pmd_cpus.size());
  NFV_TRY(read_optional(
      at.child("vhost_mode"), sw.vhost_mode,
      detail::one_of<VhostMode>({{"client", VhostMode::kClient}, {"server", VhostMode::kServer}})));
  NFV_TRY(read_optional(at.child("vhost_dir"), sw.vhost_dir, read_directory));
  return detail::parse_hugepage_memory(at, sw.memory_mb, sw.hugepage_size);
}

Status parse_policy(const YamlCursor& at, PolicyConfig& policy) {
  if (!at.present()) return ok_status();
  NFV_TRY(at.expect_map({"smt", "cross_numa", "emulator_threads", "assumed_vfs_per_pf"}));
  NFV_TRY(read_optional(
      at.child("smt"), policy.smt,
      detail::one_of<SmtPolicy>({{"isolate", SmtPolicy::kIsolate}, {"share", SmtPolicy::kShare}})));
  NFV_TRY(read_optional(at.child("cross_numa"), policy.cross_numa,
                        detail::one_of<CrossNumaPolicy>({{"warn", CrossNumaPolicy::kWarn},
                                                         {"forbid", CrossNumaPolicy::kForbid}})));
  NFV_TRY(read_optional(
      at.child("emulator_threads"), policy.emulator_threads,
      detail::one_of<EmulatorThreads>({{"housekeeping", EmulatorThreads::kHousekeeping},
                                       {"dedicated", EmulatorThreads::kDedicated}})));
  return read_optional(at.child("assumed_vfs_per_pf"), policy.assumed_vfs_per_pf,
                       whole_number(0, 4096));
}

Status parse_sections(const YamlCursor& top, ApplianceConfig& config) {
  NFV_TRY(top.expect_map(
      {"host", "switch", "ports", "bridges", "xconnects", "guests", "sriov", "policy"}));
  NFV_TRY(parse_host(top.child("host"), config.host));
  NFV_TRY(parse_switch(top.child("switch"), config.switch_config));
  NFV_TRY(detail::parse_ports(top.child("ports"), config.ports));
  NFV_TRY(detail::parse_bridges(top.child("bridges"), config.bridges));
  NFV_TRY(detail::parse_xconnects(top.child("xconnects"), config.xconnects));
  NFV_TRY(detail::parse_guests(top.child("guests"), config.guests));
  NFV_TRY(detail::parse_sriov(top.child("sriov"), config.sriov));
  return parse_policy(top.child("policy"), config.policy);
}

}  // namespace

namespace detail {

// memory_mb and hugepage_size, shared by the switch and guests: a whole number of pages.
Status parse_hugepage_memory(const YamlCursor& at, uint64_t& memory_mb, uint64_t& page_size) {
  NFV_TRY(read_optional(at.child("hugepage_size"), page_size, read_page_size));
  YamlCursor memory = at.child("memory_mb");
  NFV_TRY(read_optional(memory, memory_mb, whole_number(64, kMaxMemoryMb)));
  if ((memory_mb << 20) % page_size != 0) {
    return memory.error(fmt::format("{} MB is not a whole number of {} hugepages", memory_mb,
                                    page_size_name(page_size)));
  }
  return ok_status();
}

}  // namespace detail

Result<ApplianceConfig> parse_config(std::string_view yaml, std::string_view origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return make_error("{}:{}:{}: {} (not valid YAML)", origin, e.mark.line + 1, e.mark.column + 1,
                      e.msg);
  }
  ApplianceConfig config;
  config.origin = std::string(origin);
  YamlCursor top(config.origin, root, &config.marks);
  if (!top.present()) return make_error("{}: empty config (see config/SCHEMA.md)", origin);
  NFV_TRY(parse_sections(top, config));
  NFV_TRY(validate_config(config));
  return config;
}

Result<ApplianceConfig> load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("config {}: cannot open ({})", path, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace nfv::config
