// Statements that control transactions (BEGIN, COMMIT, ...), which the runner must not wrap.
#pragma once

#include <string>
#include <string_view>

#include "core/sql/statement.h"

namespace shiftway::sql {

/// The first n words of a statement, upper-cased and joined by single spaces.
std::string LeadingKeywords(std::string_view text, int n);

/// BEGIN, BEGIN TRANSACTION/WORK/IMMEDIATE/..., START TRANSACTION, COMMIT, END, ROLLBACK, ABORT.
bool IsTransactionControl(const Statement& statement);

/// The transaction control statements that open a transaction: BEGIN ..., START TRANSACTION.
bool OpensTransaction(const Statement& statement);

}  // namespace shiftway::sql
