// The one configuration struct of libtether. Every field has a default that suits an
// interactive client on an ordinary network; tests shorten the timers.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace tether {

struct ClientConfig {
  // ws://host:port/api/claude/ws or wss://… (http:// and https:// are accepted and mapped;
  // an address without a path gets /api/claude/ws; a ?token=… in it is used when `token`
  // is empty, so the link `tether serve` prints works as is).
  std::string url = "ws://127.0.0.1:3000/api/claude/ws";  // `tether serve` defaults
  // Sent as `Authorization: Bearer <token>` on every request.
  std::string token;
  // wss/https: a PEM file of CA certificates to trust instead of the system store (a
  // self-signed server). Certificates are always verified, host name included.
  std::string ca_file;

  // Connect timeout: TCP connect + TLS + upgrade + the server's connection_status.
  std::chrono::milliseconds timeout{10'000};

  // Retries after a failure before giving up (or switching to the HTTP fallback).
  int max_retries = 5;
  // First retry delay; doubles per attempt (1, 2, 4, 8, 16 s) up to max_retry_delay.
  // Each delay is jittered uniformly over its upper half so that many clients never
  // retry in lockstep, also at the cap.
  std::chrono::milliseconds retry_delay{1'000};
  std::chrono::milliseconds max_retry_delay{30'000};

  // A ping every ping_interval; no pong within pong_timeout = the connection is dead. So a
  // half-open socket (laptop sleep, Wi-Fi change) is noticed within 25 s, not TCP's minutes.
  std::chrono::milliseconds ping_interval{15'000};
  std::chrono::milliseconds pong_timeout{10'000};

  // After the last retry fails, or when the WebSocket upgrade is refused (a proxy), use
  // POST /api/claude/messages + the SSE stream, and probe the WebSocket again every
  // fallback_probe_interval; go back to it when it works.
  bool enable_fallback = true;
  std::chrono::milliseconds fallback_probe_interval{30'000};

  // The outbox bound: messages not yet acknowledged by the server. Full = send throws.
  std::size_t max_queued_messages = 1000;

  // Largest frame accepted from the server (the server's own default limit).
  std::size_t max_message_bytes = 1 << 20;
};

}  // namespace tether
