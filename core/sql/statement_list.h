// A migration's statements, kept as places in its text rather than as copies of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sql/statement.h"

namespace shiftway::sql {

/// The statements of one script. A file of millions of short statements would take several times
/// its size as separate Statement copies; this keeps the text once and, per statement, where it
/// is, so a Statement is made only when one is asked for (and dropped after use).
class StatementList {
 public:
  StatementList() = default;

  /// Splits `text`, which the list keeps. `problem` as for Split.
  static StatementList Own(Dialect dialect, std::string text, std::optional<SplitProblem>* problem = nullptr);
  /// Splits `text`, which must outlive the list and stay unchanged (a discovered file's text).
  static StatementList Borrow(Dialect dialect, const std::string& text, std::optional<SplitProblem>* problem = nullptr);

  std::size_t size() const { return places_.size(); }
  bool empty() const { return places_.empty(); }
  /// The statement at `i`, made from the text.
  Statement operator[](std::size_t i) const;
  Statement front() const { return (*this)[0]; }

  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Statement;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Statement;
    Iterator(const StatementList* list, std::size_t i) : list_(list), i_(i) {}
    Statement operator*() const { return (*list_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    const StatementList* list_;
    std::size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, places_.size()); }

 private:
  /// 16 bytes a statement: a file of millions of one-line INSERTs keeps millions of these. The
  /// column is where the line holding `offset` starts, as the splitters count it.
  struct Place {
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t line = 1;
  };
  /// The column of a statement starting at `offset`, counted as the splitters count it.
  int ColumnAt(std::size_t offset) const;
  void Fill(Dialect dialect, std::optional<SplitProblem>* problem);

  std::shared_ptr<const std::string> owned_;
  const std::string* text_ = nullptr;
  /// A deque grows in blocks, never copying what it holds, so filling it never needs twice its size.
  std::deque<Place> places_;
  /// Statements whose length or column does not fit a Place (none in practice), by index.
  std::map<std::size_t, std::pair<std::size_t, int>> unusual_;
  /// PostgreSQL COPY ... FROM STDIN data, by statement index (rare, so kept aside).
  std::map<std::size_t, std::string> copy_data_;
  /// Statements whose text is not the slice of the script at their place (none today).
  std::map<std::size_t, std::string> rewritten_;
};

}  // namespace shiftway::sql
