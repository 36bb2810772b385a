// restrict-access: REVOKE on a released table, or ROW LEVEL SECURITY switched on, takes away what
// the running release reads and writes.
#include <cctype>

#include "core/lint/rules/common.h"
#include "core/schema/frontend.h"

namespace shiftway::lint::rules {
namespace {

// The next "create policy" (any case, any spacing) at or after `from`: the offset of "policy".
size_t FindWord(const std::string& text, std::string_view word, size_t from) {
  for (size_t at = from; at + word.size() <= text.size(); ++at) {
    if (std::tolower(static_cast<unsigned char>(text[at])) != word[0]) continue;
    bool same = true;
    for (size_t i = 1; i < word.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(text[at + i])) == word[i];
    }
    if (!same) continue;
    size_t back = at;
    while (back > 0 && std::isspace(static_cast<unsigned char>(text[back - 1]))) --back;
    if (back >= 6 && schema::Lower(std::string_view(text).substr(back - 6, 6)) == "create") return at;
  }
  return std::string::npos;
}

// The release creates a policy on the table. CREATE POLICY changes nothing the model holds, so
// its statements are not kept: the new files' text is read.
bool PolicyInRelease(const RuleContext& ctx, const Change& c) {
  const std::string table = schema::Lower(c.object);
  for (const auto& f : ctx.input->added) {
    for (size_t at = 0; (at = FindWord(f.text, "policy", at)) != std::string::npos; at += 6) {
      // CREATE POLICY name ON [schema.]table: the words just after it.
      const std::string after = schema::Lower(std::string_view(f.text).substr(at, 300));
      const size_t on = after.find(" on ");
      if (on == std::string::npos) continue;
      std::string target = after.substr(on + 4);
      target.erase(0, target.find_first_not_of(" \t\r\n"));
      target = target.substr(0, target.find_first_of(" \t\r\n;("));
      std::erase(target, '"');
      if (target == table || (target.size() > table.size() && target.ends_with("." + table))) return true;
    }
  }
  return false;
}

class RestrictAccess final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"restrict-access", "SW123", Category::kCompatibility, Severity::kWarning, true,
                               "REVOKE on a released table, or row level security switched on"};
    return info;
  }
  void CheckStatement(const StatementContext& ctx) const override {
    if (ctx.dialect != sql::Dialect::kPostgres) return;
    for (const auto& c : ctx.record->changes) {
      if (c.kind != ChangeKind::kRestrictAccess || !c.released || !ctx.released->FindTable(c.schema, c.object)) {
        continue;
      }
      const std::string table = ObjectName(c);
      if (c.detail == "revoke") {
        std::string privileges;
        for (const auto& p : c.values) privileges += (privileges.empty() ? "" : ", ") + p;
        ctx.Report("REVOKE " + privileges + " ON " + table + " FROM " + c.column +
                   " takes away what the running release may still do with " + table + " if it connects as " +
                   c.column + (c.column == "PUBLIC" ? " (every role)" : ""))
            .Help("revoke a privilege a release after no running release needs it")
            .Expand(AppStep("stop using " + privileges + " on " + table + " as " + c.column))
            .Contract(ctx.Sql())
            .About(ctx.TableSubject(c.schema, c.object));
      } else if (!PolicyInRelease(ctx, c)) {
        const bool force = !c.values.empty() && c.values[0] == "FORCE";
        ctx.Report(std::string(force ? "FORCE" : "ENABLE") + " ROW LEVEL SECURITY on " + table +
                   " with no policy in this release: every role but the table's owner" +
                   (force ? " (and, forced, the owner too)" : "") +
                   " then reads no rows of it and cannot write it, unless a policy admits it")
            .Help("create the policies that admit the running release's role in the same release, or before, "
                  "and check them against the app's queries")
            .About(ctx.TableSubject(c.schema, c.object));
      }
    }
  }
};

}  // namespace

const Rule& RestrictAccessRule() {
  static const RestrictAccess rule;
  return rule;
}

}  // namespace shiftway::lint::rules
