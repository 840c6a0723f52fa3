#include "nfv/reconcile/step.h"

#include <fmt/format.h>

namespace nfv::reconcile {

std::string_view action_name(Action action) {
  switch (action) {
    case Action::kCreate:
      return "create";
    case Action::kChange:
      return "change";
    case Action::kDelete:
      return "delete";
  }
  return "?";
}

std::string_view kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kBridge:
      return "bridge";
    case ObjectKind::kPort:
      return "port";
    case ObjectKind::kMac:
      return "mac";
    case ObjectKind::kVfs:
      return "vfs";
    case ObjectKind::kVf:
      return "vf";
    case ObjectKind::kGuest:
      return "guest";
  }
  return "?";
}

std::string step_label(const Step& step) {
  return fmt::format("{} {} ({})", kind_name(step.kind), step.name, action_name(step.action));
}

}  // namespace nfv::reconcile
