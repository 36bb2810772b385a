// `validate`: applied migrations against the files; pending ones count unless ignored.
#include "core/run/common.h"

namespace shiftway::run {

Result<ValidateResult> Validate(const config::Settings& settings, const Observer& observer) {
  auto opened = Session::Open(settings, {.read_only = true, .lock = false}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  auto history = s.ReadHistory();
  if (!history) return Fail(history.error());
  auto res = s.Resolve(*history);
  if (!res) return Fail(res.error());
  ValidateResult out;
  out.target = TargetOf(s);
  for (const auto& info : res->infos) {
    if (info.file) ++out.validate_count;
  }
  out.errors = res->Validate(true, s.ResolveOptionsFor());
  return out;
}

}  // namespace shiftway::run
