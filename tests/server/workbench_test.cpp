// The workbench routes against the real binary: a session's project files (listing with
// paging, hidden names and .gitignore; reading text, too-large and binary files) and git
// changes (status of a repository with a staged, an unstaged, an untracked, a renamed and a
// conflicted file; diffs; a folder that is no repository), and every way out of the project
// a URL can try: "..", "%2e%2e%2f", an absolute path, a NUL, a symlink out, /proc through a
// symlink, a FIFO (refused, never waited on).
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

namespace tether::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void git(const fs::path& repo, const std::string& args, bool must_succeed = true) {
  const auto command =
      "git -C '" + repo.string() + "' -c user.name=t -c user.email=t@example.com " + args + " >/dev/null 2>&1";
  const int code = std::system(command.c_str());
  if (must_succeed) {
    EXPECT_EQ(code, 0) << command;
  }
}

struct Projects {
  fs::path base = make_temp_dir("tether-workbench-");
  fs::path root = base / "root";
  fs::path repo = root / "repo";
  fs::path plain = root / "plain";
  Projects() {
    write(base / "outside/secret.txt", "secret\n");
    // plain: no repository; files of every kind and a folder of 1,200.
    write(plain / "hello.txt", "hello, world\n");
    write(plain / ".env", "HIDDEN=1\n");
    write(plain / "binary.bin", std::string("\x89PNG\0\0\0", 7));
    write(plain / "big.txt", std::string(2u << 20, 'x'));
    write(plain / "src/app.ts", "export {}\n");
    for (int i = 0; i < 1200; ++i) write(plain / "many" / ("f" + std::to_string(10000 + i)), "");
    fs::create_directory_symlink(base / "outside", plain / "escape");
    fs::create_directory_symlink("/proc/self", plain / "proc");
    ::mkfifo((plain / "pipe").c_str(), 0600);

    // repo: a merge conflict, then a staged, an unstaged, an untracked and a renamed file.
    write(repo / "a.txt", "one\ntwo\n");
    write(repo / "conflict.txt", "base\n");
    write(repo / "old-name.txt", "a file long enough for rename detection to be sure\nline two\nline three\n");
    write(repo / ".gitignore", "build/\n*.log\n");
    git(repo, "init -q -b main");
    git(repo, "add -A");
    git(repo, "commit -q -m base");
    git(repo, "checkout -q -b other");
    write(repo / "conflict.txt", "theirs\n");
    git(repo, "commit -q -am theirs");
    git(repo, "checkout -q main");
    write(repo / "conflict.txt", "ours\n");
    git(repo, "commit -q -am ours");
    git(repo, "merge -q other", false);  // conflicts: exit 1
    write(repo / "staged.txt", "staged\n");
    git(repo, "add staged.txt");
    write(repo / "a.txt", "one\nTWO\n");
    git(repo, "mv old-name.txt new-name.txt");
    write(repo / "fresh.txt", "brand new\n");
    write(repo / "build/out.o", "obj");
    write(repo / "debug.log", "log");
  }
  ~Projects() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
};

class Workbench : public ::testing::Test {
 protected:
  // Made once for the suite (1,200 files, a dozen git commands); nothing here writes to it.
  static void SetUpTestSuite() { shared_ = new Projects(); }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }
  static inline Projects* shared_ = nullptr;
  const Projects& projects = *shared_;
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "1", "--workspace", projects.root.string()}}};
  std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()},
                                            {"Content-Type", "application/json"}};

  std::pair<unsigned, json::object> call(const std::string& method, const std::string& target,
                                         const std::string& body = "") {
    auto result = http_request(server.port(), method, target, body, bearer);
    auto parsed = protocol::parse_object(result.body);
    return {result.status, parsed ? *parsed : json::object{}};
  }
  std::string session_in(const std::string& cwd) {
    auto [status, created] = call("POST", "/api/sessions", json::serialize(json::object{{"cwd", cwd}}));
    EXPECT_EQ(status, 201u) << json::serialize(created);
    return status == 201u ? std::string(created.at("session").at("id").as_string()) : "missing";
  }
  static std::string code_of(const json::object& body) {
    const auto* error = body.if_contains("error");
    return error ? std::string(error->at("code").as_string()) : "(no error: " + json::serialize(body) + ")";
  }
  static std::string message_of(const json::object& body) {
    const auto* error = body.if_contains("error");
    return error ? std::string(error->at("message").as_string()) : "";
  }
  static std::vector<std::string> names(const json::object& page) {
    std::vector<std::string> found;
    for (const auto& entry : page.at("entries").as_array()) found.emplace_back(entry.at("name").as_string());
    return found;
  }
};

