// The load generator's transport (transport.hpp): a WebSocket client of its own over a
// plain TCP socket, with the framing of client_frames.hpp (whole frames read in place,
// no UTF-8 validation: a load generator must outrun the server it measures), and
// Beast's HTTP for one-shot REST requests.
#include "bench/tether_bench/transport.hpp"

#include "bench/tether_bench/client_frames.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/system/errc.hpp>
#include <boost/url/parse.hpp>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>

namespace tether::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

Target parse_target(std::string_view url, std::string token) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw std::invalid_argument("not a URL: " + std::string(url));
  Target target;
  const auto scheme = parsed->scheme();
  if (scheme != "ws" && scheme != "http") throw std::invalid_argument("only ws:// and http:// URLs: " + std::string(url));
  target.host = parsed->host();
  if (target.host.empty()) throw std::invalid_argument("URL has no host: " + std::string(url));
  target.port = parsed->has_port() ? parsed->port_number() : 80;
  if (scheme == "ws" && !parsed->path().empty() && parsed->path() != "/") target.ws_path = parsed->path();
  auto params = parsed->params();
  if (auto it = params.find("token"); it != params.end() && (*it).has_value) target.token = (*it).value;
  if (!token.empty()) target.token = std::move(token);
  return target;
}

namespace {

constexpr std::size_t kMaxMessageBytes = 64 << 20;
constexpr std::size_t kMaxUpgradeResponseBytes = 16 * 1024;
constexpr std::chrono::seconds kCloseTimeout{2};
constexpr std::uint16_t kNormalClosure = 1000;
constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3

// Mask keys and handshake keys need no more than this: a benchmark is no browser, and
// one small generator per thread keeps connections cheap.
std::uint32_t random_word() {
  thread_local std::mt19937 generator(std::random_device{}());
  return generator();
}

client_frames::MaskKey random_mask_key() {
  const std::uint32_t word = random_word();
  client_frames::MaskKey key;
  std::memcpy(key.data(), &word, key.size());
  return key;
}

std::string base64(std::span<const unsigned char> bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock ends it with a NUL
  const int size = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), bytes.data(),
                                   static_cast<int>(bytes.size()));
  encoded.resize(static_cast<std::size_t>(size));
  return encoded;
}

std::string random_handshake_key() {
  std::array<unsigned char, 16> bytes;
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t word = random_word();
    std::memcpy(bytes.data() + i, &word, 4);
  }
  return base64(bytes);
}

std::string expected_accept(std::string_view key) {
  std::string text(key);
  text += kAcceptGuid;
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest;
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return base64(digest);
}

std::string upgrade_request(const Target& target, std::string_view key) {
  std::string request = "GET " + target.ws_path + " HTTP/1.1\r\n";
  request += "Host: " + target.host + ":" + std::to_string(target.port) + "\r\n";
  request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
  request += "Sec-WebSocket-Key: ";
  request += key;
  request += "\r\nAuthorization: Bearer " + target.token + "\r\n\r\n";
  return request;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "101" from "HTTP/1.1 101 Switching Protocols\r\n...".
std::string_view status_code(std::string_view head) {
  const auto status_line = head.substr(0, head.find("\r\n"));
  const auto space = status_line.find(' ');
  if (space == std::string_view::npos) return {};
  const auto rest = status_line.substr(space + 1);
  return rest.substr(0, rest.find(' '));
}

std::optional<std::string_view> header_value(std::string_view head, std::string_view name) {
  for (auto line_start = head.find("\r\n"); line_start != std::string_view::npos;) {
    line_start += 2;
    const auto line_end = head.find("\r\n", line_start);
    if (line_end == std::string_view::npos) break;
    const auto line = head.substr(line_start, line_end - line_start);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && equals_ignoring_case(line.substr(0, colon), name)) {
      return trim(line.substr(colon + 1));
    }
    line_start = line_end;
  }
  return std::nullopt;
}

// Whether the server's answer to the upgrade request opens a WebSocket: a refusal (401
// for a wrong token, 503 when full) is an error the scenarios count.
boost::system::error_code check_upgrade_response(std::string_view head, std::string_view key) {
  if (status_code(head) != "101") return make_error_code(boost::system::errc::connection_refused);
  const auto accept = header_value(head, "Sec-WebSocket-Accept");
  if (!accept || *accept != expected_accept(key)) return make_error_code(boost::system::errc::protocol_error);
  return {};
}

