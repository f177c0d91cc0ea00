// Protocol error codes and the error value every decoder returns. A code names what
// went wrong for a program; the message says it for a person; the hint says what to do.
#pragma once

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace tether::protocol {

enum class ErrorCode {
  invalid_json,
  invalid_message,
  unknown_type,
  message_too_large,
  session_not_found,
  unauthorized,
  forbidden,
  not_found,
  method_not_allowed,
  upgrade_required,
  rate_limited,
  overloaded,
  backend_unavailable,
  backend_error,
  folder_missing,
  internal,
};

std::string_view to_string(ErrorCode code) noexcept;
std::optional<ErrorCode> parse_error_code(std::string_view text) noexcept;

// The HTTP status that carries this code in a REST answer.
unsigned http_status(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string hint;

  friend bool operator==(const Error&, const Error&) = default;
};

// Builds an Error whose hint is the default one for its code.
Error make_error(ErrorCode code, std::string message);

template <class T>
using Result = boost::system::result<T, Error>;

// Lets Result<T>::value() throw on an Error (found by ADL from boost::system::result).
[[noreturn]] void throw_exception_from_error(const Error& error, const boost::source_location& location);

}  // namespace tether::protocol
