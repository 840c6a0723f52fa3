// The keys of `nfvctl top`'s live view and what each does to the view: pure, so the tests type
// keys without a terminal.
#pragma once

#include <string>

#include "nfv/nfvctl/top_view.h"

namespace nfv::nfvctl {

struct TopKeyState {
  TopViewOptions view;
  bool paused = false;          // p: keep the sample shown
  bool show_help = false;       // h: the keys on the last line
  bool editing_filter = false;  // /: typing a filter
  std::string draft;            // the filter being typed
  bool quit = false;            // q
};

// Applies one key (a byte read from the terminal in raw mode).
void apply_key(TopKeyState& state, char key);

// The last line of the view: the filter being typed, the keys, or the pause.
std::string footer_line(const TopKeyState& state);

}  // namespace nfv::nfvctl
