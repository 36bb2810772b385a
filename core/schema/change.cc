// Names of change kinds, and the front-end factory.
#include <cctype>

#include "core/schema/change.h"
#include "core/schema/frontend.h"

namespace shiftway::schema {

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kCreateTable: return "create-table";
    case ChangeKind::kDropTable: return "drop-table";
    case ChangeKind::kRenameTable: return "rename-table";
    case ChangeKind::kAddColumn: return "add-column";
    case ChangeKind::kDropColumn: return "drop-column";
    case ChangeKind::kRenameColumn: return "rename-column";
    case ChangeKind::kAlterColumnType: return "alter-column-type";
    case ChangeKind::kSetNotNull: return "set-not-null";
    case ChangeKind::kDropNotNull: return "drop-not-null";
    case ChangeKind::kSetDefault: return "set-default";
    case ChangeKind::kDropDefault: return "drop-default";
    case ChangeKind::kAddIdentity: return "add-identity";
    case ChangeKind::kAddConstraint: return "add-constraint";
    case ChangeKind::kValidateConstraint: return "validate-constraint";
    case ChangeKind::kDropConstraint: return "drop-constraint";
    case ChangeKind::kCreateIndex: return "create-index";
    case ChangeKind::kDropIndex: return "drop-index";
    case ChangeKind::kSetVisibility: return "set-visibility";
    case ChangeKind::kRenameIndex: return "rename-index";
    case ChangeKind::kCreateView: return "create-view";
    case ChangeKind::kDropView: return "drop-view";
    case ChangeKind::kRenameView: return "rename-view";
    case ChangeKind::kCreateEnum: return "create-enum";
    case ChangeKind::kCreateType: return "create-type";
    case ChangeKind::kAddEnumValue: return "add-enum-value";
    case ChangeKind::kRenameEnumValue: return "rename-enum-value";
    case ChangeKind::kDropType: return "drop-type";
    case ChangeKind::kRenameType: return "rename-type";
    case ChangeKind::kCreateSchema: return "create-schema";
    case ChangeKind::kDropSchema: return "drop-schema";
    case ChangeKind::kRenameSchema: return "rename-schema";
    case ChangeKind::kCreateRoutine: return "create-routine";
    case ChangeKind::kDropRoutine: return "drop-routine";
    case ChangeKind::kCreateSequence: return "create-sequence";
    case ChangeKind::kDropSequence: return "drop-sequence";
    case ChangeKind::kRestartSequence: return "restart-sequence";
    case ChangeKind::kCreateTrigger: return "create-trigger";
    case ChangeKind::kRestrictAccess: return "restrict-access";
    case ChangeKind::kDetachPartition: return "detach-partition";
    case ChangeKind::kCreatePolicy: return "create-policy";
    case ChangeKind::kDropTrigger: return "drop-trigger";
    case ChangeKind::kBegin: return "begin";
    case ChangeKind::kCommit: return "commit";
    case ChangeKind::kSetLockTimeout: return "set-lock-timeout";
    case ChangeKind::kTableRewrite: return "table-rewrite";
    case ChangeKind::kDml: return "dml";
    case ChangeKind::kOther: return "other";
    case ChangeKind::kUnparsed: return "unparsed";
  }
  return "unknown";
}

std::string DefaultSchema(sql::Dialect dialect) { return dialect == sql::Dialect::kPostgres ? "public" : ""; }

std::string FirstKeyword(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.compare(i, 2, "--") == 0 || s[i] == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "/*") == 0) {
      size_t e = s.find("*/", i + 2);
      i = e == std::string_view::npos ? s.size() : e + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    ++i;
  }
  return word;
}

std::vector<Change> WithIndexes(const Change& create, const std::vector<Index>& indexes) {
  std::vector<Change> out{create};
  for (const auto& idx : indexes) {
    Change ic;
    ic.kind = ChangeKind::kCreateIndex;
    ic.schema = create.schema;
    ic.object = create.object;
    ic.index = idx;
    if (ic.index.name.empty()) ic.index.name = idx.columns.empty() ? create.object + "_idx" : idx.columns[0];
    out.push_back(std::move(ic));
  }
  return out;
}

}  // namespace shiftway::schema
