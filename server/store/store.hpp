// The store thread: SQLite runs here and nowhere else, so a slow disk never stalls a
// network thread. Jobs run in submission order; each burst of queued jobs shares one
// transaction (group commit), and a job's completion is delivered only after that
// transaction has committed: a completion means "durable".
#pragma once

#include "server/store/repository.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

namespace tether::server {

class Store {
 public:
  // repository: what the jobs run on (the SQLite file, or memory in unit tests).
  // delay: a pause before each transaction (tests that need a slow disk); zero otherwise.
  // fault_file: while that file exists, every transaction fails (tests of a failing disk).
  explicit Store(std::unique_ptr<Repository> repository, std::chrono::milliseconds delay = {},
                 std::filesystem::path fault_file = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  // Runs every job already submitted, then stops the thread.
  ~Store();

  // Runs fn(Repository&) on the store thread; the handler gets (exception_ptr, result)
  // on its associated executor once the result is committed. Jobs run in FIFO order.
  //
  // Name the lambda before the co_await that calls this: GCC 12 destroys a capturing
  // lambda *temporary* inside a co_await expression twice (tests/lint checks for it).
  template <class Fn, class CompletionToken>
  auto async_run(Fn fn, CompletionToken&& token) {
    using R = std::invoke_result_t<Fn&, Repository&>;
    return boost::asio::async_initiate<CompletionToken, typename Completion<R>::signature>(
        [this](auto handler, Fn fn) {
          enqueue(std::make_unique<TypedJob<Fn, decltype(handler)>>(std::move(fn), std::move(handler)));
        },
        token, std::move(fn));
  }

  // Fire-and-forget write, still in order with every other job; a failure is logged.
  void submit(std::function<void(Repository&)> fn);

 private:
  template <class R>
  struct Completion {
    using signature = void(std::exception_ptr, R);
  };
  template <class R>
    requires std::is_void_v<R>
  struct Completion<R> {
    using signature = void(std::exception_ptr);
  };

  class Job {
   public:
    virtual ~Job() = default;
    virtual void run(Repository& repository) = 0;
    // After the commit (or the failure). error is set when run threw or the commit failed.
    virtual void complete(std::exception_ptr error) = 0;
  };

  template <class Fn, class Handler>
  class TypedJob final : public Job {
   public:
    TypedJob(Fn fn, Handler handler)
        : fn_(std::move(fn)),
          work_(boost::asio::prefer(boost::asio::get_associated_executor(handler),
                                    boost::asio::execution::outstanding_work.tracked)),
          handler_(std::move(handler)) {}

    void run(Repository& repository) override {
      if constexpr (std::is_void_v<R>) {
        fn_(repository);
      } else {
        result_.emplace(fn_(repository));
      }
    }

    void complete(std::exception_ptr error) override {
      boost::asio::post(work_, [handler = std::move(handler_), result = std::move(result_), error]() mutable {
        if constexpr (std::is_void_v<R>) {
          std::move(handler)(error);
        } else {
          std::move(handler)(error, error || !result ? R{} : std::move(*result));
        }
      });
    }

   private:
    using R = std::invoke_result_t<Fn&, Repository&>;
    Fn fn_;
    // Keeps the handler's io_context running until the completion is delivered.
    boost::asio::any_io_executor work_;
    Handler handler_;
    std::optional<std::conditional_t<std::is_void_v<R>, char, R>> result_;
  };

  void enqueue(std::unique_ptr<Job> job);
  void run_thread();

  std::unique_ptr<Repository> repository_;
  std::chrono::milliseconds delay_;
  std::filesystem::path fault_file_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tether::server
