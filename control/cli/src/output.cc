#include "nfv/cli/output.h"

#include <algorithm>

namespace nfv::cli {

void emit(Context& ctx, const json& value, const std::function<void(std::ostream&)>& render_text) {
  if (ctx.json) {
    *ctx.out << value.dump(2) << "\n";
  } else {
    render_text(*ctx.out);
  }
}

int fail(Context& ctx, const std::string& message, int exit_code) {
  if (ctx.json) {
    *ctx.out << json{{"error", message}}.dump(2) << "\n";
  } else {
    *ctx.err << "nfvctl: " << message << "\n";
  }
  return exit_code;
}

void Table::print(std::ostream& out) const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace nfv::cli
