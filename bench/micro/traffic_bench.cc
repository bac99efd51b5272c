// The traffic transform per record: parse + validate + flatten (ReadingDecoder)
// and serialize (write_reading_json), over readings from the traffic
// Generator.
//
//   BM_TrafficTransform/normal          Scenario::kNormal: every reading is
//                                       valid, spelled in the generator's
//                                       varied styles.
//   BM_TrafficTransform/sensor_faults   Scenario::kSensorFaults: 30% of the
//                                       readings are faulty (decoded, then
//                                       rejected; no output JSON).
//   BM_NlohmannParseDump                nlohmann::json::parse + dump() of the
//                                       normal readings nlohmann accepts (the
//                                       generator also spells some numbers
//                                       as NaN, which strict JSON parsers
//                                       reject): the general JSON serde's
//                                       floor for this record (no validation,
//                                       no flattening).
//
// Counters: valid = share of readings that passed, in_bytes = mean input
// size, allocs/record = heap allocations per record in the loop.
//
// Run: build/bench/bench/micro/sluice_bench_traffic
#include <benchmark/benchmark.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alloc_counter.h"
#include "traffic/core/generator.h"
#include "traffic/core/reading_decoder.h"
#include "traffic/core/reading_writer.h"

namespace sluice::bench {
namespace {

constexpr std::size_t kRecords = 4096;  // a power of two

struct Input {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::int64_t now_ms = 0;
};

std::vector<Input> generate(traffic::Scenario scenario) {
  traffic::GeneratorConfig config;
  config.seed = 42;
  config.scenario = scenario;
  traffic::Generator generator(config);
  std::vector<Input> out(kRecords);
  for (Input& in : out) {
    traffic::GeneratedReading r = generator.next();
    in = {std::move(r.key), std::move(r.value), r.now_ms};
  }
  return out;
}

std::optional<std::string_view> view(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

double mean_value_bytes(const std::vector<Input>& inputs) {
  double total = 0;
  for (const Input& in : inputs) total += in.value ? in.value->size() : 0;
  return total / static_cast<double>(inputs.size());
}

void BM_TrafficTransform(benchmark::State& state, traffic::Scenario scenario) {
  const std::vector<Input> inputs = generate(scenario);
  traffic::ReadingDecoder decoder;
  traffic::Reading reading;
  std::string json;
  std::size_t n = 0;
  std::uint64_t valid = 0;
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    const Input& in = inputs[n++ % kRecords];
    const traffic::ReasonSet reasons =
        decoder.decode(view(in.key), view(in.value), in.now_ms, &reading);
    if (reasons.empty()) {
      ++valid;
      traffic::write_reading_json(reading, {in.now_ms}, &json);
      benchmark::DoNotOptimize(json.data());
    }
    benchmark::DoNotOptimize(reasons);
  }
  report_allocations(state, allocs_before);
  state.counters["valid"] = benchmark::Counter(
      static_cast<double>(valid), benchmark::Counter::kAvgIterations);
  state.counters["in_bytes"] = mean_value_bytes(inputs);
  state.SetItemsProcessed(state.iterations());
}

// The readings of `inputs` that nlohmann_json parses, repeated to kRecords.
std::vector<Input> strict_json(const std::vector<Input>& inputs) {
  std::vector<Input> out;
  for (const Input& in : inputs) {
    if (in.value && nlohmann::json::accept(*in.value)) out.push_back(in);
  }
  if (out.empty()) return out;
  for (std::size_t i = 0; out.size() < kRecords; ++i) out.push_back(out[i]);
  return out;
}

void BM_NlohmannParseDump(benchmark::State& state) {
  const std::vector<Input> inputs =
      strict_json(generate(traffic::Scenario::kNormal));
  if (inputs.empty()) {
    state.SkipWithError("no reading is strict JSON");
    return;
  }
  std::size_t n = 0;
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    const Input& in = inputs[n++ % kRecords];
    const nlohmann::json doc = nlohmann::json::parse(*in.value);
    std::string out = doc.dump();
    benchmark::DoNotOptimize(out.data());
  }
  report_allocations(state, allocs_before);
  state.counters["in_bytes"] = mean_value_bytes(inputs);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_TrafficTransform, normal, traffic::Scenario::kNormal);
BENCHMARK_CAPTURE(BM_TrafficTransform, sensor_faults,
                  traffic::Scenario::kSensorFaults);
BENCHMARK(BM_NlohmannParseDump);

}  // namespace
}  // namespace sluice::bench

BENCHMARK_MAIN();
