// Shared set-up of the fault suite (see fault_support.hpp).
#include "fault_support.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace tether::test {
using namespace std::chrono_literals;

ClientConfig fast_config(std::uint16_t port, const std::string& token, bool secure) {
  ClientConfig config;
  config.url = std::string(secure ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(port) + "/api/claude/ws";
  config.token = token;
  config.timeout = 2s;
  config.max_retries = 60;
  config.retry_delay = 50ms;
  config.max_retry_delay = 400ms;
  config.ping_interval = 400ms;
  config.pong_timeout = 600ms;
  config.fallback_probe_interval = 500ms;
  return config;
}

Certificate make_self_signed_certificate(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  Certificate result{folder / "cert.pem", folder / "key.pem"};
  const auto command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
                       " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                       result.key.string() + "' -out '" + result.certificate.string() + "' 2>/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
  return result;
}

CommandResult run_command(const std::string& command_line) {
  const auto err_file = std::filesystem::temp_directory_path() /
                        ("tether-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".err");
  const auto full = command_line + " 2>'" + err_file.string() + "'";
  CommandResult result;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  std::stringstream text;
  text << err.rdbuf();
  result.err = text.str();
  std::filesystem::remove(err_file);
  return result;
}

std::string words(int count, const std::string& tag) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ' ';
    text += "w" + tag + "_" + std::to_string(i);
  }
  return text;
}

}  // namespace tether::test
