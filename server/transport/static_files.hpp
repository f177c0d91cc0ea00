// Serves the built web UI. Paths are decoded, then resolved and checked to stay inside
// the web root (no "..", no encoded variants, no symlinks out). Unknown paths without
// a file extension get index.html, so the UI's own routes survive a reload.
#pragma once

#include "server/transport/http_types.hpp"

#include <filesystem>

namespace tether::server {

Response serve_static(const Request& request, const std::filesystem::path& web_root);

}  // namespace tether::server
