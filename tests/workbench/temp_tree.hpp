// A temporary folder for one test, removed with it, and small helpers to fill it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace tether::server::workbench::testing {

struct TempTree {
  std::filesystem::path base;
  TempTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tether-workbench-XXXXXX").string();
    base = ::mkdtemp(pattern.data());
  }
  ~TempTree() {
    std::error_code ignored;
    std::filesystem::permissions(base, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(base, ignored);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  std::filesystem::path write(const std::string& relative, const std::string& text) const {
    const auto path = base / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

}  // namespace tether::server::workbench::testing
