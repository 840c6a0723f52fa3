#include "nfv/host/kernel_cmdline.h"

#include <algorithm>
#include <cctype>

#include "nfv/common/strings.h"
#include "nfv/host/cpulist.h"

namespace nfv::host {
namespace {

// "8" or "0:8,1:0": true when any count is above zero.
bool reserves_pages(std::string_view count) {
  for (const std::string& part : split(count, ',')) {
    std::string_view pages = part;
    if (auto colon = pages.find(':'); colon != std::string_view::npos) {
      pages = pages.substr(colon + 1);
    }
    auto n = parse_uint(trim(pages), "hugepages");
    if (n && *n > 0) return true;
  }
  return false;
}

bool is_cpulist_part(std::string_view part) {
  return !part.empty() && std::isdigit(static_cast<unsigned char>(part.front()));
}

}  // namespace

bool KernelCmdline::has(std::string_view key) const {
  return std::any_of(params.begin(), params.end(),
                     [&](const KernelParam& param) { return param.key == key; });
}

std::optional<std::string> KernelCmdline::value(std::string_view key) const {
  std::optional<std::string> found;
  for (const KernelParam& param : params) {
    if (param.key == key) found = param.value;
  }
  return found;
}

KernelCmdline parse_kernel_cmdline(std::string_view text) {
  KernelCmdline cmdline;
  size_t at = 0;
  while (at < text.size()) {
    size_t start = text.find_first_not_of(" \t\n", at);
    if (start == std::string_view::npos) break;
    size_t end = std::min(text.find_first_of(" \t\n", start), text.size());
    std::string_view word = text.substr(start, end - start);
    at = end;
    if (word == "--") break;
    size_t equals = word.find('=');
    if (equals == std::string_view::npos) {
      cmdline.params.push_back({std::string(word), ""});
    } else {
      cmdline.params.push_back(
          {std::string(word.substr(0, equals)), std::string(word.substr(equals + 1))});
    }
  }
  return cmdline;
}

std::optional<uint64_t> parse_kernel_size(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t scale = 1;
  switch (std::tolower(static_cast<unsigned char>(text.back()))) {
    case 'k':
      scale = 1ULL << 10;
      break;
    case 'm':
      scale = 1ULL << 20;
      break;
    case 'g':
      scale = 1ULL << 30;
      break;
    default:
      break;
  }
  if (scale != 1) text.remove_suffix(1);
  auto number = parse_uint(text, "size", 1, UINT64_MAX / scale);
  if (!number) return std::nullopt;
  return *number * scale;
}

std::vector<uint64_t> boot_hugepage_sizes(const KernelCmdline& cmdline,
                                          uint64_t default_page_size) {
  uint64_t fallback = default_page_size;
  if (auto given = cmdline.value("default_hugepagesz")) {
    fallback = parse_kernel_size(*given).value_or(default_page_size);
  }
  std::optional<uint64_t> current;
  std::vector<uint64_t> sizes;
  for (const KernelParam& param : cmdline.params) {
    if (param.key == "hugepagesz") current = parse_kernel_size(param.value);
    if (param.key == "hugepages" && reserves_pages(param.value)) {
      sizes.push_back(current.value_or(fallback));
    }
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

Result<std::vector<uint32_t>> isolcpus_of(const KernelCmdline& cmdline) {
  auto value = cmdline.value("isolcpus");
  if (!value) return std::vector<uint32_t>();
  std::vector<std::string> cpu_parts;
  for (const std::string& part : split(*value, ',')) {
    if (is_cpulist_part(part)) cpu_parts.push_back(part);
  }
  return parse_cpulist(join(cpu_parts, ","), "isolcpus");
}

}  // namespace nfv::host
