// `shiftway info`: every migration, its state and checksum.
#include <chrono>
#include <ctime>

#include "cli/cli.h"
#include "cli/fleet.h"

namespace shiftway::cli {

namespace {
std::string Checksum(const std::optional<int32_t>& c) { return c ? std::to_string(*c) : ""; }

// Flyway's "Installed On" column: the UTC instant shown in this machine's time zone. Read and
// written digit by digit, as `info` does it once per migration (strptime, timegm and strftime were
// a quarter of printing a table of 10,000).
std::string LocalTime(const std::string& iso_utc) {
  auto field = [&](size_t at, size_t n, int* out) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (i >= iso_utc.size() || iso_utc[i] < '0' || iso_utc[i] > '9') return false;
      v = v * 10 + (iso_utc[i] - '0');
    }
    *out = v;
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (iso_utc.size() < 19 || !field(0, 4, &y) || iso_utc[4] != '-' || !field(5, 2, &mo) || iso_utc[7] != '-' ||
      !field(8, 2, &d) || iso_utc[10] != 'T' || !field(11, 2, &h) || iso_utc[13] != ':' || !field(14, 2, &mi) ||
      iso_utc[16] != ':' || !field(17, 2, &sec)) {
    return iso_utc.substr(0, 19);
  }
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!day.ok() || h > 23 || mi > 59 || sec > 60) return iso_utc.substr(0, 19);
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::sys_days(day)) + h * 3600 + mi * 60 + sec;
  std::tm local{};
  if (!localtime_r(&t, &local) || local.tm_year + 1900 < 0 || local.tm_year + 1900 > 9999) return iso_utc.substr(0, 19);
  std::string out(19, ' ');
  auto put = [&out](size_t at, int v, int n) {
    for (int i = n - 1; i >= 0; --i, v /= 10) out[at + static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
  };
  put(0, local.tm_year + 1900, 4);
  out[4] = '-';
  put(5, local.tm_mon + 1, 2);
  out[7] = '-';
  put(8, local.tm_mday, 2);
  put(11, local.tm_hour, 2);
  out[13] = ':';
  put(14, local.tm_min, 2);
  out[16] = ':';
  put(17, local.tm_sec, 2);
  return out;
}

// Flyway's rawVersion (CommandResultFactory: migrationInfo.getVersion().getRawVersion()). Its
// MigrationInfoImpl.getVersion() is the history row's version once a migration is applied, so an
// applied migration's rawVersion is the version the history holds ("1.1"); a pending one's is the
// version as the file name spells it ("1_1", "001").
std::string RawVersion(const migration::MigrationInfo& m, const migration::NamingConvention& naming) {
  if (m.applied && m.applied->version) return *m.applied->version;
  if (m.version.empty() || !m.file) return m.version;
  std::string base = m.file->script.substr(m.file->script.rfind('/') + 1);
  const std::string& prefix = m.file->name.kind == migration::Kind::kUndo       ? naming.undo
                              : m.file->name.kind == migration::Kind::kBaseline ? naming.baseline
                                                                               : naming.versioned;
  if (!base.starts_with(prefix)) return m.version;
  const auto end = base.find(naming.separator, prefix.size());
  return end == std::string::npos ? m.version : base.substr(prefix.size(), end - prefix.size());
}

// `info --wait-for-version`: exit 0 once the database is at the version, else the error's code
// (1: timed out below it, or a failed migration; 3: the database could not be read).
int WaitForVersion(const config::Settings& settings, const std::string& version, int timeout_s, Out& out) {
  run::WaitOptions options;
  options.version = version;
  options.timeout = std::chrono::seconds(timeout_s < 0 ? 300 : timeout_s);
  auto r = run::WaitForVersion(settings, options, out.Observer());
  if (!r) return out.Fail(r.error());
  const std::string waited = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(r->waited).count());
  if (out.json()) {
    auto doc = Envelope("info", r->target, out);
    doc["schemaVersion"] = r->current_version;
    doc["waitForVersion"] = version;
    doc["reached"] = true;
    doc["checks"] = r->checks;
    doc["waitedSeconds"] = std::chrono::duration_cast<std::chrono::seconds>(r->waited).count();
    out.Json(doc);
    return kOk;
  }
  out.Line("Schema version: " + r->current_version + " (at least " + version + " was wanted; waited " + waited + " s)");
  return kOk;
}
}  // namespace

