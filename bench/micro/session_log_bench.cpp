// Micro-benchmarks of the session log (server/hub/session_log.hpp): appending a streamed
// event, replaying after a rejoin, and compacting a finished turn.
#include "server/hub/session_log.hpp"

#include <benchmark/benchmark.h>

namespace {
using tether::server::EncodedText;
using tether::server::LoggedEvent;
using tether::server::make_encoded;
using tether::server::SessionLog;
using tether::protocol::MessageType;

const EncodedText& shared_frame() {
  static const EncodedText frame = make_encoded(std::string(180, 'x'));
  return frame;
}

// A history of `turns` finished turns of `words` pieces each (compacted, as the server
// keeps them) followed by one running turn.
SessionLog history(int turns, int words) {
  SessionLog log(0, {});
  for (int t = 0; t <= turns; ++t) {
    const std::string request = "c-" + std::to_string(t);
    const auto request_seq = log.next_seq();
    log.append(LoggedEvent{request_seq, MessageType::chat_request, request, shared_frame()});
    for (int w = 0; w < words; ++w)
      log.append(LoggedEvent{log.next_seq(), MessageType::chat_stream, request, shared_frame(), true});
    if (t < turns) {
      log.append(LoggedEvent{log.next_seq(), MessageType::chat_response, request, shared_frame()});
      log.compact(request_seq, log.head_seq());
    }
  }
  log.mark_durable(log.head_seq());
  return log;
}

void BM_AppendStreamEvent(benchmark::State& state) {
  SessionLog log(0, {});
  for (auto _ : state) {
    const auto seq = log.next_seq();
    log.append(LoggedEvent{seq, MessageType::chat_stream, std::string("c-1"), shared_frame(), true});
    log.mark_durable(seq);
  }
}
BENCHMARK(BM_AppendStreamEvent);

// A tab rejoining in the middle of a running turn: replay of the last state.range(0) events.
void BM_ReplayAfter(benchmark::State& state) {
  auto log = history(100, 2000);
  const auto from = log.head_seq() - state.range(0);
  for (auto _ : state) benchmark::DoNotOptimize(log.replay_after(from));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReplayAfter)->Arg(10)->Arg(1000);

// Compacting a finished turn of state.range(0) pieces in a session of 100 turns.
void BM_CompactTurn(benchmark::State& state) {
  const int words = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    auto log = history(100, words);
    const auto running_turn = log.head_seq() - words;  // its chat_request
    state.ResumeTiming();
    log.compact(running_turn, log.head_seq());
    benchmark::DoNotOptimize(log.events().size());
  }
}
// Fixed iterations: each one rebuilds the history outside the timing, which costs far
// more than the compaction it measures.
BENCHMARK(BM_CompactTurn)->Arg(100)->Arg(2000)->Iterations(200);

void BM_UnfinishedRequests(benchmark::State& state) {
  auto log = history(static_cast<int>(state.range(0)), 10);
  for (auto _ : state) benchmark::DoNotOptimize(log.unfinished_requests());
}
BENCHMARK(BM_UnfinishedRequests)->Arg(100)->Arg(1000);

}  // namespace
