// The terminal of `tether chat`: output that scrolls, a one-line status pinned to the
// bottom row (a scroll region), and a small line editor in raw mode so that Ctrl-R
// (retry now) works while typing. With a non-TTY stdin it reads plain lines; with a
// non-TTY stdout it writes plain text, no status line, no escape sequences.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace tether::cli {

class Terminal {
 public:
  Terminal();
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  bool color() const noexcept { return color_; }
  // False when stdin is a pipe or file: lines come from a script.
  bool keyboard() const noexcept { return raw_input_; }

  // Output; any thread. A partial line (a streaming reply) keeps the prompt hidden
  // until show_prompt().
  void print(std::string_view text);
  void show_prompt();
  // The bottom status line; any thread. Ignored when stdout is not a terminal.
  void set_status(const std::string& text);

  struct Input {
    enum class Kind { line, retry, quit } kind = Kind::quit;
    std::string line;
  };
  // Blocks for the next line or key command; main thread only.
  Input read();

 private:
  void draw_prompt_locked();
  void draw_status_locked();
  void write_locked(std::string_view bytes);
  int rows() const;
  int columns() const;

  std::mutex mutex_;
  bool raw_input_ = false;  // stdin is a TTY, switched to raw mode
  bool screen_ = false;     // stdout is a TTY: scroll region + status line
  bool color_ = false;
  bool prompt_visible_ = false;
  bool partial_line_ = false;
  std::string buffer_;
  std::string status_;
  int region_rows_ = 0;
  struct Saved;
  std::unique_ptr<Saved> saved_;
};

}  // namespace tether::cli
