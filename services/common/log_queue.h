// A bounded queue that many threads push to without a lock and without ever waiting: the log's
// records travel through it from the threads that serve calls to the log's writer thread.
// (D. Vyukov's bounded MPMC queue: each slot has a sequence number that says whether it is free
// for the push of a given position or holds the record for the pop of that position.)
// Records come out in the order their pushes took positions, so one thread's records stay in
// the order that thread pushed them.
#ifndef JISR_SERVICES_COMMON_LOG_QUEUE_H_
#define JISR_SERVICES_COMMON_LOG_QUEUE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace jisr {

template <typename T>
class LogQueue {
 public:
  // `capacity` is rounded up to a power of two (at least 2).
  explicit LogQueue(size_t capacity) : mask_(RoundUp(capacity) - 1), slots_(new Slot[mask_ + 1]) {
    for (size_t i = 0; i <= mask_; ++i) slots_[i].sequence.store(i, std::memory_order_relaxed);
  }

  size_t capacity() const { return mask_ + 1; }

  // False, leaving `item` as it was, when the queue is full.
  bool TryPush(T& item) {
    size_t position = push_position_.load(std::memory_order_relaxed);
    for (;;) {
      Slot& slot = slots_[position & mask_];
      const size_t sequence = slot.sequence.load(std::memory_order_acquire);
      const intptr_t lag = static_cast<intptr_t>(sequence) - static_cast<intptr_t>(position);
      if (lag == 0) {
        // compare_exchange_weak refreshes `position` when another thread took it first.
        if (push_position_.compare_exchange_weak(position, position + 1,
                                                 std::memory_order_relaxed)) {
          slot.item = std::move(item);
          slot.sequence.store(position + 1, std::memory_order_release);
          return true;
        }
      } else if (lag < 0) {
        return false;  // the slot still holds the record of one lap ago: full
      } else {
        position = push_position_.load(std::memory_order_relaxed);
      }
    }
  }

  // False when the queue is empty (or the next record's push has not finished yet).
  bool TryPop(T& out) {
    size_t position = pop_position_.load(std::memory_order_relaxed);
    for (;;) {
      Slot& slot = slots_[position & mask_];
      const size_t sequence = slot.sequence.load(std::memory_order_acquire);
      const intptr_t lag = static_cast<intptr_t>(sequence) - static_cast<intptr_t>(position + 1);
      if (lag == 0) {
        if (pop_position_.compare_exchange_weak(position, position + 1,
                                                std::memory_order_relaxed)) {
          out = std::move(slot.item);
          slot.sequence.store(position + mask_ + 1, std::memory_order_release);
          return true;
        }
      } else if (lag < 0) {
        return false;
      } else {
        position = pop_position_.load(std::memory_order_relaxed);
      }
    }
  }

  // About how many records wait (exact when nobody pushes or pops).
  size_t ApproximateSize() const {
    const size_t pushed = push_position_.load(std::memory_order_relaxed);
    const size_t popped = pop_position_.load(std::memory_order_relaxed);
    return pushed > popped ? pushed - popped : 0;
  }

 private:
  struct Slot {
    std::atomic<size_t> sequence;
    T item;
  };
  static size_t RoundUp(size_t n) {
    size_t power = 2;
    while (power < n) power <<= 1;
    return power;
  }

  const size_t mask_;
  const std::unique_ptr<Slot[]> slots_;
  // Apart, so that pushing threads and the popping thread do not share a cache line.
  alignas(64) std::atomic<size_t> push_position_{0};
  alignas(64) std::atomic<size_t> pop_position_{0};
};

}  // namespace jisr

#endif  // JISR_SERVICES_COMMON_LOG_QUEUE_H_
