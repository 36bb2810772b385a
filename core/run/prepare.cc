// Script preparation shared by migrate and undo.
#include <filesystem>
#include <optional>

#include "core/run/common.h"
#include "core/sql/transaction_control.h"

namespace shiftway::run {

Result<Prepared> PrepareScript(Session& s, const migration::MigrationFile& file) {
  Prepared p;
  const sql::Dialect dialect = s.driver().dialect();
  std::optional<sql::SplitProblem> problem;
  if (s.HasPlaceholders(file.text)) {
    auto text = s.ReplacePlaceholders(file.text, file.path, std::filesystem::path(file.script).filename().string());
    if (!text) return Fail(text.error());
    p.statements = sql::StatementList::Own(dialect, std::move(*text), &problem);
  } else {
    // The discovered text outlives the run, so the statements point into it instead of a copy.
    p.statements = sql::StatementList::Borrow(dialect, file.text, &problem);
  }
  if (problem) return Fail(SplitError(*problem, file.path));
  std::optional<sql::Statement> own, non_tx;
  size_t non_tx_count = 0;
  // A transaction the file opens and never closes would be rolled back when the connection ends,
  // after shiftway had reported the file applied: refuse it before anything runs.
  std::optional<sql::Statement> left_open;
  for (const auto& st : p.statements) {
    if (sql::IsTransactionControl(st)) {
      if (!own) own = st;
      if (sql::OpensTransaction(st)) {
        left_open = st;
      } else {
        left_open.reset();
      }
    }
    if (s.driver().CannotRunInTransaction(st)) {
      if (!non_tx) non_tx = st;
      ++non_tx_count;
    }
  }
  if (left_open) {
    return Fail(Error(ErrorCode::kMigration, "this " + sql::LeadingKeywords(left_open->text, 1) +
                                                 " opens a transaction that the file never commits")
                    .At(SourcePos{file.path, left_open->line, left_open->column})
                    .Note("the database would roll it back when the connection closes, with every statement after it")
                    .Note("nothing was applied")
                    .Hint("end the file with COMMIT, or remove its BEGIN and let shiftway run the file in a transaction"));
  }
  const bool in_tx = file.config.execute_in_transaction.value_or(s.settings().execute_in_transaction);
  if (own) {
    p.mode = Mode::kOwnTransaction;
  } else if (!in_tx) {
    p.mode = Mode::kNoTransaction;
  } else if (non_tx) {
    if (non_tx_count == p.statements.size() || s.settings().mixed || file.config.execute_in_transaction.has_value()) {
      p.mode = Mode::kNoTransaction;
    } else {
      return Fail(Error(ErrorCode::kConfig,
                        "this migration mixes a statement that cannot run in a transaction (" +
                            sql::LeadingKeywords(non_tx->text, 4) + ") with statements that can")
                      .At(SourcePos{file.path, non_tx->line, non_tx->column})
                      .Note("nothing was applied")
                      .Hint("move it to a migration of its own, or allow it to run without a transaction: "
                            "executeInTransaction=false in " + file.path + ".conf, or mixed=true"));
    }
  }
  return p;
}

}  // namespace shiftway::run
