// out-of-order-version: a new migration whose version is not above the highest released one.
#include <cctype>

#include "core/lint/rules/common.h"

namespace shiftway::lint::rules {
namespace {

// Flyway's ordering: parts split on '.' or '_', compared numerically, trailing zero parts ignored.
std::vector<std::string> Parts(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : v + ".") {
    if (c == '.' || c == '_') {
      size_t nz = cur.find_first_not_of('0');
      out.push_back(nz == std::string::npos ? "0" : cur.substr(nz));
      cur.clear();
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      cur += c;
    }
  }
  while (out.size() > 1 && out.back() == "0") out.pop_back();
  return out;
}

int Compare(const std::string& a, const std::string& b) {
  auto pa = Parts(a), pb = Parts(b);
  for (size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    std::string x = i < pa.size() ? pa[i] : "0", y = i < pb.size() ? pb[i] : "0";
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

class OutOfOrderVersion final : public Rule {
 public:
  const RuleInfo& Info() const override {
    static const RuleInfo info{"out-of-order-version", "SW302", Category::kHygiene, Severity::kWarning, true,
                               "a new migration's version is not above the highest released version"};
    return info;
  }
  void CheckRelease(const RuleContext& ctx) const override {
    std::string max = ctx.input->released_max_version;
    if (max.empty()) {
      for (const auto& f : ctx.input->released) {
        if (!f.repeatable && !f.version.empty() && (max.empty() || Compare(f.version, max) > 0)) max = f.version;
      }
    }
    if (max.empty()) return;
    for (const auto& f : ctx.input->added) {
      if (f.repeatable || f.version.empty() || Compare(f.version, max) > 0) continue;
      const bool same = Compare(f.version, max) == 0;
      ctx.Report(f.path, 1, 1,
                 "version " + f.version + (same ? " equals " : " is below ") + max +
                     ", the highest released version; databases already at " + max +
                     (same ? " treat it as applied" : " skip it unless outOfOrder=true"))
          .Help("rename the file to a version above " + max + " (`shiftway new` picks the next free one)");
    }
  }
};

}  // namespace

const Rule& OutOfOrderVersionRule() {
  static const OutOfOrderVersion rule;
  return rule;
}

}  // namespace shiftway::lint::rules
