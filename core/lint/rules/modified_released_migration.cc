// modified-released-migration: a released migration's contents changed after it was released.
#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

class ModifiedReleasedMigration final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"modified-released-migration", "SW301", Category::kHygiene, Severity::kError, true,
                               "a released migration was edited"};
    return info;
  }
  void CheckRelease(const RuleContext& ctx) const override {
    for (const auto& m : ctx.input->modified) {
      ctx.Report(m.path, 1, 1,
                 m.path + " was released with checksum " + std::to_string(m.released_checksum) +
                     " and now has checksum " + std::to_string(m.current_checksum) +
                     "; databases that applied it will not get the edit, and validate will fail on them")
          .Help("revert the edit and put the change in a new migration");
    }
  }
};

}  // namespace

const Rule& ModifiedReleasedMigrationRule() {
  static const ModifiedReleasedMigration rule;
  return rule;
}

}  // namespace shiftway::lint::rules
