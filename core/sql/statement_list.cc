// StatementList: statements as places in their script's text.
#include "core/sql/statement_list.h"

#include <string.h>

#include <algorithm>
#include <tuple>

namespace shiftway::sql {

StatementList StatementList::Own(Dialect dialect, std::string text, std::optional<SplitProblem>* problem) {
  StatementList list;
  list.owned_ = std::make_shared<const std::string>(std::move(text));
  list.text_ = list.owned_.get();
  list.Fill(dialect, problem);
  return list;
}

StatementList StatementList::Borrow(Dialect dialect, const std::string& text, std::optional<SplitProblem>* problem) {
  StatementList list;
  list.text_ = &text;
  list.Fill(dialect, problem);
  return list;
}

void StatementList::Fill(Dialect dialect, std::optional<SplitProblem>* problem) {
  SplitEach(
      dialect, *text_,
      [this](Statement&& st) {
        // The splitters cut a statement's text out of the script unchanged; should one ever
        // rewrite it, that statement's own text is kept, so what runs is always what it returned.
        if (st.offset > text_->size() || text_->compare(st.offset, st.text.size(), st.text) != 0) {
          rewritten_.emplace(places_.size(), st.text);
        }
        if (st.has_copy_data) copy_data_.emplace(places_.size(), std::move(st.copy_data));
        if (st.text.size() > UINT32_MAX || st.line < 1 || ColumnAt(st.offset) != st.column) {
          unusual_.emplace(places_.size(), std::make_pair(st.text.size(), st.column));
        }
        places_.push_back({st.offset, static_cast<std::uint32_t>(st.text.size()), static_cast<std::uint32_t>(st.line)});
      },
      problem);
  places_.shrink_to_fit();
}

int StatementList::ColumnAt(std::size_t offset) const {
  // The splitters count columns in bytes from the last '\n' (scan::LineCounter).
  const std::size_t end = std::min(offset, text_->size());
  const void* nl = end == 0 ? nullptr : memrchr(text_->data(), '\n', end);
  const std::size_t line_start = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text_->data()) + 1 : 0;
  return static_cast<int>(offset - line_start) + 1;
}

Statement StatementList::operator[](std::size_t i) const {
  const Place& p = places_.at(i);
  std::size_t length = p.length;
  int column = 0;
  if (auto it = unusual_.find(i); it != unusual_.end()) std::tie(length, column) = it->second;
  Statement st;
  if (auto it = rewritten_.find(i); it != rewritten_.end()) {
    st.text = it->second;
  } else {
    st.text.assign(*text_, p.offset, length);
  }
  st.line = static_cast<int>(p.line);
  st.column = column > 0 ? column : ColumnAt(p.offset);
  st.offset = p.offset;
  if (auto it = copy_data_.find(i); it != copy_data_.end()) {
    st.has_copy_data = true;
    st.copy_data = it->second;
  }
  return st;
}

}  // namespace shiftway::sql
