// One source for every command's output: build the JSON value; print it with --json,
// otherwise render a table or tree from that same value.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "nfv/cli/command.h"

namespace nfv::cli {

using json = nlohmann::ordered_json;

void emit(Context& ctx, const json& value, const std::function<void(std::ostream&)>& render_text);

// Prints "nfvctl: <message>" on stderr (or {"error": message} on stdout with --json).
int fail(Context& ctx, const std::string& message, int exit_code = kExitError);

// Columns aligned to their widest cell; a header row first.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace nfv::cli
