#pragma once
// The pending events of one logical process, ordered by (time, insertion sequence) so that events
// at the same time run in the order they were scheduled.
//
// A customer's queue rarely holds more than a dozen events, and for such sizes a sorted array beats
// a heap: insertion is a binary search and a short memmove, and the next event is the last element.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "sim/time.hpp"

namespace xsellsim::sim {

template <class Payload>
class EventQueue {
  // Insertion shifts the entries after it (the "short memmove" above): a payload is a small plain
  // value that is cheap to move and copy, never something that owns memory.
  static_assert(std::is_trivially_copyable_v<Payload>, "an event payload is a plain value");

 public:
  struct Entry {
    Time time;
    std::uint64_t sequence;
    Payload payload;
  };

  void push(Time time, Payload payload) {
    Entry entry{time, next_sequence_++, payload};
    // Kept in descending order: the earliest event sits at the back.
    auto position = std::upper_bound(entries_.begin(), entries_.end(), entry, later_first);
    entries_.insert(position, entry);
  }

  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  [[nodiscard]] const Entry& peek() const {
    assert(!entries_.empty());
    return entries_.back();
  }

  Entry pop() {
    assert(!entries_.empty());
    Entry entry = entries_.back();
    entries_.pop_back();
    return entry;
  }

  // Empties the queue but keeps its memory, so one queue serves many customers.
  void clear() {
    entries_.clear();
    next_sequence_ = 0;
  }

 private:
  static bool later_first(const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
  }

  std::vector<Entry> entries_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace xsellsim::sim
