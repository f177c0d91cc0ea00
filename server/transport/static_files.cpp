#include "server/transport/static_files.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace tether::server {
namespace http = boost::beast::http;
namespace fs = std::filesystem;
using protocol::ErrorCode;

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kMimeTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
}};

std::string_view mime_type(const fs::path& file) {
  const auto extension = file.extension().string();
  for (const auto& [ext, type] : kMimeTypes)
    if (ext == extension) return type;
  return "application/octet-stream";
}

// The page may run only its own scripts and talk only to this server.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

std::optional<fs::path> resolve(const fs::path& root, std::string_view decoded_path) {
  std::error_code ec;
  const auto canonical_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  if (decoded_path.find('\0') != std::string_view::npos) return std::nullopt;
  const auto candidate = fs::weakly_canonical(canonical_root / fs::path(decoded_path).relative_path(), ec);
  if (ec) return std::nullopt;
  const auto [root_end, candidate_it] = std::mismatch(canonical_root.begin(), canonical_root.end(), candidate.begin(),
                                                      candidate.end());
  if (root_end != canonical_root.end()) return std::nullopt;  // outside the root
  return candidate;
}

}  // namespace

Response serve_static(const Request& request, const fs::path& web_root) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return error_response(request, ErrorCode::method_not_allowed, "Only GET reads files.");
  }
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target) return error_response(request, ErrorCode::not_found, "No such file.");
  std::string path = target->path();  // percent-decoded
  if (path.empty() || path == "/") path = "/index.html";

  auto file = resolve(web_root, path);
  if (!file) return error_response(request, ErrorCode::not_found, "No such file.");
  std::error_code ec;
  if (!fs::is_regular_file(*file, ec)) {
    if (file->has_extension()) return error_response(request, ErrorCode::not_found, "No such file: " + path);
    file = web_root / "index.html";
    if (!fs::is_regular_file(*file, ec)) {
      auto response = error_response(request, ErrorCode::not_found, "The web UI is not built.");
      response.body() = R"({"error":{"code":"not_found","message":"The web UI is not built.","hint":"Run `make run`, which builds web/ and starts the server, or pass --web-root."}})";
      response.prepare_payload();
      return response;
    }
  }
  std::ifstream in(*file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();

  Response response{http::status::ok, request.version()};
  add_security_headers(response);
  response.set(http::field::content_type, mime_type(*file));
  // Vite's hashed assets never change; index.html must always be fetched fresh.
  if (path.starts_with("/assets/")) response.set(http::field::cache_control, "public, max-age=31536000, immutable");
  if (file->extension() == ".html") response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(content).str();
  response.prepare_payload();
  if (request.method() == http::verb::head) response.body().clear();
  return response;
}

}  // namespace tether::server
