// Git status, diff and ignore checks of a project; see git_changes.hpp.
#include "server/workbench/git_changes.hpp"

#include "server/workbench/git_runner.hpp"
#include "server/workbench/project_path.hpp"

namespace tether::server::workbench {
namespace {

// What status may print before it is cut: far past 5,000 files of ordinary paths.
constexpr std::size_t kMaxStatusBytes = 16u << 20;

bool not_a_repository(const GitOutput& output) {
  return output.exit_code != 0 && output.err.find("not a git repository") != std::string::npos;
}

protocol::Error git_refused(const GitOutput& output, std::string_view what) {
  auto first_line = output.err.substr(0, output.err.find('\n'));
  return protocol::Error{protocol::ErrorCode::internal,
                         "git " + std::string(what) + " failed (exit " + std::to_string(output.exit_code) +
                             (first_line.empty() ? std::string(")") : "): " + first_line),
                         "Run the same git command in the project to see why."};
}

protocol::Result<GitOutput> git(const std::filesystem::path& root, std::vector<std::string> args,
                                std::size_t output_limit, std::string input = {}) {
  return run_git(GitCommand{std::move(args), root.string(), std::move(input), output_limit});
}

}  // namespace

protocol::Result<std::optional<GitStatus>> git_status(const std::filesystem::path& root) {
  auto base = resolve_root(root);
  if (!base) return base.error();
  auto output = git(*base, {"status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all"}, kMaxStatusBytes);
  if (!output) return output.error();
  if (not_a_repository(*output)) return std::optional<GitStatus>();
  if (output->exit_code != 0) return git_refused(*output, "status");
  auto parsed = parse_git_status(output->out, kMaxChangedFiles);
  if (!parsed) return parsed.error();
  if (output->truncated) parsed->truncated = true;
  return std::optional<GitStatus>(std::move(*parsed));
}

protocol::Result<Diff> git_diff(const std::filesystem::path& root, const DiffQuery& query) {
  auto base = resolve_root(root);
  if (!base) return base.error();
  std::string path;
  if (!query.path.empty()) {
    // Checked like every client path; it may be missing (a deleted file has a diff too).
    auto checked = resolve_maybe_missing(*base, query.path);
    if (!checked) return checked.error();
    path = std::move(checked->relative);
  }
  auto inside = git(*base, {"rev-parse", "--is-inside-work-tree"}, 64);
  if (!inside) return inside.error();
  if (not_a_repository(*inside) || inside->out.rfind("true", 0) != 0) {
    return protocol::Error{protocol::ErrorCode::not_found, "The project is not in a git work tree.",
                           "GET /api/sessions/{id}/git says whether it is (repository)."};
  }
  const std::vector<std::string> plain{"--no-color", "--no-ext-diff", "--no-textconv"};
  // --literal-pathspecs: a file named "*" is that file, not a glob (check-ignore refuses it).
  std::vector<std::string> args{"--literal-pathspecs", "diff"};
  bool untracked = false;
  if (!path.empty() && !query.staged) {
    auto others = git(*base, {"--literal-pathspecs", "ls-files", "-z", "--others", "--exclude-standard", "--", path}, path.size() + 2);
    if (!others) return others.error();
    untracked = others->exit_code == 0 && others->out == path + std::string(1, '\0');
  }
  args.insert(args.end(), plain.begin(), plain.end());
  if (untracked) {
    // Not a pathspec here: two files. Exit 1 means "they differ", which they do.
    args.insert(args.end(), {"--no-index", "--", "/dev/null", path});
  } else {
    args.push_back("-M");
    if (query.staged) args.push_back("--cached");
    if (!path.empty()) args.insert(args.end(), {"--", path});
  }
  auto output = git(*base, std::move(args), kMaxDiffBytes);
  if (!output) return output.error();
  const bool fine = output->exit_code == 0 || (untracked && output->exit_code == 1) || output->truncated;
  if (!fine) return git_refused(*output, "diff");
  return Diff{std::move(output->out), output->truncated};
}

std::vector<std::string> git_ignored(const std::filesystem::path& root, const std::vector<std::string>& paths) {
  // git's own matcher rather than one of ours: nested .gitignore files, negations,
  // core.excludesFile and .git/info/exclude are then exactly what `git status` uses, in one
  // process per listing (the paths go in on stdin).
  std::string input;
  for (const auto& path : paths) {
    input += path;
    input += '\0';
  }
  auto output = git(root, {"check-ignore", "-z", "--stdin"}, input.size() + 1, input);
  // Exit 0: some are ignored; 1: none; 128: not a repository (or git failed): none.
  if (!output || output->exit_code != 0 || output->truncated) return {};
  std::vector<std::string> ignored;
  std::string_view rest = output->out;
  while (!rest.empty()) {
    const auto end = rest.find('\0');
    if (end == std::string_view::npos) break;
    if (end > 0) ignored.emplace_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  return ignored;
}

}  // namespace tether::server::workbench
