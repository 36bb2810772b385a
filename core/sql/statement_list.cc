// StatementList: statements as places in their script's text.
#include "core/sql/statement_list.h"

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
        places_.push_back({st.offset, st.text.size(), st.line, st.column});
      },
      problem);
  places_.shrink_to_fit();
}

Statement StatementList::operator[](std::size_t i) const {
  const Place& p = places_.at(i);
  Statement st;
  if (auto it = rewritten_.find(i); it != rewritten_.end()) {
    st.text = it->second;
  } else {
    st.text.assign(*text_, p.offset, p.length);
  }
  st.line = p.line;
  st.column = p.column;
  st.offset = p.offset;
  if (auto it = copy_data_.find(i); it != copy_data_.end()) {
    st.has_copy_data = true;
    st.copy_data = it->second;
  }
  return st;
}

}  // namespace shiftway::sql
