// nfvctl mac list|add|del|flush: a bridge's MAC table.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "switch/command_groups.h"
#include "switch/request_command.h"

namespace nfv::nfvctl {
namespace {

using cli::Context;

// Entries per request when nfvctl pages through the whole table itself.
constexpr uint32_t kPageEntries = 1000;

void render_macs(std::ostream& out, const api::MacList& list, uint64_t offset) {
  cli::Table table({"BRIDGE", "VLAN", "MAC", "PORT", "TYPE", "AGE"});
  for (const auto& e : list.entries) {
    table.add({e.bridge, std::to_string(e.vlan), e.mac, e.port, e.is_static ? "static" : "learned",
               fmt::format("{:.0f}s", e.age_s)});
  }
  table.print(out);
  if (list.entries.empty() && list.total > 0) {
    out << fmt::format("(no entries from offset {}; {} in all)\n", offset, list.total);
  } else if (list.entries.size() < list.total) {
    out << fmt::format("(entries {}-{} of {}", offset + 1, offset + list.entries.size(),
                       list.total);
    if (list.next_offset) out << fmt::format("; --offset {} for the next page", *list.next_offset);
    out << ")\n";
  }
}

// Every matching entry, a page at a time (one reply stays under the switch's reply limit).
Result<api::MacList> fetch_all_macs(api::SwitchClient& client, api::MacListParams params) {
  params.offset = 0;
  params.limit = kPageEntries;
  api::MacList all;
  while (true) {
    auto page = client.call(api::kMacList, params);
    if (!page) return std::move(page).error();
    all.total = page->total;
    std::move(page->entries.begin(), page->entries.end(), std::back_inserter(all.entries));
    if (!page->next_offset) return all;
    if (*page->next_offset <= params.offset) {
      return make_error("the switch's next_offset {} does not move past offset {}",
                        *page->next_offset, params.offset);
    }
    params.offset = *page->next_offset;
  }
}

// With --offset or --limit: that page. Without: the whole table, fetched page by page.
int mac_list(Context& ctx, const std::vector<std::string>& args) {
  api::MacListParams p;
  int code = 0;
  if (!parse_request(ctx, args, api::kMacList, p, {}, code)) return code;
  if (p.offset != 0 || p.limit != 0) {
    return call_and_print<api::MacListParams, api::MacList>(
        ctx, api::kMacList, p,
        [&](std::ostream& out, const api::MacList& list) { render_macs(out, list, p.offset); });
  }
  auto client = connect_switch(ctx);
  if (!client) return cli::fail(ctx, client.error().message);
  auto all = fetch_all_macs(*client, p);
  if (!all) return cli::fail(ctx, "mac.list: " + all.error().message);
  cli::emit(ctx, api::to_wire(*all), [&](std::ostream& out) { render_macs(out, *all, 0); });
  return cli::kExitOk;
}

int mac_add(Context& ctx, const std::vector<std::string>& args) {
  api::MacAddParams p;
  return run_request(ctx, args, api::kMacAdd, p, {.positional = {"bridge", "mac", "port"}},
                     [](std::ostream& out, const api::MacEntry& e) {
                       out << fmt::format("{} vlan {} -> {} (static) in bridge {}\n", e.mac, e.vlan,
                                          e.port, e.bridge);
                     });
}

int mac_del(Context& ctx, const std::vector<std::string>& args) {
  api::MacDelParams p;
  return run_request(ctx, args, api::kMacDel, p, {.positional = {"bridge", "mac"}},
                     [&](std::ostream& out, const api::Empty&) {
                       out << p.mac << " removed from " << p.bridge << "\n";
                     });
}

int mac_flush(Context& ctx, const std::vector<std::string>& args) {
  api::MacFlushParams p;
  return run_request(
      ctx, args, api::kMacFlush, p, {},
      [](std::ostream& out, const api::CountResult& r) { out << r.count << " entries removed\n"; });
}

}  // namespace

void register_mac_commands(cli::Registry& registry) {
  registry.add({"mac list", "show MAC table entries", mac_list});
  registry.add({"mac add", "add a static MAC entry", mac_add});
  registry.add({"mac del", "remove a MAC entry", mac_del});
  registry.add({"mac flush", "remove learned MAC entries", mac_flush});
}

}  // namespace nfv::nfvctl
