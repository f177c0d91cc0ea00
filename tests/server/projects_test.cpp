// Projects against the real binary (echo backend): the folder picker and session creation
// inside the workspace roots only (traversal through "..", "%2e%2e", a symlink, an absolute
// path elsewhere: refused), paging and hidden folders, the project list, a model and mode
// stored with a new session, and a project folder deleted under a live session.
#include "tests/support/server_process.hpp"
#include "tests/support/test_client.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <fstream>

namespace tether::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using protocol::MessageType;

struct Workspace {
  fs::path base = make_temp_dir("tether-projects-");
  fs::path root = base / "root";
  Workspace() {
    for (const auto* dir : {"root/shop/src", "root/blog", "root/.hidden", "root/zeta", "outside/secret"})
      fs::create_directories(base / dir);
    std::ofstream(root / "README.md") << "not a folder\n";
    fs::create_directory_symlink(base / "outside", root / "escape");  // leads out of the root
    fs::create_directory_symlink(root / "blog", root / "blog-link");  // stays inside
  }
  ~Workspace() {
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
};

class Projects : public ::testing::Test {
 protected:
  Workspace workspace;
  ServerProcess server{ServerOptions{{"--echo-delay-ms", "1", "--workspace", workspace.root.string(), "--model",
                                      "sonnet", "--claude-config-dir", (workspace.base / "claude").string()}}};
  std::map<std::string, std::string> bearer{{"Authorization", "Bearer " + server.token()},
                                            {"Content-Type", "application/json"}};

