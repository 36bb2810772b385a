// Error values returned by every library function that a user's input can make fail.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace shiftway {

/// What kind of failure this is; it decides the process exit code (see ExitCodeFor).
enum class ErrorCode {
  kUsage,       ///< bad flags or arguments (exit 2)
  kConfig,      ///< bad configuration, file names, placeholders, encodings (exit 2)
  kValidation,  ///< applied migrations differ from the files, or lint findings (exit 1)
  kDatabase,    ///< cannot connect, lock or query the database (exit 3)
  kMigration,   ///< a migration failed while running (exit 3)
  kInternal,    ///< a bug in shiftway (exit 70)
};

/// A place in a source file; line and column are 1-based, 0 means unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

/// An error a user can act on: where, what, the database's own words, and what to do next.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;              ///< lowercase, no location prefix, no trailing period
  std::optional<SourcePos> pos;     ///< printed first as file:line:col when present
  std::vector<std::string> notes;   ///< facts about the state the database is in now
  std::string hint;                 ///< what to run or change next
  std::string db_message;           ///< the database's own text, verbatim
  std::string sqlstate;             ///< SQLSTATE or vendor error code, verbatim

  Error() = default;
  Error(ErrorCode c, std::string m) : code(c), message(std::move(m)) {}

  Error& At(SourcePos p) & { pos = std::move(p); return *this; }
  Error&& At(SourcePos p) && { pos = std::move(p); return std::move(*this); }
  Error& Note(std::string n) & { notes.push_back(std::move(n)); return *this; }
  Error&& Note(std::string n) && { notes.push_back(std::move(n)); return std::move(*this); }
  Error& Hint(std::string h) & { hint = std::move(h); return *this; }
  Error&& Hint(std::string h) && { hint = std::move(h); return std::move(*this); }
};

/// The process exit code documented in the README for an error of this kind.
inline int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation: return 1;
    case ErrorCode::kUsage:
    case ErrorCode::kConfig: return 2;
    case ErrorCode::kDatabase:
    case ErrorCode::kMigration: return 3;
    case ErrorCode::kInternal: return 70;
  }
  return 70;
}

template <class T>
using Result = tl::expected<T, Error>;

/// Shorthand for returning an error from a function whose result is Result<T>.
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }
inline tl::unexpected<Error> Fail(ErrorCode c, std::string m) { return tl::unexpected<Error>(Error(c, std::move(m))); }

}  // namespace shiftway
