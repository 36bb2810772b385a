// Reporting helpers shared by every rule, and the rule registry built from rules/rules.def.
#include "core/lint/rule.h"

#include "core/schema/model.h"

namespace shiftway::lint {

bool StatementRecord::Has(schema::ChangeKind kind) const {
  for (const auto& c : changes) {
    if (c.kind == kind) return true;
  }
  return false;
}

Finding& Reporter::Add(const RuleInfo& rule, const std::string& file, int line, int column, std::string message) {
  Finding f;
  f.rule = std::string(rule.name);
  f.severity = rule.severity;
  f.category = rule.category;
  f.file = file;
  f.line = line;
  f.column = column;
  f.message = std::move(message);
  findings_.push_back(std::move(f));
  return findings_.back();
}

FindingBuilder& FindingBuilder::Help(std::string help) {
  f_->help = std::move(help);
  return *this;
}
FindingBuilder& FindingBuilder::Expand(std::string sql) {
  f_->suggestion.expand.push_back(std::move(sql));
  return *this;
}
FindingBuilder& FindingBuilder::Contract(std::string sql) {
  f_->suggestion.contract.push_back(std::move(sql));
  return *this;
}
FindingBuilder& FindingBuilder::Suggest(Suggestion s) {
  f_->suggestion = std::move(s);
  return *this;
}
FindingBuilder& FindingBuilder::WithSeverity(Severity s) {
  f_->severity = s;
  return *this;
}
FindingBuilder& FindingBuilder::About(std::string subject) {
  f_->subject = std::move(subject);
  return *this;
}

std::string RuleContext::TableSubject(const std::string& schema, const std::string& table) const {
  return "table:" + released->Key(schema, table);
}
std::string RuleContext::ColumnSubject(const std::string& schema, const std::string& table,
                                       const std::string& column) const {
  return "column:" + released->Key(schema, table) + "." + schema::Lower(column);
}
std::string RuleContext::ObjectSubject(const char* kind, const std::string& schema, const std::string& name) const {
  return std::string(kind) + ":" + released->Key(schema, name);
}
bool RuleContext::DeprecatedEarlier(const std::string& subject) const {
  return deprecations && deprecations->released.count(subject) > 0;
}
bool RuleContext::DeprecatedNow(const std::string& subject) const {
  return deprecations && deprecations->this_release.count(subject) > 0 && !DeprecatedEarlier(subject);
}

FindingBuilder RuleContext::Report(const std::string& file, int line, int column, std::string message) const {
  return FindingBuilder(&reporter->Add(*rule, file, line, column, std::move(message)));
}

namespace {

// Names on `f` the released table that `at` acts on (for size grading), if it acts on one.
FindingBuilder WithTable(FindingBuilder b, Finding* f, const StatementRecord& at) {
  for (const auto& c : at.changes) {
    if (!c.released) continue;
    const bool index = c.kind == schema::ChangeKind::kCreateIndex || c.kind == schema::ChangeKind::kDropIndex;
    const std::string& name = index ? c.table : c.object;
    if (name.empty()) continue;
    f->table_schema = c.schema;
    f->table = name;
    break;
  }
  return b;
}

}  // namespace

FindingBuilder StatementContext::Report(std::string message) const {
  Finding* f = &reporter->Add(*rule, file->file->path, record->statement.line, record->statement.column,
                              std::move(message));
  return WithTable(FindingBuilder(f), f, *record);
}

FindingBuilder FileContext::Report(const StatementRecord& at, std::string message) const {
  Finding* f = &reporter->Add(*rule, file->file->path, at.statement.line, at.statement.column, std::move(message));
  return WithTable(FindingBuilder(f), f, at);
}

// The registry: one SHIFTWAY_RULE(Name) line per rule in rules/rules.def, each backed by a
// `const Rule& NameRule()` accessor in rules/<name>.cc.
namespace rules {
#define SHIFTWAY_RULE(Name) const Rule& Name##Rule();
#include "core/lint/rules/rules.def"
#undef SHIFTWAY_RULE
}  // namespace rules

const std::vector<const Rule*>& AllRules() {
  static const std::vector<const Rule*> rules = {
#define SHIFTWAY_RULE(Name) &rules::Name##Rule(),
#include "core/lint/rules/rules.def"
#undef SHIFTWAY_RULE
  };
  return rules;
}

const Rule* FindRule(std::string_view name) {
  for (const Rule* r : AllRules()) {
    if (r->Info().name == name) return r;
  }
  return nullptr;
}

}  // namespace shiftway::lint