// Closes a socket when a deadline passes, unless destroyed first. The timer's handler
// shares what it watches instead of pointing at the Watchdog: it runs after the
// Watchdog is gone (a cancelled wait still calls it, an expired one may be queued).
// Like the rest of a connection, it expects one thread at a time.
class Watchdog {
 public:
  Watchdog(tcp::socket& socket, std::chrono::steady_clock::duration timeout)
      : timer_(socket.get_executor(), timeout), watched_(std::make_shared<Watched>(&socket)) {
    auto on_deadline = [watched = watched_](boost::system::error_code ec) {
      if (ec || watched->socket == nullptr) return;
      watched->fired = true;
      boost::system::error_code ignored;
      watched->socket->close(ignored);
    };
    timer_.async_wait(on_deadline);
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() { watched_->socket = nullptr; }

  bool fired() const { return watched_->fired; }

 private:
  struct Watched {
    explicit Watched(tcp::socket* watched_socket) : socket(watched_socket) {}
    tcp::socket* socket;
    bool fired = false;
  };
  asio::steady_timer timer_;
  std::shared_ptr<Watched> watched_;
};

}  // namespace

struct WsConnection::Impl {
  explicit Impl(asio::any_io_executor executor) : socket(std::move(executor)) {}

  asio::awaitable<void> open(const tcp::endpoint& endpoint, const Target& target, boost::system::error_code& ec);
  asio::awaitable<std::string_view> read_response_head(boost::system::error_code& ec);
  asio::awaitable<void> read_more(std::size_t frame_size, boost::system::error_code& ec);
  asio::awaitable<void> read_until_close(boost::system::error_code& ec);
  asio::awaitable<void> write_queued(boost::system::error_code& ec);
  void queue(client_frames::Opcode opcode, std::string_view payload) {
    client_frames::append_frame(opcode, payload, random_mask_key(), queued);
  }
  void queue_close(std::uint16_t code) { client_frames::append_close_frame(code, random_mask_key(), queued); }

  tcp::socket socket;
  client_frames::ReceiveBuffer received;
  client_frames::FrameReader reader{kMaxMessageBytes};
  // Frames to write, and the frames the write in flight is sending: two strings whose
  // capacity every write reuses.
  std::string queued;
  std::string writing;
  bool write_in_flight = false;
};

