// Shared set-up of the fault suite: client timings shortened so that the whole suite
// runs in well under two minutes, a self-signed certificate for the wss tests, and a
// runner for the `tether` binary.
#pragma once

#include "tether/client/config.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace tether::test {

// A client config aimed at 127.0.0.1:port with fast retries and heartbeats.
ClientConfig fast_config(std::uint16_t port, const std::string& token, bool secure = false);

struct Certificate {
  std::filesystem::path certificate;  // PEM; also the CA to trust (self-signed)
  std::filesystem::path key;
};
// A self-signed certificate for IP 127.0.0.1, made with the openssl command.
Certificate make_self_signed_certificate(const std::filesystem::path& folder);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);

// `count` words "w<tag>_<i>" joined by spaces.
std::string words(int count, const std::string& tag);

}  // namespace tether::test
