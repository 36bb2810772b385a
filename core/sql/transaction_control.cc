// Recognising statements that start or end a transaction, in any dialect.
#include <cctype>
#include <string>

#include "core/sql/statement.h"
#include "core/sql/transaction_control.h"

namespace shiftway::sql {

std::string LeadingKeywords(std::string_view text, int n) {
  std::string out;
  size_t i = 0;
  for (int w = 0; w < n && i < text.size(); ++w) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
    if (i == start) break;
    if (!out.empty()) out += ' ';
    for (size_t k = start; k < i; ++k) out += static_cast<char>(std::toupper(static_cast<unsigned char>(text[k])));
  }
  return out;
}

bool IsTransactionControl(const Statement& statement) {
  const std::string words = LeadingKeywords(statement.text, 2);
  const std::string first = words.substr(0, words.find(' '));
  if (first == "COMMIT" || first == "ROLLBACK" || first == "ABORT") {
    return words != "ROLLBACK TO";  // ROLLBACK TO SAVEPOINT stays inside the transaction
  }
  if (words == "START TRANSACTION") return true;
  if (first == "BEGIN") {
    // BEGIN alone or with a transaction keyword; not PL/SQL or trigger bodies, which start
    // with CREATE or DO and never reach here as a statement's first word.
    return words == "BEGIN" || words == "BEGIN TRANSACTION" || words == "BEGIN WORK" ||
           words == "BEGIN IMMEDIATE" || words == "BEGIN EXCLUSIVE" || words == "BEGIN DEFERRED" ||
           words == "BEGIN ISOLATION" || words == "BEGIN READ";
  }
  if (first == "END") return words == "END" || words == "END TRANSACTION" || words == "END WORK";
  return false;
}

bool OpensTransaction(const Statement& statement) {
  if (!IsTransactionControl(statement)) return false;
  const std::string first = LeadingKeywords(statement.text, 1);
  return first == "BEGIN" || first == "START";
}

}  // namespace shiftway::sql