// TCP connect, then the upgrade; the server's first frames may come in the same
// segment as its 101 response, and stay in `received` for receive().
asio::awaitable<void> WsConnection::Impl::open(const tcp::endpoint& endpoint, const Target& target,
                                               boost::system::error_code& ec) {
  co_await socket.async_connect(endpoint, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;
  socket.set_option(tcp::no_delay(true), ec);
  if (ec) co_return;
  const std::string key = random_handshake_key();
  queued = upgrade_request(target, key);
  co_await write_queued(ec);
  if (ec) co_return;
  const auto head = co_await read_response_head(ec);
  if (ec) co_return;
  ec = check_upgrade_response(head, key);
  received.consume(head.size());
}

// The response head up to its blank line, as a view into `received`.
asio::awaitable<std::string_view> WsConnection::Impl::read_response_head(boost::system::error_code& ec) {
  for (;;) {
    const auto unparsed = received.unparsed();
    if (const auto end = unparsed.find("\r\n\r\n"); end != std::string_view::npos) co_return unparsed.substr(0, end + 4);
    if (unparsed.size() >= kMaxUpgradeResponseBytes) {
      ec = make_error_code(boost::system::errc::message_size);
      co_return std::string_view{};
    }
    co_await read_more(0, ec);
    if (ec) co_return std::string_view{};
  }
}

asio::awaitable<void> WsConnection::Impl::read_more(std::size_t frame_size, boost::system::error_code& ec) {
  const auto free_tail = received.prepare(frame_size);
  const std::size_t bytes = co_await socket.async_read_some(asio::buffer(free_tail.data(), free_tail.size()),
                                                            asio::redirect_error(use_awaitable, ec));
  received.commit(bytes);
}

// After our close frame: skips what is still coming until the server's close frame,
// or the end of the TCP connection, which ends the handshake just as well.
asio::awaitable<void> WsConnection::Impl::read_until_close(boost::system::error_code& ec) {
  for (;;) {
    const auto parsed = reader.next(received.unparsed());
    received.consume(parsed.consumed);
    switch (parsed.event.kind) {
      case client_frames::Event::Kind::close:
        co_return;
      case client_frames::Event::Kind::failure:
        ec = make_error_code(boost::system::errc::protocol_error);
        co_return;
      case client_frames::Event::Kind::incomplete:
        co_await read_more(parsed.frame_size, ec);
        if (ec == asio::error::eof) {
          ec = {};
          co_return;
        }
        if (ec) co_return;
        break;
      case client_frames::Event::Kind::message:
      case client_frames::Event::Kind::ping:
      case client_frames::Event::Kind::pong:
        break;
    }
  }
}

// Writes the queued frames unless a write is in flight: its coroutine writes them when
// it is done. So a pong that receive() queues while send() writes goes out right after,
// and a send() during a pong write returns once its frame is queued.
asio::awaitable<void> WsConnection::Impl::write_queued(boost::system::error_code& ec) {
  if (write_in_flight) co_return;
  write_in_flight = true;
  boost::system::error_code error;
  while (!queued.empty() && !error) {
    writing.swap(queued);
    queued.clear();
    co_await asio::async_write(socket, asio::buffer(writing), asio::redirect_error(use_awaitable, error));
  }
  write_in_flight = false;
  ec = error;
}

WsConnection::WsConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WsConnection::~WsConnection() = default;

asio::awaitable<std::unique_ptr<WsConnection>> WsConnection::connect(asio::any_io_executor executor,
                                                                     const Target& target,
                                                                     std::chrono::milliseconds timeout,
                                                                     boost::system::error_code& ec) {
  auto impl = std::make_unique<Impl>(executor);
  const tcp::endpoint endpoint(asio::ip::make_address(target.host, ec), target.port);
  if (ec) co_return nullptr;
  const Watchdog watchdog(impl->socket, timeout);
  co_await impl->open(endpoint, target, ec);
  if (watchdog.fired()) ec = asio::error::timed_out;
  if (ec) co_return nullptr;
  co_return std::unique_ptr<WsConnection>(new WsConnection(std::move(impl)));
}

asio::awaitable<void> WsConnection::send(std::string_view text, boost::system::error_code& ec) {
  impl_->queue(client_frames::Opcode::text, text);
  co_await impl_->write_queued(ec);
}

asio::awaitable<std::string_view> WsConnection::receive(boost::system::error_code& ec) {
  using Kind = client_frames::Event::Kind;
  auto& connection = *impl_;
  for (;;) {
    const auto parsed = connection.reader.next(connection.received.unparsed());
    connection.received.consume(parsed.consumed);
    const auto& event = parsed.event;
    switch (event.kind) {
      case Kind::message:
        co_return event.payload;
      case Kind::ping:
        connection.queue(client_frames::Opcode::pong, event.payload);
        co_await connection.write_queued(ec);
        break;
      case Kind::pong:
        break;
      case Kind::close: {  // the server ends the connection: answer its close and report the end
        connection.queue_close(event.close_code);
        boost::system::error_code ignored;
        co_await connection.write_queued(ignored);
        ec = asio::error::eof;
        break;
      }
      case Kind::failure: {  // what follows can't be trusted to be frames
        boost::system::error_code ignored;
        connection.socket.close(ignored);
        ec = make_error_code(boost::system::errc::protocol_error);
        break;
      }
      case Kind::incomplete:
        co_await connection.read_more(parsed.frame_size, ec);
        break;
    }
    if (ec) co_return std::string_view{};
  }
}

asio::awaitable<void> WsConnection::close(boost::system::error_code& ec) {
  auto& connection = *impl_;
  const Watchdog watchdog(connection.socket, kCloseTimeout);
  connection.queue_close(kNormalClosure);
  co_await connection.write_queued(ec);
  if (!ec) co_await connection.read_until_close(ec);
  if (watchdog.fired()) ec = asio::error::timed_out;
  boost::system::error_code ignored;
  connection.socket.close(ignored);
}

void WsConnection::abort() noexcept {
  boost::system::error_code ignored;
  impl_->socket.close(ignored);
}

asio::any_io_executor WsConnection::executor() const { return impl_->socket.get_executor(); }

asio::awaitable<HttpResult> http_request(asio::any_io_executor executor, const Target& target, std::string_view method,
                                         std::string_view path, std::string body, boost::system::error_code& ec) {
  HttpResult result;
  beast::tcp_stream stream(executor);
  const tcp::endpoint endpoint(asio::ip::make_address(target.host, ec), target.port);
  if (ec) co_return result;
  stream.expires_after(std::chrono::seconds(10));
  co_await stream.async_connect(endpoint, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return result;
  http::request<http::string_body> request{http::string_to_verb(method), path, 11};
  request.set(http::field::host, target.host + ":" + std::to_string(target.port));
  request.set(http::field::authorization, "Bearer " + target.token);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
  }
  request.prepare_payload();
  co_await http::async_write(stream, request, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return result;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return result;
  result.status = parser.get().result_int();
  result.body = std::move(parser.get().body());
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return result;
}

}  // namespace tether::bench
