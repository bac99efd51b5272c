// Framework overhead of a stateless operator chain, and heap allocations per
// record, measured through the TopologyTestDriver.
//
//   BM_DriverChain<int64>/hops    source -> `hops` operators -> sink with
//                                 string keys and int64 values; the
//                                 operators cycle through filter,
//                                 map_values, map, peek, filter.
//   BM_BareChain/hops             the same user functions called directly
//                                 on a (key, value) pair: the floor.
//   BM_DriverChain<string>/hops   256-byte string values through filter,
//                                 peek, filter_not, peek, filter (operators
//                                 that pass the record on unchanged), to
//                                 show that a value is moved, not copied,
//                                 from hop to hop.
//
// The driver itself costs something per record (serializing the input,
// copying the output record into its topic, a commit per record), so the
// overhead of one hop is the difference between 5 and 0 hops, minus the
// same difference for the bare functions, divided by 5. allocs/record
// counts every operator new in the loop (alloc_counter.cc); its 5-hop minus
// 0-hop difference is what the operators allocate.
//
//   BM_CounterAdd/rmw             Counter::add (a locked fetch_add), and
//   BM_CounterAdd/owner           Counter::add_from_owner (load + store),
//                                 what each node's process-total costs per
//                                 record.
//
// Run: build/bench/bench/micro/sluice_bench_chain
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "alloc_counter.h"
#include "sluice/detail/counter.h"
#include "sluice/sluice.h"
#include "sluice/testing/topology_test_driver.h"

namespace sluice::bench {
namespace {

constexpr int kKeys = 64;
constexpr std::int64_t kDrainEvery = 256;
constexpr std::size_t kStringValueBytes = 256;

std::int64_t g_peeked = 0;

// The user functions of the int64 chain, in chain order.
bool non_negative(const std::string&, std::int64_t v) { return v >= 0; }
std::int64_t plus_one(std::int64_t v) { return v + 1; }
std::pair<std::string, std::int64_t> doubled(const std::string& k,
                                             std::int64_t v) {
  return {k, v * 2};
}
void observe(const std::string&, std::int64_t v) { g_peeked += v; }
bool not_sentinel(const std::string&, std::int64_t v) { return v != -7; }

// The user functions of the string chain.
bool non_empty(const std::string&, const std::string& v) { return !v.empty(); }
void observe_size(const std::string&, const std::string& v) {
  g_peeked += static_cast<std::int64_t>(v.size());
}
bool is_marker(const std::string&, const std::string& v) {
  return v.front() == '#';
}

const std::vector<std::string>& keys() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out;
    for (int i = 0; i < kKeys; ++i)
      out.push_back("sensor-" + std::to_string(i));
    return out;
  }();
  return k;
}

KStream<std::string, std::int64_t> add_hop(
    const KStream<std::string, std::int64_t>& s, int hop) {
  switch (hop % 5) {
    case 0: return s.filter(non_negative);
    case 1: return s.map_values(plus_one);
    case 2: return s.map(doubled);
    case 3: return s.peek(observe);
    default: return s.filter(not_sentinel);
  }
}

KStream<std::string, std::string> add_hop(
    const KStream<std::string, std::string>& s, int hop) {
  switch (hop % 5) {
    case 0: return s.filter(non_empty);
    case 1: return s.peek(observe_size);
    case 2: return s.filter_not(is_marker);
    case 3: return s.peek(observe_size);
    default: return s.filter(non_empty);
  }
}

template <typename V>
Topology chain_topology(int hops) {
  StreamsBuilder builder;
  auto stream = builder.stream(
      "in", Consumed::with(Serdes::string(), default_serde<V>()));
  for (int i = 0; i < hops; ++i) stream = add_hop(stream, i);
  stream.to("out", Produced::with(Serdes::string(), default_serde<V>()));
  return builder.build().value();
}

std::int64_t value_for(std::int64_t n, std::int64_t*) { return n; }
const std::string& value_for(std::int64_t, std::string*) {
  static const std::string v(kStringValueBytes, 'v');
  return v;
}

template <typename V>
void BM_DriverChain(benchmark::State& state) {
  const int hops = static_cast<int>(state.range(0));
  testing::TopologyTestDriver driver(chain_topology<V>(hops));
  auto in = driver.create_input_topic<std::string, V>("in");
  const auto& k = keys();
  std::int64_t n = 0;
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    in.pipe_input(k[n % kKeys], value_for(n, static_cast<V*>(nullptr)), n);
    if (++n % kDrainEvery == 0) {
      benchmark::DoNotOptimize(driver.read_raw("out").size());
    }
  }
  report_allocations(state, allocs_before);
  state.SetItemsProcessed(state.iterations());
}

void BM_BareChain(benchmark::State& state) {
  const int hops = static_cast<int>(state.range(0));
  const auto& k = keys();
  std::int64_t n = 0;
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    std::string key = k[n % kKeys];
    std::int64_t value = n++;
    benchmark::DoNotOptimize(key.data());
    benchmark::DoNotOptimize(value);
    // Each hop is applied only when the ones before it passed the record.
    bool pass = true;
    for (int i = 0; i < hops && pass; ++i) {
      switch (i % 5) {
        case 0: pass = non_negative(key, value); break;
        case 1: value = plus_one(value); break;
        case 2: std::tie(key, value) = doubled(key, value); break;
        case 3: observe(key, value); break;
        default: pass = not_sentinel(key, value); break;
      }
    }
    benchmark::DoNotOptimize(pass);
    benchmark::DoNotOptimize(value);
  }
  report_allocations(state, allocs_before);
  state.SetItemsProcessed(state.iterations());
}

void BM_CounterAdd(benchmark::State& state, bool owner) {
  Counter counter;
  for (auto _ : state) {
    if (owner) {
      counter.add_from_owner();
    } else {
      counter.add();
    }
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(counter.value());
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_DriverChain<std::int64_t>)->Arg(0)->Arg(1)->Arg(5);
BENCHMARK(BM_BareChain)->Arg(0)->Arg(1)->Arg(5);
BENCHMARK(BM_DriverChain<std::string>)->Arg(0)->Arg(5);
BENCHMARK_CAPTURE(BM_CounterAdd, rmw, false);
BENCHMARK_CAPTURE(BM_CounterAdd, owner, true);

}  // namespace
}  // namespace sluice::bench

BENCHMARK_MAIN();
