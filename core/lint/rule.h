// The lint rule interface. This comment is the recipe for adding a rule:
//
//   1. Write core/lint/rules/<rule_name>.cc: a class deriving from Rule, with an Info() naming the
//      rule (kebab-case, the same as its doc file), its code, category, default severity and a
//      one-line summary, and one or more Check* hooks. End the file with the accessor
//      `const Rule& <RuleName>Rule() { static const <RuleName> rule; return rule; }`.
//   2. Add one line `SHIFTWAY_RULE(<RuleName>)` to core/lint/rules/rules.def (the registry).
//   3. Write docs/rules/<rule-name>.md (the problem, why it breaks N-1 or blocks traffic, the safe
//      alternative with SQL) and tests/lint/cases/<rule-name>.sql with cases that fire and cases
//      that stay silent, for each dialect the rule applies to.
//
// Rules never see SQL text directly: front ends have turned statements into schema::Change values,
// annotated with the model as it was just before (`released`, `before`, ...).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/lint/lint.h"
#include "core/schema/apply.h"
#include "core/schema/change.h"
#include "core/schema/compare.h"
#include "core/schema/model.h"
#include "core/sql/statement.h"

namespace shiftway::lint {

/// What a rule is; shown by `shiftway explain` and the SARIF rule list.
struct RuleInfo {
  std::string_view name;  ///< stable kebab-case name, also the doc page's file name
  std::string_view code;  ///< short stable code ("SW101")
  Category category = Category::kCompatibility;
  Severity severity = Severity::kError;  ///< default severity
  bool enabled_by_default = true;
  std::string_view summary;  ///< one line
};

/// One statement of a new file, with the changes it makes.
struct StatementRecord {
  sql::Statement statement;
  std::vector<schema::Change> changes;
  int end_line = 1;  ///< the statement's last line
  bool Has(schema::ChangeKind kind) const;
};

/// One new file, split and parsed.
struct FileRecord {
  const LintFile* file = nullptr;
  /// The statements a rule can judge, in file order. To keep memory bounded on data-heavy files, a
  /// statement whose changes are all kDml or kOther (no ALGORITHM, not from a routine or a rebuild)
  /// is kept only when it is the file's first one with a kDml change; a rule that needs to see
  /// every INSERT must change that filter (Inert() in core/lint/lint.cc).
  std::vector<StatementRecord> statements;
  /// The file runs in one transaction: force_transaction, or an explicit BEGIN in it.
  bool in_transaction = false;
  /// The names each UPDATE of the file mentions (lowercase, unquoted), for telling a column swap
  /// that copies the data back from one that loses it. UPDATEs longer than 4,000 characters, or
  /// past 10,000 of them, are left out (a data-heavy file), so a copy is then not seen.
  std::vector<std::set<std::string>> update_names;
};

/// Recognises SQLite-style table rebuilds among one file's statements (CREATE new, copy, DROP
/// old, RENAME new TO old; or the rename-first variant) and replaces the drop of the released table
/// with what the rebuild really changes (dropped, added and redefined columns, marked
/// `rebuilt_from`). `model` is the model after the file.
/// `state`, when given, tells which columns this release added.
void CoalesceTableRebuilds(std::vector<StatementRecord>& statements, const schema::Model& model,
                           const schema::ReleaseState* state = nullptr);

/// Collects findings while rules run.
class Reporter {
 public:
  Finding& Add(const RuleInfo& rule, const std::string& file, int line, int column, std::string message);
  std::vector<Finding>& findings() { return findings_; }

 private:
  std::vector<Finding> findings_;
};

/// Objects marked `-- shiftway:deprecate <kind> <name>` (kinds: table, column, view, routine, type).
/// Keys look like Finding::subject.
struct Deprecations {
  std::set<std::string> released;      ///< markers in released files: contract steps are allowed
  std::set<std::string> this_release;  ///< markers in new files: contract steps are too early
};

/// Adds details to a finding that a rule just reported.
class FindingBuilder {
 public:
  explicit FindingBuilder(Finding* f) : f_(f) {}
  FindingBuilder& Help(std::string help);
  FindingBuilder& Expand(std::string sql);
  FindingBuilder& Contract(std::string sql);
  FindingBuilder& Suggest(Suggestion s);
  /// Overrides the rule's default severity for this finding (the config still wins).
  FindingBuilder& WithSeverity(Severity s);
  /// Names the object the finding is about (see Finding::subject).
  FindingBuilder& About(std::string subject);

 private:
  Finding* f_;
};

/// What every hook sees.
struct RuleContext {
  sql::Dialect dialect = sql::Dialect::kPostgres;
  const LintConfig* config = nullptr;
  const schema::Model* released = nullptr;  ///< the schema at the previous release
  const LintInput* input = nullptr;
  Reporter* reporter = nullptr;
  const RuleInfo* rule = nullptr;
  const Deprecations* deprecations = nullptr;
  /// The schema after every new file: the release's net effect, for rules that judge the final
  /// shape of an object rather than one statement.
  const schema::Model* after = nullptr;
  /// Every new file, in order, with its statements and their changes.
  const std::vector<FileRecord>* files = nullptr;
  /// With a live schema (LintInput::live): how it differs from the replay of the released files,
  /// `[check] ignore` left out. Null without one.
  const std::vector<schema::Difference>* drift = nullptr;

  /// Subject keys for findings and deprecation markers.
  std::string TableSubject(const std::string& schema, const std::string& table) const;
  std::string ColumnSubject(const std::string& schema, const std::string& table, const std::string& column) const;
  std::string ObjectSubject(const char* kind, const std::string& schema, const std::string& name) const;
  /// A deprecation of `subject` shipped in an earlier release: dropping or renaming it is the
  /// planned contract step and is allowed.
  bool DeprecatedEarlier(const std::string& subject) const;
  /// `subject` is deprecated by a marker in this same release (contract-too-early reports it).
  bool DeprecatedNow(const std::string& subject) const;

  /// Reports a finding at a file position. Line and column are 1-based.
  FindingBuilder Report(const std::string& file, int line, int column, std::string message) const;
};

/// Hook for rules that judge a statement's changes.
struct StatementContext : RuleContext {
  const FileRecord* file = nullptr;
  const StatementRecord* record = nullptr;
  /// The statement's text, as written.
  const std::string& Sql() const { return record->statement.text; }
  /// Reports at the statement's first token.
  FindingBuilder Report(std::string message) const;
};

/// Hook for rules that look at a whole file (transactions, lock timeouts, mixed DDL and DML).
struct FileContext : RuleContext {
  const FileRecord* file = nullptr;
  FindingBuilder Report(const StatementRecord& at, std::string message) const;
};

/// A lint rule. Rules are stateless; one instance serves every lint run.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& Info() const = 0;
  /// Called once per statement of each new file, in order.
  virtual void CheckStatement(const StatementContext& ctx) const {}
  /// Called once per new file, after its statements.
  virtual void CheckFile(const FileContext& ctx) const {}
  /// Called once per run, for rules about the release as a whole (modified or out-of-order files).
  virtual void CheckRelease(const RuleContext& ctx) const {}
};

/// Every rule, in registry order (core/lint/rules/rules.def).
const std::vector<const Rule*>& AllRules();

/// The rule with this name, or nullptr.
const Rule* FindRule(std::string_view name);

}  // namespace shiftway::lint
