// Generations, the confirmation window and recovery at start: the parts of Service that decide
// which generation an apply makes and what happens when nfvd died in the middle of one.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "method_errors.h"
#include "nfv/common/log.h"
#include "nfv/nfvd/generation_store.h"
#include "nfv/nfvd/service.h"

namespace nfv::nfvd {
namespace {

// A rollback at the deadline that fails (the switch restarting, say) is tried again.
constexpr auto kConfirmRetry = std::chrono::seconds(5);

int64_t wall_now() { return static_cast<int64_t>(std::time(nullptr)); }

std::chrono::steady_clock::time_point steady_at(int64_t wall_seconds) {
  int64_t left = std::clamp<int64_t>(wall_seconds - wall_now(), 0, kMaxTrialS);
  return std::chrono::steady_clock::now() + std::chrono::seconds(left);
}

}  // namespace

Status Service::adopt_ungenerated_state() {
  if (persistent_.generation > 0 || !persistent_.has_config()) return {};
  GenerationRecord first{1,
                         persistent_.config_path,
                         persistent_.config_text,
                         persistent_.applied_at,
                         "apply (before generations were kept)",
                         0};
  NFV_TRY(save_generation(options_.state_dir, first));
  PersistentState next = persistent_;
  next.generation = 1;
  next.applied_generation = 1;
  NFV_TRY(save_state(options_.state_dir, next));
  persistent_ = std::move(next);
  log::info("the config last applied ({}) is generation 1", persistent_.config_path);
  return {};
}

uint64_t Service::next_generation() const {
  uint64_t highest = persistent_.generation;
  if (persistent_.journal) highest = std::max(highest, persistent_.journal->target);
  std::vector<uint64_t> kept = generation_numbers(options_.state_dir);
  if (!kept.empty()) highest = std::max(highest, kept.back());
  return highest + 1;
}

// The journal goes first: a crash before the target's file is written finds a journal whose
// target cannot be read and rolls back, rather than leaving a file that looks applied.
Status Service::begin_apply(const api::NfvdConfigParams& params, const std::string& text,
                            const std::vector<reconcile::Step>& steps, const ApplyTarget& target) {
  PersistentState journal = persistent_;
  journal.journal =
      ApplyJournal{target.number, persistent_.generation, utc_now(), target.confirm_timeout_s};
  journal.owned = owned_union(persistent_.owned, created_by(steps));
  NFV_TRY(save_state(options_.state_dir, journal));
  // The target of an interrupted apply that this one supersedes never became a generation.
  if (const auto& stale = persistent_.journal;
      stale && stale->target != target.number && stale->target != persistent_.generation) {
    (void)remove_generation(options_.state_dir, stale->target);
  }
  if (target.fresh) {
    GenerationRecord record{target.number, params.config_path, text,
                            utc_now(),     target.origin,      target.previous};
    if (auto saved = save_generation(options_.state_dir, record); !saved) {
      (void)save_state(options_.state_dir, persistent_);
      return saved;
    }
  }
  persistent_ = std::move(journal);
  return {};
}

// A failed apply was rolled back: the state goes back to what it was before (a journal found
// at start stays for the next start when its recovery fails), except that objects an
// incomplete rollback left behind stay nfvd's, so that the next apply removes them.
Status Service::record_failure(const PersistentState& before, const ApplyTarget& target,
                               const reconcile::ApplyReport& report, std::string& message) {
  PersistentState next = before;
  next.applied_at = utc_now();
  next.last_result = message;
  if (report.failure && !report.failure->rollback_complete) {
    next.owned = persistent_.owned;
    message += "; the objects it left stay nfvd's";
  }
  bool recorded_before = before.journal && before.journal->target == target.number;
  if (target.fresh && !recorded_before) (void)remove_generation(options_.state_dir, target.number);
  if (auto saved = save_state(options_.state_dir, next); !saved) {
    return failed("the state was not saved: " + saved.error().message);
  }
  persistent_ = std::move(next);
  if (after_apply_) after_apply_();
  return {};
}

Result<api::NfvdCommitResult> Service::commit() {
  if (!persistent_.pending) {
    return invalid_params(
        "no apply waits for confirmation (nfvctl apply --confirm-timeout SECONDS FILE starts "
        "one)");
  }
  PersistentState next = persistent_;
  uint64_t generation = next.pending->generation;
  next.pending.reset();
  if (auto saved = save_state(options_.state_dir, next); !saved) {
    return failed("generation " + std::to_string(generation) +
                  " is not confirmed: the state was not saved: " + saved.error().message);
  }
  persistent_ = std::move(next);
  log::info("generation {} confirmed", generation);
  return api::NfvdCommitResult{generation};
}

Result<api::NfvdApplyResult> Service::restore_generation(uint64_t number,
                                                         const std::string& origin) {
  auto record = load_generation(options_.state_dir, number);
  if (!record) return failed("cannot roll back: " + record.error().message);
  api::NfvdConfigParams params{record->config_text, record->config_path, 0};
  ApplyTarget target{next_generation(), true, origin, persistent_.generation, 0};
  log::info("{}: applying the config of generation {} as generation {}", origin, number,
            target.number);
  return apply_as(params, target);
}

Result<api::NfvdApplyResult> Service::rollback() {
  if (persistent_.pending) {
    uint64_t to = persistent_.pending->rollback_to;
    return restore_generation(to, "rollback to " + std::to_string(to));
  }
  if (persistent_.generation == 0) {
    return invalid_params("nothing to roll back: no generation was applied yet");
  }
  auto current = load_generation(options_.state_dir, persistent_.generation);
  if (!current) return failed("cannot roll back: " + current.error().message);
  uint64_t to = current->previous;
  if (to == 0) {
    return invalid_params(fmt::format(
        "generation {} replaced nothing: rolling back would remove everything nfvd manages; to "
        "do that on purpose, apply an empty config ({{}})",
        persistent_.generation));
  }
  return restore_generation(to, "rollback to " + std::to_string(to));
}

Result<api::NfvdGenerationList> Service::generations() const {
  api::NfvdGenerationList list;
  std::vector<uint64_t> numbers = generation_numbers(options_.state_dir);
  for (auto it = numbers.rbegin(); it != numbers.rend(); ++it) {
    auto record = load_generation(options_.state_dir, *it);
    if (!record) {
      list.generations.push_back(
          {*it, "", "unreadable: " + record.error().message, "", 0, *it == persistent_.generation});
      continue;
    }
    list.generations.push_back({record->number, record->applied_at, record->origin,
                                record->config_path, record->previous,
                                record->number == persistent_.generation});
  }
  return list;
}

api::NfvdGenerationStatus Service::generation_status() const {
  api::NfvdGenerationStatus status;
  status.desired = persistent_.journal ? persistent_.journal->target : persistent_.generation;
  status.observed = persistent_.applied_generation;
  if (persistent_.pending) {
    const PendingConfirm& pending = *persistent_.pending;
    status.confirm = {pending.generation, pending.rollback_to, utc_text(pending.deadline_s),
                      std::max<int64_t>(0, pending.deadline_s - wall_now())};
  }
  status.recovery = recovery_;
  return status;
}

void Service::schedule_confirm_deadline() {
  if (!persistent_.pending || !scheduler_) return;
  uint64_t generation = persistent_.pending->generation;
  scheduler_(steady_at(persistent_.pending->deadline_s),
             [this, generation] { on_confirm_deadline(generation); });
}

void Service::on_confirm_deadline(uint64_t generation) {
  // Committed, rolled back or replaced since: nothing to do.
  if (!persistent_.pending || persistent_.pending->generation != generation) return;
  if (wall_now() < persistent_.pending->deadline_s) return schedule_confirm_deadline();
  uint64_t to = persistent_.pending->rollback_to;
  log::warning("generation {} was not confirmed by {}: rolling back to generation {}", generation,
               utc_text(persistent_.pending->deadline_s), to);
  auto restored = restore_generation(to, "confirm timeout: rollback to " + std::to_string(to));
  if (restored) return;
  log::error("the rollback of unconfirmed generation {} failed: {}; trying again in {} s",
             generation, restored.error().message, kConfirmRetry.count());
  if (scheduler_) {
    scheduler_(std::chrono::steady_clock::now() + kConfirmRetry,
               [this, generation] { on_confirm_deadline(generation); });
  }
}

void Service::recover_interrupted_apply() {
  const ApplyJournal journal = *persistent_.journal;
  log::warning(
      "nfvd stopped in the middle of the apply of generation {} (from generation {}, "
      "started {}): recovering",
      journal.target, journal.from, journal.started_at);
  bool finishable =
      journal.target > 0 && journal.target != journal.from && journal.confirm_timeout_s == 0;
  if (finishable) {
    auto record = load_generation(options_.state_dir, journal.target);
    if (record) {
      api::NfvdConfigParams params{record->config_text, record->config_path, 0};
      ApplyTarget target{journal.target, true, record->origin, record->previous, 0};
      if (apply_as(params, target)) {
        recovery_ = "finished the apply of generation " + std::to_string(journal.target) +
                    " that nfvd's stop at " + journal.started_at + " interrupted";
        log::info("{}", recovery_);
        return;
      }
    }
    log::warning(
        "the interrupted apply of generation {} cannot be finished: rolling back to "
        "generation {}",
        journal.target, journal.from);
  }
  // Back to the generation before: a repair of it, with the objects the apply created owned.
  // The target's file goes first, so that a crash during the rollback still rolls back.
  if (journal.target != journal.from) (void)remove_generation(options_.state_dir, journal.target);
  api::NfvdConfigParams params{
      persistent_.has_config() ? persistent_.config_text : kEmptyConfigText,
      persistent_.config_path, 0};
  auto restored = apply_as(params, ApplyTarget{journal.from, false, "", 0, 0});
  if (!restored) {
    recovery_ = "the interrupted apply of generation " + std::to_string(journal.target) +
                " could be neither finished nor rolled back: " + restored.error().message +
                "; fix the cause and restart nfvd, or nfvctl apply FILE";
    recovery_failed_ = true;
    log::error("{}", recovery_);
    return;
  }
  if (journal.target == journal.from) {
    recovery_ = "repaired generation " + std::to_string(journal.from) + " again: nfvd's stop at " +
                journal.started_at + " interrupted a repair of it";
  } else {
    recovery_ = "rolled back the apply of generation " + std::to_string(journal.target) +
                " that nfvd's stop at " + journal.started_at + " interrupted: generation " +
                std::to_string(journal.from) + " is in place";
  }
  log::info("{}", recovery_);
}

void Service::start_up(const std::optional<api::NfvdConfigParams>& fallback) {
  if (persistent_.journal) recover_interrupted_apply();
  // A trial ends at its deadline whatever the recovery did (a failed rollback is retried).
  if (persistent_.pending) {
    if (wall_now() >= persistent_.pending->deadline_s) {
      on_confirm_deadline(persistent_.pending->generation);
      return;
    }
    log::info("generation {} waits for confirmation until {} (nfvctl commit)",
              persistent_.pending->generation, utc_text(persistent_.pending->deadline_s));
    schedule_confirm_deadline();
  }
  if (persistent_.journal) return;  // neither finished nor rolled back: said why
  if (!persistent_.has_config() && !fallback) {
    log::info("no desired state yet: waiting for nfvctl apply");
    return;
  }
  api::NfvdConfigParams desired =
      persistent_.has_config()
          ? api::NfvdConfigParams{persistent_.config_text, persistent_.config_path, 0}
          : *fallback;
  log::info("applying {} at start", desired.config_path);
  if (auto applied = apply(desired); !applied) {
    log::error("nfvd serves anyway; fix the cause and run nfvctl apply");
  }
}

void Service::stop_if_asked(size_t steps_done) const {
  if (options_.stop_after_steps == steps_done && options_.at_stop_point) {
    log::warning("stopping after {} step(s), as asked (a crash test)", steps_done);
    options_.at_stop_point();
  }
}

}  // namespace nfv::nfvd
