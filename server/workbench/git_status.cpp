// The porcelain v2 parser; see git_status.hpp. The format (git-status(1), "Porcelain
// Format Version 2"), with -z: every record ends with NUL, a rename's original path is the
// record after it, and paths are never quoted.
#include "server/workbench/git_status.hpp"

#include <charconv>

namespace tether::server::workbench {
namespace {

protocol::Error malformed(std::string why) {
  return protocol::Error{protocol::ErrorCode::internal, "git status printed something unexpected: " + std::move(why),
                         "Run `git status --porcelain=v2` in the project to see; a newer or patched git may differ."};
}

// The first `count` space-separated fields of a record, then the rest (a path: it may hold
// spaces). False when there are fewer fields or no path.
bool split(std::string_view record, std::size_t count, std::vector<std::string_view>& fields, std::string_view& rest) {
  fields.clear();
  for (std::size_t i = 0; i < count; ++i) {
    const auto space = record.find(' ');
    if (space == std::string_view::npos || space == 0) return false;
    fields.push_back(record.substr(0, space));
    record.remove_prefix(space + 1);
  }
  rest = record;
  return !rest.empty();
}

bool valid_xy(std::string_view xy) {
  constexpr std::string_view kLetters = ".MTADRCU";
  return xy.size() == 2 && kLetters.find(xy[0]) != std::string_view::npos &&
         kLetters.find(xy[1]) != std::string_view::npos;
}

FileStatus ordinary_status(char x, char y) {
  if (x == 'D' || y == 'D') return FileStatus::deleted;
  if (x == 'A' || y == 'A') return FileStatus::added;  // ".A": added with intent-to-add
  if (x == 'T' || y == 'T') return FileStatus::typechange;
  return FileStatus::modified;
}

std::optional<std::int64_t> signed_count(std::string_view text, char sign) {
  if (text.size() < 2 || text.front() != sign) return std::nullopt;
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data() + 1, end, value);
  if (ec != std::errc() || ptr != end || value < 0) return std::nullopt;
  return value;
}

protocol::Result<bool> header(std::string_view record, GitStatus& status) {
  // "# <key> <value>"; keys other than the branch's (e.g. "# stash 2") are skipped.
  const auto space = record.find(' ', 2);
  if (!record.starts_with("# ") || space == std::string_view::npos) return malformed("a header without a value");
  const auto key = record.substr(2, space - 2);
  const auto value = record.substr(space + 1);
  if (value.empty()) return malformed("a header without a value");
  if (key == "branch.oid") {
    if (value != "(initial)") status.head = std::string(value);
  } else if (key == "branch.head") {
    if (value != "(detached)") status.branch = std::string(value);
  } else if (key == "branch.upstream") {
    status.upstream = std::string(value);
  } else if (key == "branch.ab") {
    const auto between = value.find(' ');
    const auto ahead = signed_count(value.substr(0, between), '+');
    const auto behind =
        between == std::string_view::npos ? std::nullopt : signed_count(value.substr(between + 1), '-');
    if (!ahead || !behind) return malformed("branch.ab is not \"+<ahead> -<behind>\"");
    status.ahead = *ahead;
    status.behind = *behind;
  }
  return true;
}

}  // namespace

std::string_view to_string(FileStatus status) noexcept {
  switch (status) {
    case FileStatus::modified: return "modified";
    case FileStatus::added: return "added";
    case FileStatus::deleted: return "deleted";
    case FileStatus::renamed: return "renamed";
    case FileStatus::copied: return "copied";
    case FileStatus::untracked: return "untracked";
    case FileStatus::conflicted: return "conflicted";
    case FileStatus::typechange: return "typechange";
  }
  return "modified";
}

protocol::Result<GitStatus> parse_git_status(std::string_view output, std::size_t max_files) {
  GitStatus status;
  // Records end with NUL. Output that stops mid-record was cut (the runner's byte bound):
  // the partial record is dropped and the listing marked truncated.
  if (const auto last = output.rfind('\0'); last != output.size() - 1) {
    if (!output.empty()) status.truncated = true;
    output = last == std::string_view::npos ? std::string_view() : output.substr(0, last + 1);
  }
  std::vector<std::string_view> fields;
  std::string_view path;
  const auto add = [&](ChangedFile file) {
    if (status.files.size() >= max_files) {
      status.truncated = true;
      return;
    }
    status.files.push_back(std::move(file));
  };
  while (!output.empty()) {
    const auto end = output.find('\0');
    const auto record = output.substr(0, end);
    output.remove_prefix(end + 1);
    if (record.empty()) return malformed("an empty record");
    switch (record.front()) {
      case '#': {
        auto parsed = header(record, status);
        if (!parsed) return parsed.error();
        break;
      }
      case '1': {
        // 1 XY sub mH mI mW hH hI path
        if (!split(record, 8, fields, path) || fields[0] != "1" || !valid_xy(fields[1]))
          return malformed("a changed entry with too few fields");
        const char x = fields[1][0];
        const char y = fields[1][1];
        add(ChangedFile{std::string(path), std::nullopt, ordinary_status(x, y), x != '.', y != '.'});
        break;
      }
      case '2': {
        // 2 XY sub mH mI mW hH hI Xscore path NUL origPath
        if (!split(record, 9, fields, path) || fields[0] != "2" || !valid_xy(fields[1]))
          return malformed("a renamed entry with too few fields");
        const char x = fields[1][0];
        const char y = fields[1][1];
        const char kind = x == 'R' || x == 'C' ? x : y;
        if ((kind != 'R' && kind != 'C') || (fields[8][0] != 'R' && fields[8][0] != 'C'))
          return malformed("a renamed entry that is neither a rename nor a copy");
        if (output.empty()) {  // its original path was cut off with the rest
          status.truncated = true;
          break;
        }
        const auto original_end = output.find('\0');
        const auto original = output.substr(0, original_end);
        output.remove_prefix(original_end + 1);
        if (original.empty()) return malformed("a rename without its original path");
        add(ChangedFile{std::string(path), std::string(original),
                        kind == 'R' ? FileStatus::renamed : FileStatus::copied, x != '.', y != '.'});
        break;
      }
      case 'u': {
        // u XY sub m1 m2 m3 mW h1 h2 h3 path
        if (!split(record, 10, fields, path) || fields[0] != "u" || !valid_xy(fields[1]))
          return malformed("an unmerged entry with too few fields");
        add(ChangedFile{std::string(path), std::nullopt, FileStatus::conflicted, false, false});
        break;
      }
      case '?':
        if (record.size() < 3 || record[1] != ' ') return malformed("an untracked entry without a path");
        add(ChangedFile{std::string(record.substr(2)), std::nullopt, FileStatus::untracked, false, true});
        break;
      case '!':
        break;  // ignored files: not a change
      default:
        return malformed("a line that starts with \"" + std::string(record.substr(0, 1)) + "\"");
    }
  }
  return status;
}

}  // namespace tether::server::workbench
