// Serialize + deserialize round trips of the built-in serdes and of
// Serdes::json<T> (nlohmann_json), per value.
//
//   BM_StringSerde/bytes   a string of that many bytes
//   BM_Int64Serde          8 bytes big-endian
//   BM_Float64Serde        8 bytes, IEEE 754 big-endian
//   BM_JsonSerde           a struct of 6 members (a window result), as JSON
//
// The output buffer is reused (as SinkNode does); allocs/record counts the
// heap allocations of one round trip.
//
// Run: build/bench/bench/micro/sluice_bench_serde
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "alloc_counter.h"
#include "sluice/json_serde.h"
#include "sluice/serde.h"

namespace sluice::bench {
namespace {

struct WindowStats {
  std::string sensor_id;
  std::int64_t window_start = 0;
  std::int64_t window_end = 0;
  std::int64_t count = 0;
  double avg_speed = 0;
  double avg_volume = 0;
  NLOHMANN_DEFINE_TYPE_INTRUSIVE(WindowStats, sensor_id, window_start,
                                 window_end, count, avg_speed, avg_volume)
};

template <typename T>
void round_trips(benchmark::State& state, const Serde<T>& serde,
                 const T& value) {
  std::string buffer;
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    buffer.clear();
    serde.serialize(value, buffer);
    T back = serde.deserialize(std::string_view(buffer));
    benchmark::DoNotOptimize(back);
  }
  report_allocations(state, allocs_before);
  state.counters["bytes"] = static_cast<double>(buffer.size());
  state.SetItemsProcessed(state.iterations());
}

void BM_StringSerde(benchmark::State& state) {
  const std::string value(static_cast<std::size_t>(state.range(0)), 'x');
  round_trips(state, Serdes::string(), value);
}

void BM_Int64Serde(benchmark::State& state) {
  round_trips<std::int64_t>(state, Serdes::int64(), 1'759'759'200'000);
}

void BM_Float64Serde(benchmark::State& state) {
  round_trips(state, Serdes::float64(), 57.3125);
}

void BM_JsonSerde(benchmark::State& state) {
  const WindowStats value{"773869", 1759759200000, 1759759500000,
                          5,        57.3125,       1413.25};
  round_trips(state, json_serde<WindowStats>(), value);
}

BENCHMARK(BM_StringSerde)->Arg(8)->Arg(256);
BENCHMARK(BM_Int64Serde);
BENCHMARK(BM_Float64Serde);
BENCHMARK(BM_JsonSerde);

}  // namespace
}  // namespace sluice::bench

BENCHMARK_MAIN();
