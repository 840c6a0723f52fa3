#include <fmt/format.h>

#include "nfv/cli/output.h"
#include "nfvd/views.h"

namespace nfv::nfvctl {

void render_generation_status(std::ostream& out, const api::NfvdGenerationStatus& g) {
  std::string observed =
      g.observed == g.desired
          ? std::to_string(g.observed)
          : fmt::format("{} (the apply of {} is not finished)", g.observed, g.desired);
  out << fmt::format("generation:   desired {}, observed {}\n", g.desired, observed);
  if (g.confirm.generation != 0) {
    out << fmt::format(
        "confirm:      generation {} rolls back to {} at {} ({} s left) unless nfvctl commit\n",
        g.confirm.generation, g.confirm.rollback_to, g.confirm.deadline, g.confirm.seconds_left);
  }
  if (!g.recovery.empty()) out << fmt::format("recovered:    {}\n", g.recovery);
}

void render_generations(std::ostream& out, const api::NfvdGenerationList& list) {
  if (list.generations.empty()) {
    out << "no generation yet (nfvctl apply FILE makes the first)\n";
    return;
  }
  cli::Table table({"GENERATION", "APPLIED", "ORIGIN", "PREVIOUS", "CONFIG"});
  for (const api::NfvdGeneration& g : list.generations) {
    table.add({std::to_string(g.generation) + (g.current ? " *" : ""), g.applied_at, g.origin,
               std::to_string(g.previous), g.config_path.empty() ? "-" : g.config_path});
  }
  table.print(out);
  out << "* the desired generation; nfvctl rollback applies its PREVIOUS again\n";
}

}  // namespace nfv::nfvctl
