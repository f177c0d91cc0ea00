// Terminal handling for `tether chat` (see chat_terminal.hpp).
#include "cli/chat_terminal.hpp"

#include <cstdlib>
#include <iostream>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace tether::cli {

struct Terminal::Saved {
  termios attributes{};
};

namespace {
constexpr std::string_view kPrompt = "> ";

// Drops the last UTF-8 character (not just the last byte).
void pop_character(std::string& text) {
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((byte & 0xC0) != 0x80) break;
  }
}
}  // namespace

Terminal::Terminal() {
  screen_ = ::isatty(STDOUT_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  color_ = screen_ && (no_color == nullptr || *no_color == '\0');
  if (::isatty(STDIN_FILENO) == 1) {
    saved_ = std::make_unique<Saved>();
    if (::tcgetattr(STDIN_FILENO, &saved_->attributes) == 0) {
      termios raw = saved_->attributes;
      // No line buffering, no echo, no signal keys: Ctrl-C and Ctrl-R arrive as bytes.
      raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG | IEXTEN));
      raw.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL));
      raw.c_cc[VMIN] = 1;
      raw.c_cc[VTIME] = 0;
      raw_input_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
    }
  }
  if (screen_) {
    std::lock_guard lock(mutex_);
    region_rows_ = rows() - 1;
    // Make room for the status row, then keep scrolling above it.
    write_locked("\n\x1b[1;" + std::to_string(region_rows_) + "r\x1b[" + std::to_string(region_rows_) + ";1H");
  }
}

Terminal::~Terminal() {
  std::lock_guard lock(mutex_);
  if (screen_) {
    write_locked("\x1b[r\x1b[" + std::to_string(rows()) + ";1H\x1b[2K");  // whole screen scrolls again
  }
  if (raw_input_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_->attributes);
}

int Terminal::rows() const {
  winsize size{};
  return ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 2 ? size.ws_row : 24;
}

int Terminal::columns() const {
  winsize size{};
  return ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10 ? size.ws_col : 80;
}

void Terminal::write_locked(std::string_view bytes) {
  std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout.flush();
}

void Terminal::print(std::string_view text) {
  if (text.empty()) return;
  std::lock_guard lock(mutex_);
  if (prompt_visible_ && screen_) write_locked("\r\x1b[2K");
  else if (prompt_visible_) write_locked("\n");
  prompt_visible_ = false;
  write_locked(text);
  partial_line_ = text.back() != '\n';
}

void Terminal::show_prompt() {
  std::lock_guard lock(mutex_);
  if (partial_line_) write_locked("\n");
  partial_line_ = false;
  draw_prompt_locked();
}

void Terminal::draw_prompt_locked() {
  if (!raw_input_) return;  // a piped stdin has no one to prompt
  write_locked(std::string("\r") + (screen_ ? "\x1b[2K" : "") + std::string(kPrompt) + buffer_);
  prompt_visible_ = true;
}

void Terminal::set_status(const std::string& text) {
  std::lock_guard lock(mutex_);
  status_ = text;
  draw_status_locked();
}

void Terminal::draw_status_locked() {
  if (!screen_) return;
  const int height = rows();
  if (height - 1 != region_rows_) {  // the window was resized
    region_rows_ = height - 1;
    write_locked("\x1b" "7\x1b[1;" + std::to_string(region_rows_) + "r\x1b" "8");
  }
  // Save the cursor, draw on the last row, come back: output is not disturbed.
  write_locked("\x1b" "7\x1b[" + std::to_string(height) + ";1H\x1b[2K" + status_ + "\x1b" "8");
}

Terminal::Input Terminal::read() {
  if (!raw_input_) {
    std::string line;
    if (!std::getline(std::cin, line)) return {Input::Kind::quit, {}};
    return {Input::Kind::line, line};
  }
  {
    std::lock_guard lock(mutex_);
    if (!prompt_visible_ && !partial_line_) draw_prompt_locked();
  }
  for (;;) {
    unsigned char byte = 0;
    const auto got = ::read(STDIN_FILENO, &byte, 1);
    if (got <= 0) return {Input::Kind::quit, {}};
    std::lock_guard lock(mutex_);
    switch (byte) {
      case 0x03:  // Ctrl-C
        write_locked("\r\n");
        return {Input::Kind::quit, {}};
      case 0x04:  // Ctrl-D: quit on an empty line, like a shell
        if (buffer_.empty()) {
          write_locked("\r\n");
          return {Input::Kind::quit, {}};
        }
        continue;
      case 0x12:  // Ctrl-R
        return {Input::Kind::retry, {}};
      case '\r':
      case '\n': {
        if (!prompt_visible_) {  // typed during a streaming reply: show it where it is sent
          if (partial_line_) write_locked("\n");
          partial_line_ = false;
          draw_prompt_locked();
        }
        auto line = std::move(buffer_);
        buffer_.clear();
        write_locked("\r\n");
        prompt_visible_ = false;
        return {Input::Kind::line, std::move(line)};
      }
      case 0x7f:
      case 0x08:
        pop_character(buffer_);
        break;
      case 0x15:  // Ctrl-U
        buffer_.clear();
        break;
      case 0x1b: {  // an escape sequence (arrows…): not supported, swallowed whole
        unsigned char next = 0;
        if (::read(STDIN_FILENO, &next, 1) == 1 && next == '[') {
          while (::read(STDIN_FILENO, &next, 1) == 1 && !(next >= 0x40 && next <= 0x7e)) {
          }
        }
        continue;
      }
      default:
        if (byte < 0x20) continue;
        buffer_.push_back(static_cast<char>(byte));
        break;
    }
    if (!partial_line_) draw_prompt_locked();  // during a streaming reply, typing waits unseen
  }
}

}  // namespace tether::cli
