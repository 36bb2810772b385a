// released-schema-drift: with --against-db, the live schema differs from what the database's
// applied migrations produce, and lint judged the new migrations against the live one.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class ReleasedSchemaDrift final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"released-schema-drift", "SW307", Category::kHygiene, Severity::kWarning, true,
                               "the database differs from the schema its applied migrations produce"};
    return info;
  }
  // Drift is in no file. It is reported at the top of the first new file, the one a reviewer
  // reads and whose judgement it changed; with no new file nothing was judged on it.
  void CheckRelease(const RuleContext& ctx) const override {
    if (!ctx.drift || ctx.files->empty()) return;
    const std::string& file = ctx.files->front().file->path;
    for (const auto& d : *ctx.drift) {
      // After a baseline, objects that no migration created are the baseline's.
      if (ctx.input->baseline && d.kind == schema::Difference::Kind::kExtra) continue;
      ctx.Report(file, 1, 1,
                 "the database differs from the schema its applied migrations produce: " + d.Message() +
                     "; lint judged the new migrations against the database's schema")
          .Help("`shiftway check --drift` lists every difference; write a migration that makes the database's "
                "shape part of the history, or list the object under [check] ignore");
    }
  }
};

}  // namespace

const Rule& ReleasedSchemaDriftRule() {
  static const ReleasedSchemaDrift rule;
  return rule;
}

}  // namespace shiftway::lint::rules
