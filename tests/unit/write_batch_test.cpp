// WriteBatch: what one WebSocket write carries, checked on the bytes its buffers spell.
#include "server/transport/write_batch.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace tether::server {
namespace {

std::string bytes_of(const WriteBatch& batch) {
  std::string out;
  for (const auto& buffer : batch.buffers()) out.append(static_cast<const char*>(buffer.data()), buffer.size());
  return out;
}

// The payload of the one unmasked text frame that starts at `at`, checking its header.
std::string text_payload(const std::string& bytes, std::size_t at = 0) {
  EXPECT_EQ(static_cast<unsigned char>(bytes.at(at)), 0x81) << "FIN + text";
  std::uint64_t size = static_cast<unsigned char>(bytes.at(at + 1));
  std::size_t start = at + 2;
  if (size == 126 || size == 127) {
    const int extended = size == 126 ? 2 : 8;
    size = 0;
    for (int i = 0; i < extended; ++i) size = (size << 8) | static_cast<unsigned char>(bytes.at(start + i));
    start += extended;
  }
  EXPECT_EQ(bytes.size() - start, size) << "the header announces exactly the payload";
  return bytes.substr(start);
}

FrameQueue queue_of(std::initializer_list<std::string> texts) {
  FrameQueue queue;
  for (const auto& text : texts) queue.push_back(make_encoded(text));
  return queue;
}

TEST(WriteBatch, SmallFramesBecomeOneMessageSeparatedByNewlines) {
  auto queue = queue_of({"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"});
  std::string control;
  WriteBatch batch;
  EXPECT_EQ(batch.take(control, queue), 21u);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(text_payload(bytes_of(batch)), "{\"a\":1}\n{\"b\":2}\n{\"c\":3}");
}

TEST(WriteBatch, ControlFramesGoFirstAndAreTakenFromTheCaller) {
  auto queue = queue_of({"{\"a\":1}"});
  std::string control = "\x8a\x02hi";
  WriteBatch batch;
  batch.take(control, queue);
  EXPECT_TRUE(control.empty());
  const auto bytes = bytes_of(batch);
  ASSERT_EQ(bytes.substr(0, 4), "\x8a\x02hi");
  EXPECT_EQ(text_payload(bytes, 4), "{\"a\":1}");
}

TEST(WriteBatch, ControlFramesAloneHaveNoTextFrame) {
  FrameQueue queue;
  std::string control = "\x88\x02\x03\xe8";
  WriteBatch batch;
  EXPECT_EQ(batch.take(control, queue), 0u);
  EXPECT_EQ(bytes_of(batch), "\x88\x02\x03\xe8");
}

TEST(WriteBatch, LargeFramesAreWrittenFromTheSharedBytesNotCopied) {
  const auto big = make_encoded(std::string(WriteBatch::kCopyBelow, 'x'));
  FrameQueue queue;
  queue.push_back(big);
  queue.push_back(make_encoded("{}"));
  queue.push_back(big);
  std::string control;
  WriteBatch batch;
  batch.take(control, queue);
  int referenced = 0;
  for (const auto& buffer : batch.buffers()) referenced += buffer.data() == big->data();
  EXPECT_EQ(referenced, 2);
  EXPECT_EQ(text_payload(bytes_of(batch)), *big + "\n{}\n" + *big);
  EXPECT_GT(big.use_count(), 1) << "the batch keeps what it points into alive";
  batch.release();
  EXPECT_EQ(big.use_count(), 1) << "the queue gave its copies to the batch, which lets go of them";
}

TEST(WriteBatch, AMessageStopsAtTheByteLimitAndTheRestWaitsForTheNextWrite) {
  const std::string part(100 * 1024, 'y');
  auto queue = queue_of({part, part, part});
  std::string control;
  WriteBatch batch;
  EXPECT_EQ(batch.take(control, queue), 2 * part.size());
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(text_payload(bytes_of(batch)), part + "\n" + part);
  batch.release();
  EXPECT_EQ(batch.take(control, queue), part.size());
  EXPECT_EQ(text_payload(bytes_of(batch)), part);
}

TEST(WriteBatch, AFrameLargerThanTheLimitStillGoesAlone) {
  const std::string huge(WriteBatch::kMaxMessageBytes + 10, 'z');
  auto queue = queue_of({huge, "{}"});
  std::string control;
  WriteBatch batch;
  EXPECT_EQ(batch.take(control, queue), huge.size());
  EXPECT_EQ(text_payload(bytes_of(batch)), huge);
  EXPECT_EQ(queue.size(), 1u);
}

TEST(WriteBatch, AMessageHoldsAtMostTheLimitSeparatorsIncluded) {
  const std::string half(WriteBatch::kMaxMessageBytes / 2, 'h');
  const std::string rest(WriteBatch::kMaxMessageBytes - half.size() - 1, 'r');  // + '\n': exactly the limit
  auto fits = queue_of({half, rest});
  std::string control;
  WriteBatch batch;
  batch.take(control, fits);
  EXPECT_EQ(text_payload(bytes_of(batch)).size(), WriteBatch::kMaxMessageBytes);
  EXPECT_TRUE(fits.empty());
  batch.release();

  auto one_over = queue_of({half, rest + "x"});
  batch.take(control, one_over);
  EXPECT_EQ(text_payload(bytes_of(batch)), half);
  EXPECT_EQ(one_over.size(), 1u);
}

TEST(WriteBatch, NeverMoreBuffersThanOneSendmsgTakes) {
  FrameQueue queue;
  const auto big = make_encoded(std::string(2 * WriteBatch::kCopyBelow, 'b'));
  for (int i = 0; i < 200; ++i) queue.push_back(big);
  std::string control("\x89\x00", 2);
  WriteBatch batch;
  std::size_t frames = 0;
  for (std::size_t control_size = 2; !queue.empty(); control_size = 0) {
    const auto bytes = batch.take(control, queue);
    EXPECT_LE(batch.buffers().size(), 64u);
    frames += bytes / big->size();
    const auto payload = text_payload(bytes_of(batch), control_size);
    EXPECT_EQ(payload.size(), bytes + bytes / big->size() - 1);
    batch.release();
  }
  EXPECT_EQ(frames, 200u);
}

}  // namespace
}  // namespace tether::server
