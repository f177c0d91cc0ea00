// Micro-benchmarks of the envelope codec: the work every streamed piece costs once
// (encode) and every received message costs (split + decode).
#include "tether/protocol.hpp"

#include <benchmark/benchmark.h>

namespace {
namespace protocol = tether::protocol;

protocol::Envelope stream_event(std::size_t delta_bytes) {
  auto envelope = protocol::make_envelope(
      protocol::MessageType::chat_stream,
      protocol::to_json(protocol::ChatStream{"s0123456789abcdef0123456789abcdef", "c-3", std::string(delta_bytes, 'x'), false}),
      protocol::stamp_now());
  envelope.seq = 12345;
  return envelope;
}

void BM_EncodeChatStream(benchmark::State& state) {
  const auto envelope = stream_event(static_cast<std::size_t>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto text = protocol::encode(envelope);
    bytes += text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_EncodeChatStream)->Arg(8)->Arg(64)->Arg(1024);

// What a streamed piece costs the server before fan-out: payload, envelope (fresh id
// and timestamp), text.
void BM_MakeAndEncodeChatStream(benchmark::State& state) {
  for (auto _ : state) {
    auto envelope = stream_event(8);
    benchmark::DoNotOptimize(protocol::encode(envelope));
  }
}
BENCHMARK(BM_MakeAndEncodeChatStream);

void BM_DecodeChatStream(benchmark::State& state) {
  const auto text = protocol::encode(stream_event(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    auto envelope = protocol::decode_envelope(text);
    benchmark::DoNotOptimize(envelope);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DecodeChatStream)->Arg(8)->Arg(1024);

// The server's hot inbound path: a ping, decoded and checked.
void BM_DecodePing(benchmark::State& state) {
  protocol::Envelope ping;
  ping.id = "p17-42";
  ping.type = protocol::MessageType::ping;
  ping.timestamp = protocol::now_timestamp();
  const auto text = protocol::encode(ping);
  for (auto _ : state) {
    auto envelope = protocol::decode_envelope(text);
    auto message = protocol::parse_client_message(*envelope);
    benchmark::DoNotOptimize(message);
  }
}
BENCHMARK(BM_DecodePing);

void BM_EncodePong(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(protocol::encode(protocol::make_envelope(protocol::MessageType::pong, {}, protocol::stamp_now(), std::string("p17-42"))));
  }
}
BENCHMARK(BM_EncodePong);

void BM_SplitFrame(benchmark::State& state) {
  std::string frame;
  const auto one = protocol::encode(stream_event(8));
  for (int i = 0; i < state.range(0); ++i) frame += one + "\n";
  for (auto _ : state) benchmark::DoNotOptimize(protocol::split_frame(frame));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SplitFrame)->Arg(1)->Arg(64);

void BM_GenerateId(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(protocol::generate_id());
}
BENCHMARK(BM_GenerateId);

void BM_NowTimestamp(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(protocol::now_timestamp());
}
BENCHMARK(BM_NowTimestamp);

}  // namespace
