// Front ends: turn one SQL statement of a dialect into changes to the schema model.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema/change.h"
#include "core/schema/model.h"
#include "core/sql/statement.h"

namespace shiftway::schema {

/// Reads statements of one dialect. A front end may keep state between statements (the SQLite
/// front end keeps an in-memory database that mirrors the migrations replayed so far), so one
/// instance reads one sequence of migrations, in order.
class Frontend {
 public:
  virtual ~Frontend() = default;
  /// The changes `statement` makes, given the model as it is before it. Never throws: a statement
  /// it cannot read becomes one kUnparsed change whose `detail` says why.
  virtual std::vector<Change> Parse(const sql::Statement& statement, const Model& model) = 0;
  /// While replaying released files only the model at the end matters, not which statement made
  /// which change. A front end may then defer work and return the effect of several statements at
  /// once, from Parse or from Flush. The SQLite front end reads its catalog once instead of after
  /// every statement, so linting one file costs the same however long the history before it is.
  virtual void SetReplay(bool on) {}
  /// The changes still deferred; call it before SetReplay(false).
  virtual std::vector<Change> Flush(const Model& model) { return {}; }
  /// After a replay: what the front end holds, so that a later replay of exactly the same files
  /// can start from it (Restore) instead of running them again. Empty when the front end keeps
  /// no state of its own, or when a replayed statement failed (the changes the model got from it
  /// came from that moment, which a snapshot of the end cannot give again).
  virtual std::string Snapshot() { return {}; }
  /// Before the first statement of a replay: take the state of a Snapshot() of a replay of the
  /// same files. Parse then only classifies the statements, as it did in that replay, and Flush
  /// gives the same changes. False (and nothing changed) when the bytes are not such a snapshot.
  virtual bool Restore(std::string_view snapshot) { return false; }
  /// After Restore of a snapshot of a replay's first files: the statements from here on are not
  /// in it, and run.
  virtual void Resume() {}
  /// The server version (`[lint] server_version`, "8.0.30", "10.6"), where what runs depends on it:
  /// MySQL's `/*!NNNNN ... */` comments. Empty: a current server.
  virtual void SetServerVersion(std::string_view version) {}
};

/// A MySQL/MariaDB server version as the executable comments compare it: 8.0.30 is 80030, 10.6
/// is 100600. `number` 0: unknown, every executable comment runs.
struct ServerVersion {
  long number = 0;
  bool mariadb = false;  ///< MariaDB (10 and later): it also runs `/*M!NNNNN ... */`
};

/// Reads "8.0.30", "10.6.12-MariaDB", "5.7"; unknown text gives number 0.
ServerVersion ParseServerVersion(std::string_view text);

/// The front end for a dialect: libpg_query for PostgreSQL, SQLite itself for SQLite, and a
/// hand-written DDL parser for MySQL/MariaDB.
std::unique_ptr<Frontend> MakeFrontend(sql::Dialect dialect);

/// Runs `statements` through `frontend` in replay mode, in order, and returns the model their
/// changes build (with the dialect's default schema). The SQLite catalog reader and lint
/// --against-db load a live SQLite file this way: its sqlite_schema CREATE texts, tables first,
/// fill the front end's in-memory database, which the new migrations then run against.
Model LoadStatements(Frontend& frontend, sql::Dialect dialect, const std::vector<std::string>& statements);

/// The model's default schema for a dialect ("public" for PostgreSQL).
std::string DefaultSchema(sql::Dialect dialect);

/// The first keyword of a statement, uppercase ("ALTER"), skipping comments and whitespace.
std::string FirstKeyword(std::string_view text);

/// True when a PostgreSQL default expression (as pg_get_expr prints it) calls a function whose value
/// differs per row (random(), nextval(), gen_random_uuid(), ...): the list the front end judges
/// defaults by.
bool DefaultIsVolatile(std::string_view sql);

/// Parses one PostgreSQL statement with libpg_query.
std::vector<Change> ParsePostgres(std::string_view text, const Model& model);

/// Parses one MySQL/MariaDB statement with the hand-written DDL parser. With `sqlite_quoting`,
/// "double quotes" are identifiers (the SQLite front end uses this as its fallback).
/// `/*!NNNNN ... */` comments run as `server` would run them (not with `sqlite_quoting`).
std::vector<Change> ParseMysql(std::string_view text, const Model& model, bool sqlite_quoting = false,
                               const ServerVersion& server = {});

}  // namespace shiftway::schema
