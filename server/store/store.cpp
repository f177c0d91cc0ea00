#include "server/store/store.hpp"

#include "server/metrics/metrics.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <vector>

namespace tether::server {
namespace {
// A burst larger than this is split over several transactions so that one huge burst
// cannot delay every completion behind it for long.
constexpr std::size_t kMaxJobsPerTransaction = 512;
}  // namespace

Store::Store(std::unique_ptr<Repository> repository, std::chrono::milliseconds delay, std::filesystem::path fault_file)
    : repository_(std::move(repository)),
      delay_(delay),
      fault_file_(std::move(fault_file)),
      thread_([this] { run_thread(); }) {}

Store::~Store() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

namespace {
// The completion of a fire-and-forget job: log a failure, nothing else to tell.
class LoggedJob final {
 public:
  void operator()(std::exception_ptr error) const {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      spdlog::error("store: write failed: {}", e.what());
    }
  }
};
}  // namespace

void Store::submit(std::function<void(Repository&)> fn) {
  class FireAndForget final : public Job {
   public:
    explicit FireAndForget(std::function<void(Repository&)> fn) : fn_(std::move(fn)) {}
    void run(Repository& repository) override { fn_(repository); }
    void complete(std::exception_ptr error) override { LoggedJob{}(error); }

   private:
    std::function<void(Repository&)> fn_;
  };
  enqueue(std::make_unique<FireAndForget>(std::move(fn)));
}

void Store::enqueue(std::unique_ptr<Job> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void Store::run_thread() {
  std::vector<std::unique_ptr<Job>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is done
      while (!queue_.empty() && batch.size() < kMaxJobsPerTransaction) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }

    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    std::vector<std::exception_ptr> errors(batch.size());
    std::chrono::steady_clock::time_point commit_started;
    try {
      std::error_code ignored;
      if (!fault_file_.empty() && std::filesystem::exists(fault_file_, ignored)) {
        throw std::runtime_error("disk I/O error (injected: " + fault_file_.string() + " exists)");
      }
      commit_started = std::chrono::steady_clock::now();
      repository_->begin();
      for (std::size_t i = 0; i < batch.size(); ++i) {
        // A failing job rolls back only itself: SAVEPOINT keeps the others in the batch.
        try {
          repository_->savepoint();
          batch[i]->run(*repository_);
          repository_->release_savepoint();
        } catch (...) {
          errors[i] = std::current_exception();
          repository_->rollback_to_savepoint();
        }
      }
      repository_->commit();
      metrics::registry().store_commit_seconds.observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - commit_started).count());
    } catch (const std::exception& error) {
      spdlog::error("store: transaction failed: {}", error.what());
      try {
        repository_->rollback();
      } catch (...) {
      }
      for (auto& e : errors)
        if (!e) e = std::current_exception();
    }

    for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->complete(errors[i]);
    batch.clear();
  }
}

}  // namespace tether::server
