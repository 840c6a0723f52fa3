// How deep JSON text nests, found without parsing it: a recursive parser given 100000
// opening brackets runs out of stack, so the depth is checked first, in one linear pass.
#pragma once

#include <cstddef>
#include <string_view>

namespace nfv::rpc {

// The deepest nesting of arrays and objects in `text` ('[' and '{' inside strings do not
// count), or `limit + 1` as soon as the text goes deeper than `limit`. Any bytes are safe.
size_t json_nesting_depth(std::string_view text, size_t limit);

}  // namespace nfv::rpc
