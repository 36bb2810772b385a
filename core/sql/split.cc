// Picks the statement splitter for a dialect.
#include "core/sql/statement.h"

namespace shiftway::sql {

void SplitEach(Dialect dialect, std::string_view text, const StatementSink& each, std::optional<SplitProblem>* problem) {
  switch (dialect) {
    case Dialect::kSqlite:
      return SplitSqliteEach(text, each, problem);
    case Dialect::kPostgres:
      return SplitPostgresEach(text, each, problem);
    case Dialect::kMysql:
      return SplitMysqlEach(text, each, problem);
  }
}

std::vector<Statement> Split(Dialect dialect, std::string_view text, std::optional<SplitProblem>* problem) {
  std::vector<Statement> out;
  SplitEach(dialect, text, [&out](Statement&& st) { out.push_back(std::move(st)); }, problem);
  return out;
}

namespace {

std::vector<Statement> Collect(void (*split)(std::string_view, const StatementSink&, std::optional<SplitProblem>*),
                               std::string_view text, std::optional<SplitProblem>* problem) {
  std::vector<Statement> out;
  split(text, [&out](Statement&& st) { out.push_back(std::move(st)); }, problem);
  return out;
}

}  // namespace

std::vector<Statement> SplitSqlite(std::string_view text, std::optional<SplitProblem>* problem) {
  return Collect(SplitSqliteEach, text, problem);
}
std::vector<Statement> SplitPostgres(std::string_view text, std::optional<SplitProblem>* problem) {
  return Collect(SplitPostgresEach, text, problem);
}
std::vector<Statement> SplitMysql(std::string_view text, std::optional<SplitProblem>* problem) {
  return Collect(SplitMysqlEach, text, problem);
}

}  // namespace shiftway::sql
