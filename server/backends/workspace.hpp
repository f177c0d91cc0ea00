// Where sessions may work: `--workspace` roots (default: the directory `tether serve`
// was started in) and the rule for a session's `cwd` (POST /api/sessions {cwd}): it
// must be an existing directory inside one of the roots, after resolving symlinks and
// "..", so a client cannot point a CLI with shell access anywhere else.
#pragma once

#include "tether/protocol/errors.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tether::server {

// Canonical forms of the given roots; an empty list means {default_root}. A root that
// does not exist is an error (a configuration mistake is reported at start-up).
protocol::Result<std::vector<std::filesystem::path>> canonical_workspace_roots(
    const std::vector<std::string>& roots, const std::filesystem::path& default_root);

// The session's working directory: `requested` (absolute, or relative to the first
// root), or the first root when absent. invalid_message when it does not exist, is not
// a directory, or lies outside every root.
protocol::Result<std::string> resolve_session_cwd(const std::optional<std::string>& requested,
                                                  const std::vector<std::filesystem::path>& roots);

}  // namespace tether::server