TEST_F(Workbench, GitStatusNamesEveryKindOfChange) {
  const auto id = session_in("repo");
  auto [status, git] = call("GET", "/api/sessions/" + id + "/git");
  ASSERT_EQ(status, 200u) << json::serialize(git);
  EXPECT_TRUE(git.at("repository").as_bool());
  EXPECT_EQ(git.at("branch").as_string(), "main");
  EXPECT_EQ(git.at("head").as_string().size(), 40u);
  EXPECT_TRUE(git.at("upstream").is_null());
  EXPECT_EQ(git.at("ahead").as_int64(), 0);
  EXPECT_EQ(git.at("behind").as_int64(), 0);
  EXPECT_FALSE(git.at("truncated").as_bool());
  std::map<std::string, json::object> files;
  for (const auto& file : git.at("files").as_array()) files[std::string(file.at("path").as_string())] = file.as_object();
  ASSERT_EQ(files.size(), 5u) << json::serialize(git);  // nothing ignored (build/, debug.log)
  EXPECT_EQ(files["conflict.txt"].at("status").as_string(), "conflicted");
  EXPECT_EQ(files["staged.txt"].at("status").as_string(), "added");
  EXPECT_TRUE(files["staged.txt"].at("staged").as_bool());
  EXPECT_FALSE(files["staged.txt"].at("unstaged").as_bool());
  EXPECT_EQ(files["a.txt"].at("status").as_string(), "modified");
  EXPECT_FALSE(files["a.txt"].at("staged").as_bool());
  EXPECT_TRUE(files["a.txt"].at("unstaged").as_bool());
  EXPECT_EQ(files["fresh.txt"].at("status").as_string(), "untracked");
  EXPECT_EQ(files["new-name.txt"].at("status").as_string(), "renamed");
  EXPECT_EQ(files["new-name.txt"].at("oldPath").as_string(), "old-name.txt");
  EXPECT_FALSE(files["a.txt"].contains("oldPath"));
  EXPECT_FALSE(fs::exists(projects.repo / ".git/index.lock"));
}

TEST_F(Workbench, GitDiffsOfTheTreeTheIndexAndAnUntrackedFile) {
  const auto id = session_in("repo");
  const auto diff = "/api/sessions/" + id + "/git/diff";
  auto [status, all] = call("GET", diff);
  ASSERT_EQ(status, 200u) << json::serialize(all);
  const std::string text(all.at("diff").as_string());
  EXPECT_NE(text.find("+TWO"), std::string::npos) << text;
  EXPECT_FALSE(all.at("truncated").as_bool());
  auto [staged_status, staged] = call("GET", diff + "?staged=1");
  ASSERT_EQ(staged_status, 200u);
  const std::string staged_text(staged.at("diff").as_string());
  EXPECT_NE(staged_text.find("+staged"), std::string::npos) << staged_text;
  EXPECT_NE(staged_text.find("rename to new-name.txt"), std::string::npos) << staged_text;
  auto [untracked_status, untracked] = call("GET", diff + "?path=fresh.txt");
  ASSERT_EQ(untracked_status, 200u) << json::serialize(untracked);
  EXPECT_NE(std::string(untracked.at("diff").as_string()).find("+brand new"), std::string::npos);
  auto [one_status, one] = call("GET", diff + "?path=a.txt");
  EXPECT_NE(std::string(one.at("diff").as_string()).find("+TWO"), std::string::npos);
  EXPECT_EQ(std::string(one.at("diff").as_string()).find("conflict"), std::string::npos);
  for (const auto* path : {"..", "%2e%2e%2f..%2fetc%2fpasswd", "/etc/passwd", "../plain/hello.txt"}) {
    auto [out_status, out] = call("GET", diff + "?path=" + path);
    EXPECT_EQ(out_status, 403u) << path << ": " << json::serialize(out);
  }
}

TEST_F(Workbench, AFolderThatIsNoRepository) {
  const auto id = session_in("plain");
  auto [status, git] = call("GET", "/api/sessions/" + id + "/git");
  ASSERT_EQ(status, 200u) << json::serialize(git);
  EXPECT_EQ(json::serialize(git), R"({"repository":false})");
  auto [diff_status, diff] = call("GET", "/api/sessions/" + id + "/git/diff");
  EXPECT_EQ(diff_status, 404u) << json::serialize(diff);
  EXPECT_EQ(call("GET", "/api/sessions/nosuchsession/git").first, 404u);
}

