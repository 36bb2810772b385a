// `clean`: drop every object in the managed schemas, only when cleanDisabled=false.
#include "core/run/common.h"

namespace shiftway::run {

Result<CleanResult> Clean(const config::Settings& settings, const Observer& observer) {
  if (settings.clean_disabled) {
    return Fail(Error(ErrorCode::kConfig, "clean is disabled: it drops every object in the managed schemas")
                    .Hint("if you mean it, set cleanDisabled=false (--clean-disabled=false, "
                          "SHIFTWAY_CLEAN_DISABLED=false, or cleanDisabled = false under [flyway])"));
  }
  auto opened = Session::Open(settings, {.read_only = false, .lock = true}, observer);
  if (!opened) return Fail(opened.error());
  Session& s = **opened;
  CleanResult out;
  out.target = TargetOf(s);
  std::vector<std::string> schemas = settings.schemas.empty() ? std::vector<std::string>{s.SchemaName()} : settings.schemas;
  if (auto r = s.RunCallbacks("beforeClean", observer); !r) return Fail(r.error());
  auto objects = s.driver().ListObjects(schemas);
  if (!objects) return Fail(objects.error());
  if (auto r = s.driver().Clean(schemas); !r) {
    s.RunCallbacks("afterCleanError", observer);
    return Fail(r.error());
  }
  out.dropped = std::move(*objects);
  out.schemas_cleaned = schemas;
  if (auto r = s.RunCallbacks("afterClean", observer); !r) return Fail(r.error());
  return out;
}

}  // namespace shiftway::run