  std::pair<unsigned, json::object> call(const std::string& method, const std::string& target,
                                         const std::string& body = "") {
    auto result = http_request(server.port(), method, target, body, bearer);
    auto parsed = protocol::parse_object(result.body);
    return {result.status, parsed ? *parsed : json::object{}};
  }
  std::string error_code(const json::object& body) {
    const auto* error = body.if_contains("error");
    return error ? std::string(error->at("code").as_string()) : "(no error: " + json::serialize(body) + ")";
  }
  std::vector<std::string> names(const json::object& page) {
    std::vector<std::string> found;
    for (const auto& folder : page.at("folders").as_array()) found.emplace_back(folder.at("name").as_string());
    return found;
  }
};

TEST_F(Projects, FolderPickerListsDirectoriesInsideTheRootsOnly) {
  auto [status, top] = call("GET", "/api/folders");
  ASSERT_EQ(status, 200u) << json::serialize(top);
  EXPECT_EQ(top.at("path").as_string(), workspace.root.string());
  EXPECT_TRUE(top.at("parent").is_null());  // the picker cannot climb above a root
  // Directories only, by name; no hidden ones; the symlink that leaves the root is not offered.
  EXPECT_EQ(names(top), (std::vector<std::string>{"blog", "blog-link", "shop", "zeta"}));
  auto [hidden_status, with_hidden] = call("GET", "/api/folders?hidden=1");
  EXPECT_EQ(names(with_hidden), (std::vector<std::string>{".hidden", "blog", "blog-link", "shop", "zeta"}));

  auto [page_status, first] = call("GET", "/api/folders?limit=2");
  EXPECT_EQ(names(first), (std::vector<std::string>{"blog", "blog-link"}));
  EXPECT_EQ(first.at("total").as_int64(), 4);
  EXPECT_EQ(first.at("nextOffset").as_int64(), 2);
  auto [next_status, second] = call("GET", "/api/folders?limit=2&offset=2");
  EXPECT_EQ(names(second), (std::vector<std::string>{"shop", "zeta"}));
  EXPECT_TRUE(second.at("nextOffset").is_null());

  auto [shop_status, shop] = call("GET", "/api/folders?path=" + (workspace.root / "shop").string());
  ASSERT_EQ(shop_status, 200u);
  EXPECT_EQ(shop.at("parent").as_string(), workspace.root.string());
  EXPECT_EQ(names(shop), (std::vector<std::string>{"src"}));
  auto [relative_status, relative] = call("GET", "/api/folders?path=shop");
  EXPECT_EQ(relative.at("path").as_string(), (workspace.root / "shop").string());
}

TEST_F(Projects, TraversalIsRefusedWithAClearError) {
  const std::string root = workspace.root.string();
  const std::vector<std::pair<std::string, unsigned>> cases{
      {"..", 403},
      {"%2e%2e", 403},                                  // percent-encoded "..": decoded once, then checked
      {"%2e%2e%2f%2e%2e%2fetc", 403},
      {"shop/../..", 403},
      {root + "/../outside", 403},
      {root + "/escape", 403},                          // a symlink out of the root
      {root + "/escape/secret", 403},
      {"/etc", 403},
      {(workspace.base / "outside").string(), 403},
      {root + "%00/etc", 400},                          // a NUL
      {root + "/missing", 404},
      {root + "/README.md", 400},                       // a file
      {"shop&limit=x", 400},
  };
  for (const auto& [path, expected] : cases) {
    auto [status, body] = call("GET", "/api/folders?path=" + path);
    EXPECT_EQ(status, expected) << path << ": " << json::serialize(body);
    ASSERT_TRUE(body.contains("error")) << path;
    if (expected == 403) {
      EXPECT_EQ(error_code(body), "forbidden") << path;
      EXPECT_NE(std::string(body.at("error").at("message").as_string()).find(root), std::string::npos) << path;
      EXPECT_NE(std::string(body.at("error").at("hint").as_string()).find("--workspace"), std::string::npos);
    }
  }
  // The same one check guards session creation.
  for (const auto& cwd : {std::string(".."), root + "/escape", std::string("/tmp"), (workspace.base / "outside").string()}) {
    auto [status, body] = call("POST", "/api/sessions", json::serialize(json::object{{"cwd", cwd}}));
    EXPECT_EQ(status, 403u) << cwd << ": " << json::serialize(body);
  }
  auto [inside_status, inside] = call("POST", "/api/sessions", R"({"cwd":"blog-link"})");
  ASSERT_EQ(inside_status, 201u) << json::serialize(inside);
  EXPECT_EQ(inside.at("session").at("cwd").as_string(), (workspace.root / "blog").string());
}

TEST_F(Projects, SessionsCarryTheirProjectModelAndModeAndTheProjectsAreListed) {
  auto [status, created] = call("POST", "/api/sessions", R"({"cwd":"shop","title":"Cart","permissionMode":"plan"})");
  ASSERT_EQ(status, 201u) << json::serialize(created);
  const auto& session = created.at("session").as_object();
  EXPECT_EQ(session.at("cwd").as_string(), (workspace.root / "shop").string());
  EXPECT_EQ(session.at("model").as_string(), "sonnet");  // tether serve --model
  EXPECT_EQ(session.at("permissionMode").as_string(), "plan");
  EXPECT_EQ(session.at("origin").as_string(), "tether");
  EXPECT_TRUE(session.at("cwdExists").as_bool());
  auto [chosen_status, chosen] = call("POST", "/api/sessions", R"({"cwd":"blog","model":"opus"})");
  EXPECT_EQ(chosen.at("session").at("model").as_string(), "opus");
  EXPECT_EQ(chosen.at("session").at("permissionMode").as_string(), "default");
  auto [bad_status, bad] = call("POST", "/api/sessions", R"({"permissionMode":"bypassPermissions"})");
  EXPECT_EQ(bad_status, 400u) << json::serialize(bad);

  auto [list_status, projects] = call("GET", "/api/projects");
  ASSERT_EQ(list_status, 200u);
  const auto& list = projects.at("projects").as_array();
  ASSERT_EQ(list.size(), 3u) << json::serialize(projects);  // blog, shop (sessions), the root
  EXPECT_EQ(list[0].at("path").as_string(), (workspace.root / "blog").string());  // newest first
  EXPECT_EQ(list[1].at("path").as_string(), (workspace.root / "shop").string());
  EXPECT_EQ(list[1].at("sessionCount").as_int64(), 1);
  EXPECT_EQ(list[1].at("name").as_string(), "shop");
  EXPECT_TRUE(list[2].at("isRoot").as_bool());
  EXPECT_EQ(list[2].at("sessionCount").as_int64(), 0);
  EXPECT_EQ(projects.at("roots").as_array()[0].as_string(), workspace.root.string());

  // Echo has no model list, but says so in the same shape.
  auto [caps_status, caps] = call("GET", "/api/claude/capabilities?cwd=shop");
  ASSERT_EQ(caps_status, 200u) << json::serialize(caps);
  EXPECT_EQ(caps.at("backend").as_string(), "echo");
  EXPECT_TRUE(caps.at("models").as_array().empty());
  EXPECT_EQ(caps.at("defaultModel").as_string(), "sonnet");
  EXPECT_EQ(call("GET", "/api/claude/capabilities?cwd=/etc").first, 403u);
  // No Claude Code config dir here: nothing to list, and no error.
  auto [transcripts_status, transcripts] = call("GET", "/api/claude/transcripts");
  EXPECT_EQ(transcripts_status, 200u);
  EXPECT_TRUE(transcripts.at("transcripts").as_array().empty());
}

TEST_F(Projects, AFolderDeletedUnderALiveSessionKeepsItReadableAndRefusesNewMessages) {
  fs::create_directories(workspace.root / "doomed");
  auto [status, created] = call("POST", "/api/sessions", R"({"cwd":"doomed"})");
  ASSERT_EQ(status, 201u);
  const std::string id(created.at("session").at("id").as_string());
  WsTestClient tab(server.port(), WsOptions{server.token()});
  const auto join = tab.send(MessageType::session_join, {{"sessionId", id}});
  tab.read_reply(join);
  const auto first = tab.send(MessageType::chat_request, {{"sessionId", id}, {"message", "before it went"}});
  EXPECT_EQ(tab.read_reply(first).type, MessageType::ack);

  fs::remove_all(workspace.root / "doomed");
  const auto second = tab.send(MessageType::chat_request, {{"sessionId", id}, {"message", "after it went"}});
  const auto refused = tab.read_reply(second, std::chrono::seconds(10));
  ASSERT_EQ(refused.type, MessageType::error);
  EXPECT_EQ(refused.payload.at("code").as_string(), "folder_missing");
  EXPECT_NE(std::string(refused.payload.at("message").as_string()).find("doomed"), std::string::npos);
  // Over the HTTP fallback: 409 with the same words.
  auto [post_status, post] = call("POST", "/api/claude/messages",
                                  json::serialize(json::object{{"id", "fb-1"},
                                                               {"type", "chat_request"},
                                                               {"payload", {{"sessionId", id}, {"message", "again"}}}}));
  EXPECT_EQ(post_status, 409u) << json::serialize(post);

  // Still readable, and marked.
  auto [get_status, got] = call("GET", "/api/sessions/" + id);
  ASSERT_EQ(get_status, 200u);
  EXPECT_FALSE(got.at("session").at("cwdExists").as_bool());
  bool kept = false;
  for (const auto& message : got.at("messages").as_array())
    kept = kept || message.at("content") == json::value("before it went");
  EXPECT_TRUE(kept) << json::serialize(got);
  auto [projects_status, projects] = call("GET", "/api/projects");
  bool marked = false;
  for (const auto& project : projects.at("projects").as_array())
    if (project.at("path").as_string() == (workspace.root / "doomed").string()) marked = !project.at("exists").as_bool();
  EXPECT_TRUE(marked) << json::serialize(projects);
}

TEST_F(Projects, ImagesAreCheckedAndKeptWithTheirMessage) {
  auto [status, created] = call("POST", "/api/sessions", R"({"cwd":"shop"})");
  const std::string id(created.at("session").at("id").as_string());
  WsTestClient tab(server.port(), WsOptions{server.token()});
  const std::string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  auto image = [](std::string type, std::string data) { return json::object{{"mediaType", type}, {"data", data}}; };
  const std::vector<std::pair<json::array, std::string>> refused{
      {json::array{image("image/tiff", png)}, "PNG, JPEG, GIF or WebP"},
      {json::array{image("image/png", "not base64!")}, "base64"},
      // 4 bytes over 5 MiB once decoded (its base64 is within the string bound).
      {json::array{image("image/png", std::string((protocol::kMaxImageBytes + 3) / 3 * 4 + 4, 'A'))}, "limit"},
      {json::array(9, image("image/png", png)), "at most 8"},
      // Two of 2.9 MiB: each within its limit, together over 5.5 MiB.
      {json::array(2, image("image/png", std::string(2'900'000 / 3 * 4, 'A'))), "together"},
  };
  for (const auto& [images, words] : refused) {
    const auto sent = tab.send(MessageType::chat_request, {{"sessionId", id}, {"message", "look"}, {"images", images}});
    const auto answer = tab.read_reply(sent, std::chrono::seconds(10));
    ASSERT_EQ(answer.type, MessageType::error) << words;
    EXPECT_EQ(answer.payload.at("code").as_string(), "invalid_message");
    EXPECT_NE(std::string(answer.payload.at("message").as_string()).find(words), std::string::npos)
        << answer.payload.at("message").as_string();
  }
  const auto sent = tab.send(MessageType::chat_request,
                             {{"sessionId", id}, {"message", "what is this?"}, {"images", {image("image/png", png)}}});
  EXPECT_EQ(tab.read_reply(sent).type, MessageType::ack);
  // A new tab sees the image in the history.
  WsTestClient later(server.port(), WsOptions{server.token()});
  const auto join = later.send(MessageType::session_join, {{"sessionId", id}});
  later.read_reply(join);
  bool seen = false;
  for (const auto& envelope : later.seen()) {
    if (envelope.type != MessageType::chat_request) continue;
    const auto* images = envelope.payload.if_contains("images");
    seen = images && images->as_array().size() == 1 && images->as_array()[0].at("data").as_string() == png;
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace tether::testing