TEST_F(Workbench, ListingPagesHidesAndRespectsGitignore) {
  const auto plain = "/api/sessions/" + session_in("plain") + "/files";
  auto [status, top] = call("GET", plain);
  ASSERT_EQ(status, 200u) << json::serialize(top);
  EXPECT_EQ(top.at("path").as_string(), "");
  // Directories first (a symlink is a symlink, wherever it leads), then names in byte order.
  EXPECT_EQ(names(top), (std::vector<std::string>{"many", "src", "big.txt", "binary.bin", "escape", "hello.txt",
                                                  "pipe", "proc"}))
      << json::serialize(top);
  const auto& entries = top.at("entries").as_array();
  EXPECT_EQ(entries[0].at("kind").as_string(), "directory");
  EXPECT_EQ(entries[2].at("kind").as_string(), "file");
  EXPECT_EQ(entries[4].at("kind").as_string(), "symlink");
  EXPECT_EQ(entries[5].at("size").as_int64(), 13);
  EXPECT_EQ(entries[6].at("kind").as_string(), "other");
  EXPECT_EQ(top.at("ignoredHidden").as_int64(), 0);
  auto [hidden_status, hidden] = call("GET", plain + "?hidden=1");
  EXPECT_EQ(names(hidden)[2], ".env");

  auto [first_status, first] = call("GET", plain + "?path=many");
  ASSERT_EQ(first_status, 200u);
  EXPECT_EQ(first.at("entries").as_array().size(), 500u);
  EXPECT_EQ(first.at("total").as_int64(), 1200);
  EXPECT_EQ(first.at("nextOffset").as_int64(), 500);
  auto [last_status, last] = call("GET", plain + "?path=many&offset=1000");
  EXPECT_EQ(last.at("entries").as_array().size(), 200u);
  EXPECT_EQ(names(last).front(), "f11000");
  EXPECT_TRUE(last.at("nextOffset").is_null());
  auto [all_status, all] = call("GET", plain + "?path=many&limit=100000");
  EXPECT_EQ(all.at("entries").as_array().size(), 1200u);
  EXPECT_EQ(call("GET", plain + "?limit=0").first, 400u);
  EXPECT_EQ(call("GET", plain + "?offset=x").first, 400u);

  const auto repo = "/api/sessions/" + session_in("repo") + "/files";
  auto [repo_status, repo_top] = call("GET", repo);
  ASSERT_EQ(repo_status, 200u) << json::serialize(repo_top);
  EXPECT_EQ(names(repo_top), (std::vector<std::string>{"a.txt", "conflict.txt", "fresh.txt", "new-name.txt",
                                                       "staged.txt"}));
  EXPECT_EQ(repo_top.at("ignoredHidden").as_int64(), 2);  // build/ and debug.log
  auto [repo_hidden_status, repo_hidden] = call("GET", repo + "?hidden=1");
  EXPECT_EQ(names(repo_hidden).front(), ".gitignore") << ".git is never listed";
  EXPECT_EQ(repo_hidden.at("total").as_int64(), 6);
}

TEST_F(Workbench, ReadsTextAndSaysWhenAFileIsTooLargeOrBinary) {
  const auto file = "/api/sessions/" + session_in("plain") + "/file?path=";
  auto [status, hello] = call("GET", file + "hello.txt");
  ASSERT_EQ(status, 200u) << json::serialize(hello);
  EXPECT_EQ(json::serialize(hello),
            R"({"path":"hello.txt","size":13,"tooLarge":false,"binary":false,"text":"hello, world\n"})");
  auto [big_status, big] = call("GET", file + "big.txt");
  ASSERT_EQ(big_status, 200u);
  EXPECT_EQ(json::serialize(big), R"({"path":"big.txt","size":2097152,"tooLarge":true,"limit":1048576})");
  auto [binary_status, binary] = call("GET", file + "binary.bin");
  EXPECT_EQ(json::serialize(binary), R"({"path":"binary.bin","size":7,"tooLarge":false,"binary":true})");
  auto [nested_status, nested] = call("GET", file + "src%2Fapp.ts");
  EXPECT_EQ(nested.at("text").as_string(), "export {}\n");
}

TEST_F(Workbench, EveryWayOutOfTheProjectIsRefused) {
  const auto id = session_in("plain");
  const auto file = "/api/sessions/" + id + "/file?path=";
  const std::vector<std::pair<std::string, unsigned>> cases{
      {"..", 403},
      {"../plain/hello.txt", 403},
      {"%2e%2e%2fplain%2fhello.txt", 403},  // decoded once by the URL parser, then checked
      {"src/../../root/plain/hello.txt", 403},
      {"/etc/passwd", 403},
      {"escape/secret.txt", 403},           // a symlink out of the project
      {"proc/environ", 403},                // /proc/self/environ through a symlink
      {"hello.txt%00.png", 400},            // a NUL
      {"pipe", 400},                        // a FIFO: refused, never opened for reading
      {"src", 400},                         // a directory
      {"missing.txt", 404},
      {"", 400},
  };
  for (const auto& [path, expected] : cases) {
    auto [status, body] = call("GET", file + path);
    EXPECT_EQ(status, expected) << path << ": " << json::serialize(body);
    if (expected == 403) {
      EXPECT_NE(message_of(body).find("is outside the project"), std::string::npos) << path;
    }
  }
  auto [fifo_status, fifo] = call("GET", file + "pipe");
  EXPECT_NE(message_of(fifo).find("is a FIFO, not a file"), std::string::npos) << json::serialize(fifo);
  const auto files = "/api/sessions/" + id + "/files?path=";
  for (const auto* path : {"..", "%2e%2e", "escape", "proc", "/"})
    EXPECT_EQ(call("GET", files + path).first, 403u) << path;
  EXPECT_EQ(call("GET", "/api/sessions/nosuchsession/file?path=hello.txt").first, 404u);
  EXPECT_EQ(call("POST", file + "hello.txt").first, 405u);
}

}  // namespace
}  // namespace tether::testing
