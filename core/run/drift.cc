// `check --drift`: the schema the applied migrations produce, replayed, against the live one.
#include "core/run/operations.h"

namespace shiftway::run {

Result<DriftResult> CheckDrift(const config::Settings& settings, const Observer& observer) {
  DriftResult out;
  auto session = Session::Open(settings, {.read_only = true, .lock = false}, observer);
  if (!session) return Fail(session.error());
  {
    // An applied migration whose file is gone cannot be replayed: its objects would be reported
    // as drift that the history explains.
    out.database = (*session)->DatabaseDescription();
    auto history = (*session)->ReadHistory();
    if (!history) return Fail(history.error());
    auto res = (*session)->Resolve(*history);
    if (!res) return Fail(res.error());
    for (const auto& info : res->infos) {
      if (info.state != migration::State::kMissing && info.state != migration::State::kFailedMissing)
        continue;
      return Fail(
          Error(ErrorCode::kValidation, "applied migration " +
                                            (info.version.empty() ? info.description : info.version) + " (" +
                                            info.script +
                                            ") is not in the locations, so the schema the "
                                            "applied migrations produce cannot be replayed")
              .Hint("restore the file, or point --locations at the folders the database was migrated from"));
    }
  }
  LintRequest request;
  request.against_db = true;
  request.live_sizes = false;
  request.live_schema = false;
  // Its own connection says nothing more about the database than this one did.
  Observer quiet = observer;
  quiet.connected = [](const std::string&, bool) {};
  auto plan = PrepareLint(settings, std::move(request), quiet);
  if (!plan) return Fail(plan.error());
  if (!plan->input.modified.empty()) {
    Error e(ErrorCode::kValidation,
            "check --drift replays the applied migrations at the checksums they were "
            "applied with, and " +
                std::to_string(plan->input.modified.size()) + " changed since");
    for (const auto& m : plan->input.modified) {
      e.Note(m.path + ": applied with checksum " + std::to_string(m.released_checksum) +
             ", resolved locally " + std::to_string(m.current_checksum));
    }
    e.Hint(
        "revert the changes to the migrations (`shiftway validate` lists them), or run repair if the change "
        "is intended, then check again");
    return Fail(std::move(e));
  }
  out.boundary = plan->boundary;
  out.applied = static_cast<int>(plan->input.released.size());
  out.replayed = lint::ReplayReleased(plan->input);

  auto live = (*session)->driver().ReadSchema(settings.schemas);
  if (!live) return Fail(live.error());
  out.live = std::move(*live);
  schema::CompareOptions options;
  options.dialect = plan->input.dialect;
  // Every managed schema must exist; on MySQL/MariaDB the first is the connection's database.
  for (size_t i = options.dialect == sql::Dialect::kMysql ? 1 : 0;
       options.dialect != sql::Dialect::kSqlite && i < settings.schemas.size(); ++i) {
    options.required_schemas.push_back(schema::Lower(settings.schemas[i]));
  }
  options.schemas = LiveSchemas(settings, (*session)->driver());
  for (auto& d : schema::CompareModels(out.replayed, out.live, options)) {
    if (schema::IgnoredDifference(settings.check.ignore, d)) {
      ++out.ignored;
    } else {
      out.differences.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace shiftway::run
