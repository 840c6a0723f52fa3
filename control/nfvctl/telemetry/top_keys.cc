#include "nfv/nfvctl/top_keys.h"

namespace nfv::nfvctl {
namespace {

constexpr char kEscape = 0x1b;
constexpr char kBackspace = 0x7f;
constexpr char kCtrlH = 0x08;

void edit_filter(TopKeyState& state, char key) {
  if (key == '\r' || key == '\n') {
    state.view.filter = state.draft;
    state.editing_filter = false;
  } else if (key == kEscape) {
    state.view.filter.clear();
    state.draft.clear();
    state.editing_filter = false;
  } else if (key == kBackspace || key == kCtrlH) {
    if (!state.draft.empty()) state.draft.pop_back();
  } else if (static_cast<unsigned char>(key) >= 0x20) {
    state.draft += key;
  }
}

}  // namespace

void apply_key(TopKeyState& state, char key) {
  if (state.editing_filter) return edit_filter(state, key);
  switch (key) {
    case 'q':
      state.quit = true;
      break;
    case 'l':
      state.view.sort = TopSort::kLoss;
      break;
    case 'r':
      state.view.sort = TopSort::kRx;
      break;
    case 't':
      state.view.sort = TopSort::kTx;
      break;
    case 'n':
      state.view.sort = TopSort::kName;
      break;
    case 'p':
      state.paused = !state.paused;
      break;
    case 'h':
      state.show_help = !state.show_help;
      break;
    case '/':
      state.editing_filter = true;
      state.draft = state.view.filter;
      break;
    case kEscape:
      state.view.filter.clear();
      break;
    default:
      break;  // an unknown key, or the rest of an escape sequence (arrows)
  }
}

std::string footer_line(const TopKeyState& state) {
  if (state.editing_filter) return "filter: " + state.draft + "_   (Enter applies, Esc clears)";
  std::string line = state.show_help
                         ? "q quit  l/r/t/n sort by loss/rx/tx/name  / filter  p pause  h hide keys"
                         : "h keys";
  if (state.paused) line += "   PAUSED (p resumes)";
  return line;
}

}  // namespace nfv::nfvctl
