// Runs blocking work (the file system, a child process) on the executor kept for it, and
// resumes the calling coroutine on its own executor with the result: network threads
// never wait on a disk or a process.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>

namespace tether::server {

template <class Fn>
auto run_blocking(const boost::asio::any_io_executor& executor, Fn fn)
    -> boost::asio::awaitable<std::invoke_result_t<Fn&>> {
  using R = std::invoke_result_t<Fn&>;
  auto run = [fn = std::move(fn)]() mutable -> boost::asio::awaitable<R> { co_return fn(); };
  co_return co_await boost::asio::co_spawn(executor, std::move(run), boost::asio::use_awaitable);
}

}  // namespace tether::server
