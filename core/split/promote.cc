// `promote`: the held contract migrations join the locations under the next free versions.
#include <algorithm>
#include <filesystem>
#include <regex>

#include "core/migration/discovery.h"
#include "core/split/split.h"

namespace shiftway::split {
namespace fs = std::filesystem;
namespace {

// The whole-number part of a version ("2.1" -> 2, "003" -> 3).
unsigned long long Major(const std::string& raw) {
  size_t end = raw.find_first_not_of("0123456789");
  const std::string digits = raw.substr(0, end);
  return digits.empty() ? 0 : std::stoull(digits);
}

// "after_V2__contract_rename_x.sql" -> "contract_rename_x"; any other held name keeps its stem.
std::string Description(const fs::path& held) {
  static const std::regex after(R"(^after_V[0-9._]+__(.+)$)");
  const std::string stem = held.stem().string();
  std::smatch m;
  return std::regex_match(stem, m, after) ? m[1].str() : stem;
}

}  // namespace

Result<PromotePlan> PlanPromote(const config::Settings& settings) {
  if (auto r = CheckHeldOutsideLocations(settings); !r) return Fail(r.error());
  PromotePlan plan;
  plan.held_dir = settings.split.held;
  std::error_code ec;
  std::vector<fs::path> held;
  if (fs::is_directory(settings.split.held, ec)) {
    for (const auto& e : fs::directory_iterator(settings.split.held, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".sql") held.push_back(e.path());
    }
  }
  std::sort(held.begin(), held.end());
  if (held.empty()) return plan;
  if (settings.locations.empty()) {
    return Fail(Error(ErrorCode::kConfig, "promote needs a location to move the contract migrations into")
                    .Hint("set locations, e.g. --locations filesystem:sql"));
  }
  auto first = migration::LocationDirectory(settings.locations.front());
  if (!first) return Fail(first.error());
  migration::DiscoveryOptions d = config::DiscoveryOptionsOf(settings);
  d.validate_naming = false;
  auto found = migration::Discover(d);
  if (!found) return Fail(found.error());
  unsigned long long max = 0;
  size_t width = 0;  // the highest version's digits, so V0342 is followed by V0343, not V343
  for (const auto& m : found->migrations) {
    if (!m.versioned()) continue;
    const unsigned long long major = Major(m.name.version.raw());
    const std::string raw = m.name.version.raw();
    const size_t digits = raw.find_first_not_of("0123456789") == std::string::npos ? raw.size()
                                                                                     : raw.find_first_not_of("0123456789");
    if (major > max || (major == max && digits > width)) width = digits;
    max = std::max(max, major);
  }
  for (const auto& h : held) {
    PromoteStep step;
    step.version = std::to_string(++max);
    if (step.version.size() < width) step.version.insert(0, width - step.version.size(), '0');
    step.from = h.generic_string();
    step.to = (fs::path(*first) / ("V" + step.version + "__" + Description(h) + ".sql")).generic_string();
    if (fs::exists(step.to, ec)) {
      return Fail(Error(ErrorCode::kUsage, step.to + " already exists").Note("nothing was moved"));
    }
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

Result<void> ApplyPromote(const PromotePlan& plan) {
  for (const auto& s : plan.steps) {
    std::error_code ec;
    fs::create_directories(fs::path(s.to).parent_path(), ec);
    fs::rename(s.from, s.to, ec);
    if (ec) {
      // Across file systems rename fails; copy and remove instead.
      ec.clear();
      fs::copy_file(s.from, s.to, ec);
      if (!ec) fs::remove(s.from, ec);
    }
    if (ec) return Fail(Error(ErrorCode::kConfig, "cannot move " + s.from + " to " + s.to + ": " + ec.message()));
  }
  return {};
}

}  // namespace shiftway::split
