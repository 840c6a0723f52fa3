// The sampling thread: reads a RawSample from its source every interval, derives the
// TelemetrySample and keeps the history. Readers (the API, the /metrics page) take copies
// under a mutex; the source is only ever called from the sampling thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "nfv/telemetry/attribution.h"
#include "nfv/telemetry/history.h"
#include "nfv/telemetry/raw_sample.h"

namespace nfv::telemetry {

class SampleSource {
 public:
  virtual ~SampleSource() = default;
  // Never throws; a switch that cannot be read is a sample with switch_up false and the error.
  virtual RawSample read() = 0;
};

struct SamplerSettings {
  std::chrono::milliseconds interval{1000};
  uint32_t history_s = 300;
  AttributionThresholds thresholds;
};

class Sampler {
 public:
  Sampler(std::unique_ptr<SampleSource> source, SamplerSettings settings);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  void start();  // the thread; the first sample is taken at once
  void stop();   // joins
  // One sample now, on the caller's thread (tests, or before start()).
  void sample_once();

  api::TelemetryHistory history(uint32_t seconds) const;
  std::optional<api::TelemetrySample> newest() const;
  // Called on the sampling thread after each sample (the alerting, the log of verdicts).
  void on_sample(std::function<void(const api::TelemetrySample&)> callback);
  const SamplerSettings& settings() const { return settings_; }

 private:
  void run();

  std::unique_ptr<SampleSource> source_;
  SamplerSettings settings_;
  std::optional<RawSample> previous_;  // sampling thread only
  mutable std::mutex mutex_;
  History history_;
  std::function<void(const api::TelemetrySample&)> on_sample_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace nfv::telemetry