Command InfoCommand() {
  return {"info", "list every migration with its state (checksums with --verbose and in JSON)", [](CLI::App& app, Globals&) {
            auto target = std::make_shared<std::string>();
            auto wait_for = std::make_shared<std::string>();
            auto timeout_s = std::make_shared<int>(-1);
            app.add_option("--target", *target, "versions above this one show as Above Target");
            app.add_option("--wait-for-version", *wait_for,
                           "wait until the database is at this version or later (init containers; exit 1 on timeout)");
            app.add_option("--timeout", *timeout_s, "seconds --wait-for-version waits (default 300; 0: check once)")
                ->check(CLI::NonNegativeNumber);
            auto fleet = AddFleetFlags(app);
            return [target, wait_for, timeout_s, fleet](Globals& g, Out& out) -> int {
              if (auto rc = RunFleetCommand(*fleet, g, out, "info")) return *rc;
              if (!target->empty()) g.flyway_flags["target"] = *target;
              if (wait_for->empty() && *timeout_s >= 0) {
                return out.Fail(Error(ErrorCode::kUsage, "--timeout needs --wait-for-version")
                                    .Hint("shiftway info --wait-for-version 4 --timeout 300"));
              }
              auto settings = LoadSettings(g, out);
              if (!settings) return out.Fail(settings.error());
              if (!wait_for->empty()) return WaitForVersion(*settings, *wait_for, *timeout_s, out);
              auto r = run::Info(*settings, out.Observer());
              if (!r) return out.Fail(r.error());
              const auto& info = **r;
              if (out.json()) {
                auto doc = Envelope("info", info.target, out);
                doc["schemaVersion"] = info.current_version.empty() ? nlohmann::json() : nlohmann::json(info.current_version);
                doc["allSchemasEmpty"] = info.migrations.empty();
                doc["migrations"] = nlohmann::json::array();
                doc["heldContractMigrations"] = info.held;
                const auto naming = config::DiscoveryOptionsOf(*settings).naming;
                out.JsonWithArray(doc, "migrations", info.migrations.size(), [&](size_t i) {
                  const auto& m = info.migrations[i];
                  std::string undo_path;
                  if (m.undoable) {
                    for (const auto& f : info.discovery.migrations) {
                      if (f.name.kind == migration::Kind::kUndo && f.name.version.raw() == m.version) undo_path = f.path;
                    }
                  }
                  nlohmann::json j = {{"category", m.category},
                                      {"version", m.version},
                                      {"rawVersion", RawVersion(m, naming)},
                                      {"undoFilepath", undo_path},
                                      {"description", m.description},
                                      {"type", m.type},
                                      {"installedOnUTC", m.applied ? m.applied->installed_on : ""},
                                      {"state", migration::StateName(m.state)},
                                      {"undoable", m.undoable ? "Yes" : "No"},
                                      {"filepath", m.file ? m.file->path : ""},
                                      {"script", m.script},
                                      {"installedBy", m.applied ? m.applied->installed_by : ""},
                                      {"shouldExecute", m.state == migration::State::kPending || m.state == migration::State::kOutdated},
                                      {"executionTime", m.applied ? m.applied->execution_time : 0},
                                      {"checksum", m.checksum ? nlohmann::json(*m.checksum) : nlohmann::json()},
                                      {"installedRank", m.applied ? nlohmann::json(m.applied->installed_rank) : nlohmann::json()}};
                  if (m.applied && info.interrupted.count(m.applied->installed_rank)) {
                    j["interrupted"] = info.interrupted.at(m.applied->installed_rank);
                  }
                  if (m.applied_checksum != m.checksum) j["appliedChecksum"] = m.applied_checksum ? nlohmann::json(*m.applied_checksum) : nlohmann::json();
                  return j;
                });
                return kOk;
              }
              out.Print("Schema version: " + (info.current_version.empty() ? std::string("<< Empty Schema >>") : info.current_version));
              out.Print("");
              std::vector<std::vector<std::string>> rows;
              for (const auto& m : info.migrations) {
                std::string checksum = Checksum(m.checksum);
                if (m.applied && m.applied_checksum != m.checksum && m.file && !m.version.empty()) {
                  checksum = Checksum(m.applied_checksum) + " -> " + checksum;  // edited after it was applied
                }
                std::vector<std::string> row = {m.category, m.version, m.description, m.type,
                                                m.applied ? LocalTime(m.applied->installed_on) : "",
                                                std::string(migration::StateName(m.state)), m.undoable ? "Yes" : "No"};
                if (g.verbose) row.insert(row.begin() + 6, checksum);
                rows.push_back(std::move(row));
              }
              // Flyway's columns; --verbose adds the checksums (JSON always has them).
              std::vector<std::string> header = {"Category", "Version", "Description", "Type", "Installed On", "State", "Undoable"};
              if (g.verbose) header.insert(header.begin() + 6, "Checksum");
              out.Print(RenderTable(header, rows));
              // A failed migration that was recorded before it started: how far it got.
              for (const auto& m : info.migrations) {
                if (!m.applied || !info.interrupted.count(m.applied->installed_rank)) continue;
                out.Print((m.version.empty() ? m.description : "V" + m.version) + " (Failed): " +
                          info.interrupted.at(m.applied->installed_rank) + "; `shiftway migrate` names the statements and the repair");
              }
              if (!info.held.empty()) {
                out.Print("");
                out.Print("Held for a later release (run `shiftway promote` when it comes):");
                for (const auto& h : info.held) out.Print("  " + h);
              }
              return kOk;
            };
          }};
}

}  // namespace shiftway::cli
