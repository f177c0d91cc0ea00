// A thin RAII layer over the SQLite C API: a connection, prepared statements with
// typed binds and reads. Errors throw StoreError with SQLite's text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tether::server::sqlite {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t number);
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);

  // Advances to the next row; false when done. Resets itself after the last row.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
};

class Connection {
 public:
  explicit Connection(const std::filesystem::path& file);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  void execute(std::string_view sql);
  Statement prepare(std::string_view sql);
  // The same statement, prepared on first use and kept: for the statements every flush
  // runs, where preparing costs more than executing.
  Statement& cached(std::string_view sql);
  std::int64_t changes() const;

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, Statement, std::less<>> cache_;
};

}  // namespace tether::server::sqlite
