// MySQL/MariaDB front end: a hand-written parser for the DDL that migrations use.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "core/schema/apply.h"
#include "core/schema/frontend.h"

namespace shiftway::schema {
namespace {

struct Token {
  enum class Type { kWord, kQuoted, kString, kNumber, kPunct, kEnd };
  Type type = Type::kEnd;
  std::string text;  ///< words as written; quoted identifiers and strings without their quotes
  size_t begin = 0, end = 0;
};

// Whether the server runs the executable comment that starts at `i` (`/*!NNNNN ...*/`, MariaDB's
// `/*M!NNNNN ...*/`), and the length of its opener. MySQL and MariaDB run `/*!` always and
// `/*!NNNNN` from version NNNNN on; MySQL skips `/*M!`. With no server version every one runs.
size_t ExecutableComment(std::string_view s, size_t i, const ServerVersion& server, bool* runs) {
  size_t j;
  bool mariadb_only = false;
  if (s.compare(i, 3, "/*!") == 0) {
    j = i + 3;
  } else if (s.compare(i, 4, "/*M!") == 0) {
    j = i + 4;
    mariadb_only = true;
  } else {
    return 0;
  }
  const size_t digits = j;
  while (j < s.size() && j - digits < 6 && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
  const long version = j > digits ? std::stol(std::string(s.substr(digits, j - digits))) : 0;
  *runs = server.number == 0 || ((!mariadb_only || server.mariadb) && server.number >= version);
  return j - i;
}

std::vector<Token> Tokenize(std::string_view s, bool sqlite_quoting, const ServerVersion& server = {}) {
  std::vector<Token> out;
  size_t i = 0;
  bool in_executable_comment = false;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (s.compare(i, 2, "--") == 0 || c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (!sqlite_quoting && s.compare(i, 2, "/*") == 0) {
      bool runs = false;
      if (const size_t opener = ExecutableComment(s, i, server, &runs); opener > 0 && !in_executable_comment && runs) {
        in_executable_comment = true;
        i += opener;
        continue;
      }
    }
    if (in_executable_comment && s.compare(i, 2, "*/") == 0) {
      in_executable_comment = false;
      i += 2;
      continue;
    }
    if (s.compare(i, 2, "/*") == 0) {
      size_t e = s.find("*/", i + 2);
      i = e == std::string_view::npos ? s.size() : e + 2;
      continue;
    }
    Token t;
    t.begin = i;
    if (c == '`' || (c == '"' && sqlite_quoting) || (c == '[' && sqlite_quoting) || c == '\'' || c == '"') {
      const char close = c == '[' ? ']' : static_cast<char>(c);
      t.type = (c == '\'' || (c == '"' && !sqlite_quoting)) ? Token::Type::kString : Token::Type::kQuoted;
      ++i;
      while (i < s.size()) {
        if (s[i] == '\\' && t.type == Token::Type::kString && !sqlite_quoting && i + 1 < s.size()) {
          t.text += s[i + 1];
          i += 2;
          continue;
        }
        if (s[i] == close) {
          if (i + 1 < s.size() && s[i + 1] == close && close != ']') {
            t.text += close;
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        t.text += s[i++];
      }
    } else if (std::isalpha(c) || c == '_' || c == '$' || c == '@' || c >= 0x80) {
      t.type = Token::Type::kWord;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$' ||
                              s[i] == '@' || static_cast<unsigned char>(s[i]) >= 0x80)) {
        t.text += s[i++];
      }
    } else if (std::isdigit(c)) {
      t.type = Token::Type::kNumber;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.')) t.text += s[i++];
    } else {
      t.type = Token::Type::kPunct;
      t.text = std::string(1, static_cast<char>(c));
      ++i;
    }
    t.end = i;
    out.push_back(std::move(t));
  }
  Token end;
  end.begin = end.end = s.size();
  out.push_back(end);
  return out;
}

class MysqlParser {
 public:
  MysqlParser(std::string_view text, const Model& model, bool sqlite, const ServerVersion& server)
      : text_(text), model_(model), sqlite_(sqlite), server_(server), toks_(Tokenize(text, sqlite, server)) {}

  std::vector<Change> Parse() {
    const std::string kw = Upper(0);
    // Only executable comments this server version skips: nothing runs.
    if (kw.empty() && !sqlite_ && text_.find("/*") != std::string_view::npos) return {Simple(ChangeKind::kOther)};
    if (kw == "CREATE") return Create();
    if (kw == "ALTER") {
      if (Upper(1) == "TABLE" || (Upper(1) == "ONLINE" || Upper(1) == "IGNORE")) return AlterTable();
      if (Upper(1) == "SEQUENCE") return AlterSequence();
      pos_ = 1;
      ViewOptions();
      if (Accept("VIEW")) return CreateView(true);
      return {Unparsed("ALTER " + Upper(1) + " is not analysed")};
    }
    if (kw == "DROP") return Drop();
    if (kw == "RENAME" && Upper(1) == "TABLE") return RenameTables();
    if (kw == "SET") return Set();
    if (kw == "BEGIN" || (kw == "START" && Upper(1) == "TRANSACTION")) return {Simple(ChangeKind::kBegin)};
    if (kw == "COMMIT" || kw == "ROLLBACK" || kw == "END") return {Simple(ChangeKind::kCommit)};
    static const std::set<std::string> kDml = {"INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT",
                                               "WITH",   "LOAD",   "CALL",   "TRUNCATE", "VALUES"};
    if (kDml.count(kw)) {
      Change c = Simple(ChangeKind::kDml);
      c.detail = kw;
      return {c};
    }
    static const std::set<std::string> kNoEffect = {"USE",     "LOCK",     "UNLOCK", "GRANT",  "REVOKE", "ANALYZE",
                                                    "OPTIMIZE", "FLUSH",   "DELIMITER", "SAVEPOINT", "RELEASE",
                                                    "DO",      "SHOW",     "EXPLAIN", "PRAGMA", "VACUUM", "REINDEX",
                                                    "DETACH",  "ATTACH",   "CHECKSUM", "CHECK", "DEALLOCATE",
                                                    "PREPARE", "EXECUTE",  "XA",      "COMMENT"};
    if (kNoEffect.count(kw)) return {Simple(ChangeKind::kOther)};
    return {Unparsed(kw.empty() ? "not a statement" : kw + " statements are not analysed")};
  }

 private:
  // --- Tokens -------------------------------------------------------------------------------
  const Token& At(size_t i) const { return i < toks_.size() ? toks_[i] : toks_.back(); }
  const Token& Cur() const { return At(pos_); }
  std::string Upper(size_t i) const {
    const Token& t = At(i);
    if (t.type != Token::Type::kWord) return t.type == Token::Type::kEnd ? "" : "\x01";
    std::string u = t.text;
    for (char& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return u;
  }
  bool Is(const char* word, size_t ahead = 0) const { return Upper(pos_ + ahead) == word; }
  bool IsPunct(char p, size_t ahead = 0) const {
    const Token& t = At(pos_ + ahead);
    return t.type == Token::Type::kPunct && t.text[0] == p;
  }
  bool AtEnd() const { return Cur().type == Token::Type::kEnd; }
  bool Accept(const char* word) {
    if (!Is(word)) return false;
    ++pos_;
    return true;
  }
  bool AcceptPunct(char p) {
    if (!IsPunct(p)) return false;
    ++pos_;
    return true;
  }
  void Next() {
    if (!AtEnd()) ++pos_;
  }
  std::string Ident() {
    const Token& t = Cur();
    if (t.type == Token::Type::kWord || t.type == Token::Type::kQuoted ||
        (sqlite_ && t.type == Token::Type::kString)) {
      ++pos_;
      return t.text;
    }
    return "";
  }
  // [schema.]name
  bool Name(std::string* schema, std::string* name) {
    *schema = "";
    *name = Ident();
    if (name->empty()) return false;
    if (IsPunct('.')) {
      ++pos_;
      *schema = *name;
      *name = Ident();
    }
    return !name->empty();
  }
  // Skips a balanced (...) group at the cursor and returns its inner text.
  std::string Group() {
    if (!IsPunct('(')) return "";
    const size_t start = Cur().end;
    int depth = 0;
    size_t inner_end = start;
    while (!AtEnd()) {
      if (IsPunct('(')) ++depth;
      if (IsPunct(')')) {
        --depth;
        if (depth == 0) {
          inner_end = Cur().begin;
          ++pos_;
          return std::string(text_.substr(start, inner_end - start));
        }
      }
      ++pos_;
    }
    return std::string(text_.substr(start));
  }
  // Skips to the next ',' or ')' at this nesting level (not consuming it).
  void SkipToSeparator() {
    int depth = 0;
    while (!AtEnd()) {
      if (IsPunct('(')) ++depth;
      if (IsPunct(')')) {
        if (depth == 0) return;
        --depth;
      }
      if (IsPunct(',') && depth == 0) return;
      ++pos_;
    }
  }
  std::string TextFrom(size_t first_tok) const {
    if (first_tok >= pos_) return "";
    return std::string(text_.substr(At(first_tok).begin, At(pos_ - 1).end - At(first_tok).begin));
  }
  // (a, b(10) DESC, ...) -> plain column names.
  // A view's columns from the select list at pos_ (SELECT ...), up to its FROM; pos_ is left at the
  // SELECT for the caller's scan. An item is named by its alias or by the column it shows; a CAST
  // gives its type.
  void ViewOutputs(View* v) {
    if (!Is("SELECT")) return;
    const size_t start = pos_;
    Next();
    while (Is("DISTINCT") || Is("ALL") || Is("DISTINCTROW")) Next();
    std::vector<std::pair<size_t, size_t>> items;
    size_t b = pos_;
    int depth = 0;
    while (!AtEnd()) {
      if (IsPunct('(')) ++depth;
      if (IsPunct(')')) --depth;
      if (depth == 0 && (IsPunct(',') || Is("FROM"))) {
        items.emplace_back(b, pos_);
        if (Is("FROM")) break;
        b = pos_ + 1;
      }
      Next();
    }
    if (AtEnd()) items.emplace_back(b, pos_);
    v->outputs_known = true;
    auto word = [&](size_t i) { return At(i).type == Token::Type::kWord || At(i).type == Token::Type::kQuoted; };
    auto punct = [&](size_t i, char p) { return At(i).type == Token::Type::kPunct && At(i).text[0] == p; };
    for (const auto& [from, to] : items) {
      Column out;
      std::string source;
      const size_t n = to - from;
      if (n == 0) {
        v->outputs_known = false;
        break;
      }
      if (n == 1 && punct(from, '*')) {
        out.name = "*";
        v->star = true;
      } else if (n >= 2 && punct(to - 1, '*') && punct(to - 2, '.')) {
        v->star = true;
        v->outputs_known = false;  // t.*: which table's columns is not followed
        break;
      } else if (word(from) && (n == 1 || (n == 3 && punct(from + 1, '.') && word(from + 2)) ||
                                (n == 5 && punct(from + 1, '.') && punct(from + 3, '.') && word(from + 4)))) {
        out.name = source = At(to - 1).text;
      } else if (n >= 2 && word(to - 1) && (Upper(to - 2) == "AS" || !punct(to - 2, '.'))) {
        out.name = At(to - 1).text;
        // An item "x AS alias" that shows a column as it is.
        const size_t expr_end = Upper(to - 2) == "AS" ? to - 2 : to - 1;
        if (expr_end == from + 1 && word(from)) source = At(from).text;
        if (expr_end == from + 3 && word(from) && punct(from + 1, '.') && word(from + 2)) source = At(from + 2).text;
      }
      // CAST(x AS type) / CONVERT(x, type): the type.
      if ((Upper(from) == "CAST" || Upper(from) == "CONVERT") && punct(from + 1, '(')) {
        int d = 0;
        size_t type_at = 0, close = from + 1;
        for (size_t i = from + 1; i < to; ++i) {
          if (punct(i, '(')) ++d;
          if (punct(i, ')') && --d == 0) {
            close = i;
            break;
          }
          if (d == 1 && (Upper(i) == "AS" || punct(i, ','))) type_at = i + 1;
        }
        if (type_at > 0 && type_at < close) {
          std::string type;
          for (size_t i = type_at; i < close; ++i) type += At(i).text;
          for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          out.type = type;
          source.clear();
        }
      }
      v->outputs.push_back(out);
      v->output_sources.push_back(source);
    }
    pos_ = start;
  }

  // [MATCH ...] ON DELETE action / ON UPDATE action after REFERENCES t (cols).
  void FkActions(Constraint* k) {
    if (Accept("MATCH")) Next();
    while (Is("ON") && (Is("DELETE", 1) || Is("UPDATE", 1))) {
      Next();
      std::string* out = Is("DELETE") ? &k->on_delete : &k->on_update;
      Next();
      std::string action;
      if (Accept("SET")) {
        action = "SET " + Upper(pos_);
        Next();
      } else if (Accept("NO")) {
        Accept("ACTION");
      } else {
        action = Upper(pos_);
        Next();
      }
      *out = FkAction(action);
    }
  }

  std::vector<std::string> ColumnList() {
    std::vector<std::string> cols;
    if (!AcceptPunct('(')) return cols;
    while (!AtEnd() && !IsPunct(')')) {
      std::string c = Ident();
      if (!c.empty() && !IsPunct('(')) cols.push_back(c);
      SkipToSeparator();
      AcceptPunct(',');
    }
    AcceptPunct(')');
    return cols;
  }

  // "c IS NOT NULL" -> "c"; anything else -> "".
  std::string NotNullColumn(const std::string& expr) const {
    auto toks = Tokenize(expr, sqlite_, server_);
    if (toks.size() == 5 && (toks[0].type == Token::Type::kWord || toks[0].type == Token::Type::kQuoted) &&
        Lower(toks[1].text) == "is" && Lower(toks[2].text) == "not" && Lower(toks[3].text) == "null") {
      return toks[0].text;
    }
    return "";
  }

  Change Simple(ChangeKind kind) const {
    Change c;
    c.kind = kind;
    return c;
  }
  Change Unparsed(std::string why) const {
    Change c;
    c.kind = ChangeKind::kUnparsed;
    c.detail = std::move(why);
    return c;
  }

  // --- Column definitions -------------------------------------------------------------------
  std::string TypeText() {
    if (Cur().type != Token::Type::kWord) return "";
    std::string type = Cur().text;
    ++pos_;
    for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((type == "double" && Is("PRECISION")) || (type == "character" && Is("VARYING")) ||
        (type == "national" && (Is("CHAR") || Is("VARCHAR")))) {
      type += " " + Lower(Cur().text);
      ++pos_;
    }
    if (IsPunct('(')) {
      std::string args = Group();
      std::string compact;
      for (char ch : args) {
        if (ch != ' ' && ch != '\n' && ch != '\t') compact += ch;
      }
      type += "(" + compact + ")";
    }
    while (Is("UNSIGNED") || Is("SIGNED") || Is("ZEROFILL")) {
      if (!Is("SIGNED")) type += " " + Lower(Cur().text);
      ++pos_;
    }
    return type;
  }

  std::string DefaultExpr() {
    const size_t first = pos_;
    if (IsPunct('(')) {
      Group();
    } else if (IsPunct('-') || IsPunct('+')) {
      ++pos_;
      Next();
    } else {
      Next();
      if (IsPunct('(')) Group();
    }
    return TextFrom(first);
  }

  Column ColumnDef(std::vector<Constraint>* constraints) {
    Column col;
    col.name = Ident();
    if (!IsPunct(',') && !IsPunct(')') && !AtEnd()) col.type = TypeText();
    while (!AtEnd() && !IsPunct(',') && !IsPunct(')')) {
      if (Accept("NOT")) {
        if (Accept("NULL")) col.not_null = true;
      } else if (Accept("NULL")) {
        col.not_null = false;
      } else if (Accept("DEFAULT")) {
        std::string expr = DefaultExpr();
        if (Lower(expr) == "null") {
          col.has_default = false;
          col.default_expr.clear();
        } else {
          col.has_default = true;
          col.default_expr = expr;
          const std::string l = Lower(expr);
          col.default_volatile = l.find("uuid") != std::string::npos || l.find("rand") != std::string::npos;
        }
      } else if (Accept("AUTO_INCREMENT") || Accept("AUTOINCREMENT")) {
        col.generated = col.has_default = true;
      } else if (Accept("INVISIBLE")) {
        col.invisible = true;
      } else if (Accept("VISIBLE")) {
        col.invisible = false;
      } else if (Accept("PRIMARY")) {
        Accept("KEY");
        col.not_null = true;
        constraints->push_back(Constraint{Constraint::Kind::kPrimaryKey, "", {col.name}, "", {}, "", "", false});
      } else if (Accept("UNIQUE")) {
        Accept("KEY");
        constraints->push_back(Constraint{Constraint::Kind::kUnique, "", {col.name}, "", {}, "", "", false});
      } else if (Accept("KEY")) {
        col.not_null = true;
      } else if (Accept("REFERENCES")) {
        Constraint k;
        k.kind = Constraint::Kind::kForeignKey;
        k.columns = {col.name};
        std::string s, n;
        Name(&s, &n);
        k.ref_table = Qualified(s, n);
        k.ref_columns = ColumnList();
        FkActions(&k);
        constraints->push_back(k);
      } else if (Accept("CHECK")) {
        Constraint k;
        k.kind = Constraint::Kind::kCheck;
        k.expr = Group();
        k.not_null_column = NotNullColumn(k.expr);
        k.columns = {col.name};
        constraints->push_back(k);
      } else if (Accept("GENERATED") || Accept("AS")) {
        col.generated = col.has_default = true;
        Accept("ALWAYS");
        Accept("AS");
        Group();
      } else if (const size_t first = pos_; Accept("COMMENT") || Accept("COLLATE") || Accept("COLUMN_FORMAT") ||
                                            Accept("STORAGE") || Accept("SRID") || Accept("CHARSET")) {
        AcceptPunct('=');
        Next();
        col.extras.push_back(TextFrom(first));
      } else if (Accept("CHARACTER")) {
        Accept("SET");
        Next();
        col.extras.push_back(TextFrom(first));
      } else if (Accept("ON")) {
        Accept("UPDATE");
        DefaultExpr();
        col.extras.push_back(TextFrom(first));
      } else if (Accept("BINARY") || Accept("ASCII") || Accept("UNICODE")) {
        col.extras.push_back(TextFrom(first));
      } else if (Accept("CONSTRAINT")) {
        if (!Is("CHECK")) Ident();
      } else if (IsPunct('(')) {
        Group();
      } else {
        Next();
      }
    }
    return col;
  }

  // A table element after CONSTRAINT/PRIMARY/UNIQUE/KEY/INDEX/FOREIGN/CHECK; false if it is a column.
  bool TableConstraint(std::vector<Constraint>* out, std::vector<Index>* indexes, const std::string& table) {
    std::string name;
    if (Accept("CONSTRAINT")) {
      if (!Is("PRIMARY") && !Is("UNIQUE") && !Is("FOREIGN") && !Is("CHECK")) name = Ident();
    } else if (!Is("PRIMARY") && !Is("UNIQUE") && !Is("KEY") && !Is("INDEX") && !Is("FOREIGN") && !Is("CHECK") &&
               !Is("FULLTEXT") && !Is("SPATIAL")) {
      return false;
    } else if ((Is("KEY") || Is("INDEX")) && !IsPunct('(', 1) && !IsPunct('(', 2) && Upper(pos_ + 2) != "USING") {
      return false;  // a column named key or index (SQLite allows it unquoted)
    }
    Constraint k;
    k.name = name;
    if (Accept("PRIMARY")) {
      Accept("KEY");
      k.kind = Constraint::Kind::kPrimaryKey;
    } else if (Accept("UNIQUE")) {
      if (!Accept("KEY")) Accept("INDEX");
      k.kind = Constraint::Kind::kUnique;
    } else if (Accept("FOREIGN")) {
      Accept("KEY");
      k.kind = Constraint::Kind::kForeignKey;
    } else if (Accept("CHECK")) {
      k.kind = Constraint::Kind::kCheck;
      k.expr = Group();
      k.not_null_column = NotNullColumn(k.expr);
      if (Accept("NOT")) Accept("ENFORCED");
      Accept("ENFORCED");
      out->push_back(k);
      return true;
    } else {
      Accept("FULLTEXT");
      Accept("SPATIAL");
      if (!Accept("KEY")) Accept("INDEX");
      Index idx;
      idx.table = table;
      if (!IsPunct('(')) idx.name = Ident();
      if (Accept("USING")) Next();
      idx.columns = ColumnList();
      if (indexes) indexes->push_back(idx);
      SkipToSeparator();
      return true;
    }
    if (!IsPunct('(') && !Is("USING")) {
      std::string index_name = Ident();
      if (k.name.empty()) k.name = index_name;
    }
    if (Accept("USING")) Next();
    k.columns = ColumnList();
    if (k.kind == Constraint::Kind::kForeignKey && Accept("REFERENCES")) {
      std::string s, n;
      Name(&s, &n);
      k.ref_table = Qualified(s, n);
      k.ref_columns = ColumnList();
      FkActions(&k);
    }
    SkipToSeparator();
    out->push_back(k);
    return true;
  }

  // --- Statements ---------------------------------------------------------------------------
  // ALGORITHM = ..., DEFINER = ..., SQL SECURITY ...: the options of CREATE and ALTER before VIEW.
  void ViewOptions() {
    while (Is("ALGORITHM") || Is("DEFINER") || Is("SQL")) {
      if (Accept("SQL")) {
        Accept("SECURITY");
        Next();
        continue;
      }
      Next();
      AcceptPunct('=');
      Next();  // the value; for DEFINER the user, `user`@`host`, 'user'@'host' or CURRENT_USER()
      if (IsPunct('(')) {
        Next();
        AcceptPunct(')');
      }
      // The tokenizer reads @ as the start of a word (a user variable): `@` alone before a quoted
      // host, or @localhost.
      if (IsPunct('@') || (Cur().type == Token::Type::kWord && Cur().text[0] == '@')) {
        const bool bare = Cur().text == "@";
        Next();
        if (bare) Next();
      }
    }
  }

  // CREATE [OR REPLACE] VIEW and ALTER VIEW, pos_ after VIEW. ALTER VIEW v AS SELECT redefines v as
  // CREATE OR REPLACE does (`or_replace`).
  std::vector<Change> CreateView(bool or_replace) {
    Change c = Simple(ChangeKind::kCreateView);
    c.or_replace = or_replace;
    if (Accept("IF")) {
      Accept("NOT");
      Accept("EXISTS");
    }
    Name(&c.schema, &c.object);
    std::vector<std::string> aliases;
    if (IsPunct('(')) aliases = ColumnList();
    while (!AtEnd() && !Is("SELECT")) Next();
    ViewOutputs(&c.view_def);
    // The tables a view reads: the names after FROM and JOIN; and every name it mentions.
    while (!AtEnd()) {
      if (Accept("FROM") || Accept("JOIN")) {
        std::string s, n;
        if (Name(&s, &n)) c.view_def.tables.push_back(Qualified(s, n));
        continue;
      }
      if (Cur().type == Token::Type::kWord || Cur().type == Token::Type::kQuoted) {
        c.view_def.columns.push_back(Cur().text);
      }
      if (IsPunct('*') && !IsPunct('(', static_cast<size_t>(-1))) c.view_def.star = true;
      Next();
    }
    for (size_t i = 0; i < aliases.size() && i < c.view_def.outputs.size(); ++i) {
      if (c.view_def.outputs[i].name == "*") c.view_def.outputs_known = false;
      c.view_def.outputs[i].name = aliases[i];
    }
    return {c};
  }

  std::vector<Change> Create() {
    pos_ = 1;
    bool or_replace = false;
    if (Accept("OR")) or_replace = Accept("REPLACE");
    Accept("TEMPORARY");
    Accept("TEMP");
    ViewOptions();
    if (Accept("TABLE")) {
      std::vector<Change> out = CreateTable();
      for (auto& c : out) {
        if (c.kind == ChangeKind::kCreateTable) c.or_replace = or_replace;  // MariaDB CREATE OR REPLACE TABLE
      }
      return out;
    }
    if (Is("UNIQUE") || Is("INDEX") || Is("FULLTEXT") || Is("SPATIAL")) return CreateIndex();
    if (Accept("VIEW")) return CreateView(or_replace);
    if (Accept("DATABASE") || Accept("SCHEMA")) {
      Change c = Simple(ChangeKind::kCreateSchema);
      if (Accept("IF")) {
        Accept("NOT");
        Accept("EXISTS");
      }
      c.object = Ident();
      return {c};
    }
    if (Accept("PROCEDURE") || Accept("FUNCTION")) {
      Change c = Simple(ChangeKind::kCreateRoutine);
      c.is_procedure = Upper(pos_ - 1) == "PROCEDURE";
      if (Accept("IF")) {
        Accept("NOT");
        Accept("EXISTS");
      }
      Name(&c.schema, &c.object);
      return {c};
    }
    if (Accept("TRIGGER")) return CreateTrigger();
    if (Is("EVENT") || Is("USER") || Is("ROLE")) return {Simple(ChangeKind::kOther)};
    if (Accept("SEQUENCE")) {
      Change c = Simple(ChangeKind::kCreateSequence);
      Name(&c.schema, &c.object);
      return {c};
    }
    return {Unparsed("CREATE " + Upper(pos_) + " is not analysed")};
  }

  // CREATE TRIGGER, pos_ after TRIGGER. MySQL/MariaDB: name {BEFORE|AFTER} event ON table FOR EACH
  // ROW [{FOLLOWS|PRECEDES} other] body. SQLite: name [BEFORE|AFTER|INSTEAD OF] {DELETE|INSERT|UPDATE
  // [OF columns]} ON table [FOR EACH ROW] [WHEN expr] BEGIN ... END.
  std::vector<Change> CreateTrigger() {
    Change c = Simple(ChangeKind::kCreateTrigger);
    if (Accept("IF")) {
      Accept("NOT");
      c.if_exists = Accept("EXISTS");
    }
    std::string trigger_schema;
    if (!Name(&trigger_schema, &c.column)) return {Unparsed("CREATE TRIGGER without a trigger name")};
    Trigger& t = c.trigger_def;
    if (Accept("BEFORE")) {
      t.timing = "BEFORE";
    } else if (Accept("AFTER")) {
      t.timing = "AFTER";
    } else if (Accept("INSTEAD")) {
      Accept("OF");
      t.timing = "INSTEAD OF";
    } else {
      t.timing = "BEFORE";  // SQLite's default
    }
    t.event = Upper(pos_);
    if (t.event != "INSERT" && t.event != "UPDATE" && t.event != "DELETE")
      return {Unparsed("CREATE TRIGGER " + c.column + " without INSERT, UPDATE or DELETE")};
    Next();
    if (Accept("OF")) {
      std::string columns;
      while (!AtEnd() && !Is("ON")) {
        if (!IsPunct(',')) columns += (columns.empty() ? "" : ", ") + Cur().text;
        Next();
      }
      t.event += " OF " + columns;
    }
    if (!Accept("ON") || !Name(&c.schema, &c.object)) return {Unparsed("CREATE TRIGGER " + c.column + " without ON table")};
    if (c.schema.empty()) c.schema = trigger_schema;
    if (Accept("FOR")) {
      Accept("EACH");
      Accept("ROW");
    }
    if ((Is("FOLLOWS") || Is("PRECEDES")) && !sqlite_) {
      Next();
      Ident();
    }
    if (AtEnd()) return {Unparsed("CREATE TRIGGER " + c.column + " without a body")};
    std::string body(text_.substr(Cur().begin));
    while (!body.empty() && (std::isspace(static_cast<unsigned char>(body.back())) || body.back() == ';')) body.pop_back();
    t.body = body;
    return {c};
  }

  // CREATE TABLE t LIKE source: source's columns, keys, checks and indexes (not its foreign keys),
  // with its index names; unknown when the model does not know source.
  std::vector<Change> CreateTableLike(Change c, bool parenthesized) {
    std::string source_schema, source_name;
    const Table* source = Name(&source_schema, &source_name) ? model_.FindTable(source_schema, source_name) : nullptr;
    if (parenthesized) AcceptPunct(')');
    AcceptPunct(';');
    if (!source || !AtEnd()) {
      c.table_def.columns_unknown = true;
      return {c};
    }
    std::vector<Index> indexes;
    c.table_def = TableLike(model_, *source, c.schema, c.object, LikeOptions{}, /*pg_names=*/false, &indexes);
    return WithIndexes(c, indexes);
  }

  std::vector<Change> CreateTable() {
    Change c = Simple(ChangeKind::kCreateTable);
    if (Accept("IF")) {
      Accept("NOT");
      c.if_exists = Accept("EXISTS");
    }
    if (!Name(&c.schema, &c.object)) return {Unparsed("CREATE TABLE without a table name")};
    c.table_def.schema = c.schema;
    c.table_def.name = c.object;
    std::vector<Index> indexes;
    if (Is("LIKE") || (IsPunct('(') && Upper(1) == "LIKE")) {
      const bool parenthesized = AcceptPunct('(');
      Accept("LIKE");
      return CreateTableLike(c, parenthesized);
    }
    if (Accept("AS") || Accept("SELECT") || !IsPunct('(')) {
      c.table_def.columns_unknown = true;
      return {c};
    }
    AcceptPunct('(');
    while (!AtEnd() && !IsPunct(')')) {
      const size_t before = pos_;
      if (!TableConstraint(&c.table_def.constraints, &indexes, c.object)) {
        pos_ = before;
        c.table_def.columns.push_back(ColumnDef(&c.table_def.constraints));
      }
      SkipToSeparator();
      if (!AcceptPunct(',')) break;
    }
    for (const auto& k : c.table_def.constraints) {
      if (k.kind != Constraint::Kind::kPrimaryKey) continue;
      for (const auto& col : k.columns) {
        if (Column* p = c.table_def.FindColumn(col)) p->not_null = true;
      }
    }
    return WithIndexes(c, indexes);
  }

  std::vector<Change> CreateIndex() {
    Change c = Simple(ChangeKind::kCreateIndex);
    c.index.unique = Accept("UNIQUE");
    Accept("FULLTEXT");
    Accept("SPATIAL");
    Accept("INDEX");
    if (Accept("IF")) {
      Accept("NOT");
      c.if_exists = Accept("EXISTS");
    }
    std::string s;
    Name(&s, &c.index.name);
    if (Accept("USING")) Next();
    if (!Accept("ON")) return {Unparsed("CREATE INDEX without ON")};
    Name(&c.schema, &c.object);
    c.index.table = c.object;
    c.index.columns = ColumnList();
    ReadAlgorithm(&c);
    return {c};
  }

  void ReadAlgorithm(Change* c) {
    while (!AtEnd()) {
      if (Accept("ALGORITHM")) {
        AcceptPunct('=');
        c->algorithm = Upper(pos_);
      }
      Next();
    }
  }

  std::vector<Change> Drop() {
    pos_ = 1;
    Accept("TEMPORARY");
    ChangeKind kind;
    const bool procedure = Is("PROCEDURE");
    if (Accept("TABLE") || Accept("TABLES")) {
      kind = ChangeKind::kDropTable;
    } else if (Accept("VIEW")) {
      kind = ChangeKind::kDropView;
    } else if (Accept("INDEX")) {
      kind = ChangeKind::kDropIndex;
    } else if (Accept("DATABASE") || Accept("SCHEMA")) {
      kind = ChangeKind::kDropSchema;
    } else if (Accept("PROCEDURE") || Accept("FUNCTION")) {
      kind = ChangeKind::kDropRoutine;
    } else if (Accept("SEQUENCE")) {
      kind = ChangeKind::kDropSequence;
    } else if (Accept("TRIGGER")) {
      return DropTrigger();
    } else if (Is("EVENT") || Is("USER") || Is("ROLE")) {
      return {Simple(ChangeKind::kOther)};
    } else {
      return {Unparsed("DROP " + Upper(pos_) + " is not analysed")};
    }
    bool if_exists = false;
    if (Accept("IF")) if_exists = Accept("EXISTS");
    std::vector<Change> out;
    while (!AtEnd()) {
      Change c = Simple(kind);
      c.if_exists = if_exists;
      c.is_procedure = kind == ChangeKind::kDropRoutine && procedure;
      if (!Name(&c.schema, &c.object)) break;
      if (kind == ChangeKind::kDropSchema) {
        c.schema.clear();
      }
      if (kind == ChangeKind::kDropIndex && Accept("ON")) {
        std::string s;
        Name(&s, &c.table);
        ReadAlgorithm(&c);
      }
      out.push_back(c);
      if (!AcceptPunct(',')) break;
    }
    if (Accept("CASCADE")) {
      for (auto& c : out) c.cascade = true;
    }
    if (out.empty()) return {Unparsed("DROP without a name")};
    return out;
  }

  // DROP TRIGGER [IF EXISTS] [schema.]name, pos_ after TRIGGER. The statement names no table; the
  // model's trigger of that name (unique per schema) gives it.
  std::vector<Change> DropTrigger() {
    Change c = Simple(ChangeKind::kDropTrigger);
    if (Accept("IF")) c.if_exists = Accept("EXISTS");
    std::string schema;
    if (!Name(&schema, &c.column)) return {Unparsed("DROP TRIGGER without a name")};
    for (const auto& [key, t] : model_.triggers) {
      if (SameName(t.name, c.column) && (schema.empty() || SameName(schema, t.schema))) {
        c.schema = t.schema;
        c.object = t.table;
        break;
      }
    }
    return {c};
  }

  std::vector<Change> RenameTables() {
    pos_ = 2;
    std::vector<Change> out;
    while (!AtEnd()) {
      Change c = Simple(ChangeKind::kRenameTable);
      std::string s;
      if (!Name(&c.schema, &c.object) || !Accept("TO")) break;
      Name(&s, &c.new_name);
      if (!s.empty() && !SameName(s, c.schema)) c.new_schema = s;
      out.push_back(c);
      if (!AcceptPunct(',')) break;
    }
    if (out.empty()) return {Unparsed("RENAME TABLE could not be read")};
    return out;
  }

  std::vector<Change> Set() {
    pos_ = 1;
    Accept("SESSION");
    Accept("LOCAL");
    const Token& t = Cur();
    std::string name = Lower(t.text);
    if (name.rfind("@@session.", 0) == 0) name = name.substr(10);
    if (name.rfind("@@", 0) == 0) name = name.substr(2);
    if (name == "@@session" && IsPunct('.', 1)) {
      pos_ += 2;
      name = Lower(Cur().text);
    }
    if (name == "lock_wait_timeout" || (sqlite_ && name == "busy_timeout")) {
      Change c = Simple(ChangeKind::kSetLockTimeout);
      Next();
      AcceptPunct('=');
      c.detail = Cur().text;
      return {c};
    }
    return {Simple(ChangeKind::kOther)};
  }

  // MariaDB: ALTER SEQUENCE [IF EXISTS] s ... [RESTART [[WITH | =] n]] ...; other options leave
  // the model as it is.
  std::vector<Change> AlterSequence() {
    pos_ = 2;
    Change c = Simple(ChangeKind::kOther);
    if (Accept("IF")) c.if_exists = Accept("EXISTS");
    if (!Name(&c.schema, &c.object)) return {Unparsed("ALTER SEQUENCE could not be read")};
    while (!AtEnd()) {
      if (!Accept("RESTART")) {
        Next();
        continue;
      }
      c.kind = ChangeKind::kRestartSequence;
      if (!Accept("WITH")) AcceptPunct('=');
      std::string value = AcceptPunct('-') ? "-" : "";
      if (Cur().type == Token::Type::kNumber) {
        c.detail = value + Cur().text;
        Next();
      }
    }
    return {c};
  }

  std::vector<Change> AlterTable() {
    pos_ = 1;
    Accept("ONLINE");
    Accept("IGNORE");
    if (!Accept("TABLE")) return {Unparsed("ALTER could not be read")};
    Change base = Simple(ChangeKind::kOther);
    if (!Name(&base.schema, &base.object)) return {Unparsed("ALTER TABLE without a table name")};
    const Table* table = model_.FindTable(base.schema, base.object);
    std::vector<Change> out;
    std::string algorithm;
    bool ok = true;
    while (!AtEnd()) {
      const size_t spec_start = pos_;
      auto make = [&](ChangeKind kind) {
        Change c = base;
        c.kind = kind;
        return c;
      };
      if (Accept("ADD")) {
        if (Is("CONSTRAINT") || Is("PRIMARY") || Is("UNIQUE") || Is("FOREIGN") || Is("CHECK") || Is("INDEX") ||
            Is("KEY") || Is("FULLTEXT") || Is("SPATIAL")) {
          std::vector<Constraint> ks;
          std::vector<Index> idx;
          TableConstraint(&ks, &idx, base.object);
          for (const auto& k : ks) {
            Change c = make(ChangeKind::kAddConstraint);
            c.constraint = k;
            out.push_back(c);
          }
          for (const auto& i : idx) {
            Change c = make(ChangeKind::kCreateIndex);
            c.index = i;
            if (c.index.name.empty()) c.index.name = i.columns.empty() ? base.object + "_idx" : i.columns[0];
            out.push_back(c);
          }
        } else {
          Accept("COLUMN");
          if (Accept("IF")) {
            Accept("NOT");
            Accept("EXISTS");
          }
          auto add_one = [&]() {
            Change c = make(ChangeKind::kAddColumn);
            std::vector<Constraint> ks;
            c.def = ColumnDef(&ks);
            out.push_back(c);
            for (const auto& k : ks) {
              Change kc = make(ChangeKind::kAddConstraint);
              kc.constraint = k;
              out.push_back(kc);
            }
          };
          if (AcceptPunct('(')) {
            while (!AtEnd() && !IsPunct(')')) {
              add_one();
              SkipToSeparator();
              if (!AcceptPunct(',')) break;
            }
            AcceptPunct(')');
          } else {
            add_one();
          }
        }
      } else if (Accept("DROP")) {
        if (Accept("PRIMARY")) {
          Accept("KEY");
          Change c = make(ChangeKind::kDropConstraint);
          c.column = "PRIMARY";
          out.push_back(c);
        } else if (Accept("FOREIGN") || Accept("CHECK") || Accept("CONSTRAINT")) {
          Accept("KEY");
          Change c = make(ChangeKind::kDropConstraint);
          c.column = Ident();
          out.push_back(c);
        } else if (Accept("INDEX") || Accept("KEY")) {
          Change c = make(ChangeKind::kDropIndex);
          c.table = base.object;
          c.object = Ident();
          out.push_back(c);
        } else {
          Accept("COLUMN");
          bool if_exists = false;
          if (Accept("IF")) if_exists = Accept("EXISTS");
          Change c = make(ChangeKind::kDropColumn);
          c.if_exists = if_exists;
          c.column = Ident();
          if (c.column.empty()) ok = false;
          out.push_back(c);
        }
      } else if (Accept("CHANGE")) {
        Accept("COLUMN");
        if (Accept("IF")) Accept("EXISTS");
        std::string old_name = Ident();
        std::vector<Constraint> ks;
        Column def = ColumnDef(&ks);
        Redefine(base, table, old_name, def, &out);
        for (const auto& k : ks) {
          Change kc = make(ChangeKind::kAddConstraint);
          kc.constraint = k;
          out.push_back(kc);
        }
      } else if (Accept("MODIFY")) {
        Accept("COLUMN");
        if (Accept("IF")) Accept("EXISTS");
        std::vector<Constraint> ks;
        const size_t name_pos = pos_;
        Column def = ColumnDef(&ks);
        Redefine(base, table, At(name_pos).text, def, &out);
        for (const auto& k : ks) {
          Change kc = make(ChangeKind::kAddConstraint);
          kc.constraint = k;
          out.push_back(kc);
        }
      } else if (Accept("RENAME")) {
        if (Accept("COLUMN")) {
          Change c = make(ChangeKind::kRenameColumn);
          c.column = Ident();
          Accept("TO");
          c.new_name = Ident();
          out.push_back(c);
        } else if (Accept("INDEX") || Accept("KEY")) {
          Change c = make(ChangeKind::kRenameIndex);
          c.table = base.object;
          c.object = Ident();
          Accept("TO");
          c.new_name = Ident();
          out.push_back(c);
        } else {
          if (!Accept("TO")) Accept("AS");
          Change c = make(ChangeKind::kRenameTable);
          std::string s;
          Name(&s, &c.new_name);
          if (!s.empty() && !SameName(s, c.schema)) c.new_schema = s;
          // SQLite's RENAME a TO b without COLUMN renames a column.
          if (sqlite_ && Accept("TO")) {
            c.kind = ChangeKind::kRenameColumn;
            c.column = c.new_name;
            c.new_name = Ident();
          }
          out.push_back(c);
        }
      } else if (Accept("ALTER")) {
        if (Accept("INDEX") || Accept("CONSTRAINT") || Accept("CHECK")) {
          SkipToSeparator();
          out.push_back(make(ChangeKind::kOther));
        } else {
          Accept("COLUMN");
          std::string col = Ident();
          if (Accept("SET")) {
            if (Accept("DEFAULT")) {
              Change c = make(ChangeKind::kSetDefault);
              c.column = col;
              c.def.name = col;
              c.def.has_default = true;
              c.def.default_expr = DefaultExpr();
              out.push_back(c);
            } else if (Is("INVISIBLE") || Is("VISIBLE")) {
              Change c = make(ChangeKind::kSetVisibility);
              c.column = col;
              c.detail = Is("INVISIBLE") ? "invisible" : "visible";
              Next();
              out.push_back(c);
            } else {
              SkipToSeparator();
              out.push_back(make(ChangeKind::kOther));
            }
          } else if (Accept("DROP")) {
            Accept("DEFAULT");
            Change c = make(ChangeKind::kDropDefault);
            c.column = col;
            out.push_back(c);
          } else {
            ok = false;
          }
        }
      } else if (Accept("ALGORITHM")) {
        AcceptPunct('=');
        algorithm = Upper(pos_);
        Next();
      } else if (Accept("LOCK")) {
        AcceptPunct('=');
        Next();
      } else if (Accept("CONVERT")) {
        Change c = make(ChangeKind::kTableRewrite);
        c.detail = "CONVERT TO CHARACTER SET rewrites every row";
        SkipToSeparator();
        out.push_back(c);
      } else if (Accept("ENGINE")) {
        Change c = make(ChangeKind::kTableRewrite);
        c.detail = "changing the storage engine copies the table";
        SkipToSeparator();
        out.push_back(c);
      } else if (Is("DEFAULT") || Is("COMMENT") || Is("AUTO_INCREMENT") || Is("CHARACTER") || Is("CHARSET") ||
                 Is("COLLATE") || Is("ROW_FORMAT") || Is("KEY_BLOCK_SIZE") || Is("STATS_PERSISTENT") ||
                 Is("FORCE") || Is("ORDER") || Is("ENABLE") || Is("DISABLE") || Is("WITH") || Is("WITHOUT")) {
        SkipToSeparator();
        out.push_back(make(ChangeKind::kOther));
      } else {
        ok = false;
      }
      if (!ok) return {Unparsed("ALTER TABLE clause starting at '" + At(spec_start).text + "' is not analysed")};
      SkipToSeparator();
      if (!AcceptPunct(',')) break;
    }
    if (!AtEnd() && !IsPunct(')')) {
      if (!Is("PARTITION") && !Is("REMOVE")) return {Unparsed("ALTER TABLE has trailing text that is not analysed")};
    }
    for (auto& c : out) c.algorithm = algorithm;
    if (out.empty()) out.push_back(base);
    return out;
  }

  void Redefine(const Change& base, const Table* table, const std::string& old_name, const Column& def,
                std::vector<Change>* out) {
    const Column* before = table ? table->FindColumn(old_name) : nullptr;
    for (auto& c : RedefineColumn(base.schema, base.object, before, old_name, def)) {
      if (c.kind != ChangeKind::kSetVisibility) c.detail = "redefine";
      out->push_back(c);
    }
  }

  std::string_view text_;
  const Model& model_;
  bool sqlite_;
  ServerVersion server_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
};

std::string UpperWord(const Token& t) {
  if (t.type != Token::Type::kWord) return "";
  std::string u = t.text;
  for (char& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return u;
}

bool IsPunctTok(const Token& t, char p) { return t.type == Token::Type::kPunct && t.text[0] == p; }

int LinesBefore(std::string_view text, size_t at) {
  return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(std::min(at, text.size())), '\n'));
}

// One statement of a stored program's body, its control flow (IF ... THEN, labels, loops) taken off.
struct BodyStatement {
  std::string sql;
  int line = 1;  ///< within the body: its first line is 1
};

// The statements a CREATE PROCEDURE or CREATE FUNCTION runs when it is called, in order, every branch
// of an IF or CASE included. `body_at` receives the offset where the body starts.
// `params` receives the parameters' names, in order.
std::vector<BodyStatement> RoutineBody(std::string_view text, const ServerVersion& server, size_t* body_at,
                                       std::vector<std::string>* params) {
  const std::vector<Token> toks = Tokenize(text, false, server);
  size_t i = 0;
  while (i + 1 < toks.size() && UpperWord(toks[i]) != "PROCEDURE" && UpperWord(toks[i]) != "FUNCTION") ++i;
  // The parameter list: the first parenthesised group after the name. Each parameter is
  // [IN | OUT | INOUT] name type.
  while (i + 1 < toks.size() && !IsPunctTok(toks[i], '(')) ++i;
  bool param_start = true;
  for (int depth = 0; i + 1 < toks.size(); ++i) {
    if (IsPunctTok(toks[i], '(')) {
      if (++depth == 1) continue;
    }
    if (IsPunctTok(toks[i], ')') && --depth == 0) {
      ++i;
      break;
    }
    if (depth == 1 && IsPunctTok(toks[i], ',')) {
      param_start = true;
      continue;
    }
    if (depth == 1 && param_start) {
      const std::string w = UpperWord(toks[i]);
      if (w == "IN" || w == "OUT" || w == "INOUT") continue;
      params->push_back(Lower(toks[i].text));
      param_start = false;
    }
  }
  // Characteristics and a function's RETURNS type come before the body.
  static const std::set<std::string> kBodyStart = {
      "BEGIN", "ALTER", "DROP", "CREATE", "RENAME", "INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "CALL",
      "TRUNCATE", "PREPARE", "EXECUTE", "IF", "WHILE", "REPEAT", "LOOP", "CASE", "RETURN", "DO", "DECLARE", "SET"};
  while (i + 1 < toks.size()) {
    const std::string w = UpperWord(toks[i]);
    if (w == "RETURNS") {
      i += 2;  // the type's name; its length or values follow in parentheses
      if (IsPunctTok(toks[i], '(')) {
        for (int depth = 0; i + 1 < toks.size(); ++i) {
          if (IsPunctTok(toks[i], '(')) ++depth;
          if (IsPunctTok(toks[i], ')') && --depth == 0) break;
        }
        ++i;
      }
      continue;
    }
    if (w == "CHARACTER" || w == "CHARSET" || w == "COLLATE") {
      i += w == "CHARACTER" ? 3 : 2;
      continue;
    }
    if (toks[i].type == Token::Type::kWord && IsPunctTok(toks[i + 1], ':')) break;  // label: BEGIN
    if (kBodyStart.count(w)) break;
    ++i;
  }
  *body_at = toks[i].begin;
  std::vector<BodyStatement> out;
  // Pieces between semicolons; each loses the control flow it starts with.
  size_t a = i;
  while (a + 1 < toks.size()) {
    size_t b = a;
    while (b + 1 < toks.size() && !IsPunctTok(toks[b], ';')) ++b;
    size_t k = a;
    for (bool stripped = true; stripped && k < b;) {
      stripped = false;
      const std::string w = UpperWord(toks[k]);
      if (toks[k].type == Token::Type::kWord && k + 1 < b && IsPunctTok(toks[k + 1], ':')) {
        k += 2;  // a label
        stripped = true;
      } else if (w == "BEGIN" || w == "ELSE" || w == "REPEAT" || w == "LOOP") {
        ++k;
        if (w == "BEGIN" && UpperWord(toks[k]) == "NOT" && UpperWord(toks[k + 1]) == "ATOMIC") k += 2;
        stripped = true;
      } else if (w == "IF" || w == "ELSEIF" || w == "WHEN" || w == "CASE" || w == "WHILE") {
        // The condition runs to THEN (DO for WHILE) outside parentheses.
        const char* until = w == "WHILE" ? "DO" : "THEN";
        size_t j = k + 1;
        for (int depth = 0; j < b; ++j) {
          if (IsPunctTok(toks[j], '(')) ++depth;
          if (IsPunctTok(toks[j], ')')) --depth;
          if (depth == 0 && UpperWord(toks[j]) == until) break;
        }
        if (j >= b) break;  // CASE x WHEN ... THEN: the WHEN is taken next
        k = j + 1;
        stripped = true;
      }
    }
    if (k < b) {
      static const std::set<std::string> kFlow = {"END",  "DECLARE", "LEAVE",  "ITERATE",  "OPEN", "FETCH",
                                                  "CLOSE", "RETURN", "SIGNAL", "RESIGNAL", "GET",  "UNTIL"};
      if (!kFlow.count(UpperWord(toks[k]))) {
        BodyStatement st;
        st.sql = std::string(text.substr(toks[k].begin, toks[b - 1].end - toks[k].begin));
        st.line = 1 + LinesBefore(text, toks[k].begin) - LinesBefore(text, *body_at);
        out.push_back(std::move(st));
      }
    }
    a = b + 1;
  }
  return out;
}

// Analyses the code a migration runs: the statements of a procedure or function when a later
// statement CALLs it (or CALLs a procedure that calls it), and SQL that PREPARE makes and EXECUTE
// runs. Their changes are the calling statement's. Dynamic SQL that cannot be resolved is an
// unparsed change naming the routine and the line, never silence.
class MysqlFrontend final : public Frontend {
 public:
  std::vector<Change> Parse(const sql::Statement& st, const Model& model) override {
    std::vector<std::string> stack;
    return Analyse(st.text, model, "", 0, stack, variables_);
  }
  void SetServerVersion(std::string_view version) override { server_ = ParseServerVersion(version); }

 private:
  struct Routine {
    std::string label;  ///< "procedure add_columns()"
    std::vector<std::string> params;
    std::vector<BodyStatement> body;
  };
  /// Variables (user variables, a routine's parameters and locals) whose value is known text.
  using Variables = std::map<std::string, std::string>;

  // The value of tokens [from, to) when it is a string or number literal, a known variable, or
  // CONCAT() of those; nullopt otherwise.
  static std::optional<std::string> Value(const std::vector<Token>& toks, size_t from, size_t to,
                                          const Variables& vars) {
    if (to == from + 1) {
      const Token& t = toks[from];
      if (t.type == Token::Type::kString || t.type == Token::Type::kNumber) return t.text;
      if (t.type == Token::Type::kWord) {
        auto it = vars.find(Lower(t.text));
        if (it != vars.end()) return it->second;
      }
      return std::nullopt;
    }
    if (to > from + 2 && UpperWord(toks[from]) == "CONCAT" && IsPunctTok(toks[from + 1], '(') &&
        IsPunctTok(toks[to - 1], ')')) {
      std::string out;
      size_t a = from + 2;
      for (size_t k = a; k <= to - 1; ++k) {
        if (k == to - 1 || IsPunctTok(toks[k], ',')) {
          auto part = Value(toks, a, k, vars);
          if (!part) return std::nullopt;
          out += *part;
          a = k + 1;
        } else if (IsPunctTok(toks[k], '(')) {
          return std::nullopt;  // a nested call
        }
      }
      return out;
    }
    return std::nullopt;
  }
  /// A prepared statement: its SQL when it could be read, else empty and `dynamic` set.
  struct Prepared {
    std::string sql;
    bool dynamic = false;
  };

  // `where` is empty at the top level of a migration, else "procedure p(), line 3 of its body".
  // `vars` are the variables the statement sees: the session's at the top level, the routine's in a body.
  std::vector<Change> Analyse(const std::string& text, const Model& model, const std::string& label,
                              int body_line, std::vector<std::string>& stack, Variables& vars) {
    std::vector<Change> out = ParseMysql(text, model, false, server_);
    for (const auto& c : out) {
      if (c.kind == ChangeKind::kCreateRoutine) {
        size_t body_at = 0;
        Routine r;
        r.label = std::string(c.is_procedure ? "procedure " : "function ") + Qualified(c.schema, c.object) + "()";
        r.body = RoutineBody(text, server_, &body_at, &r.params);
        routines_[model.Key(c.schema, c.object)] = std::move(r);
      } else if (c.kind == ChangeKind::kDropRoutine) {
        routines_.erase(model.Key(c.schema, c.object));
      }
    }
    // Only these statements need a second look; a data load of many megabytes is never read twice.
    static const std::set<std::string> kFollowed = {"SET",  "PREPARE", "EXECUTE", "DEALLOCATE", "DROP",
                                                    "CALL", "SELECT",  "WITH",    "FETCH"};
    if (!kFollowed.count(FirstKeyword(text))) return out;
    const std::vector<Token> toks = Tokenize(text, false, server_);
    const std::string kw = UpperWord(toks[0]);
    // What SELECT ... INTO and FETCH ... INTO set is no longer known.
    for (size_t i = 0; i + 1 < toks.size(); ++i) {
      if (UpperWord(toks[i]) == "INTO") {
        for (size_t j = i + 1; j + 1 < toks.size() && toks[j].type == Token::Type::kWord; j += 2) {
          vars.erase(Lower(toks[j].text));
          if (!IsPunctTok(toks[j + 1], ',')) break;
        }
      }
    }
    const std::string where =
        label.empty() ? "" : "the " + label + ", line " + std::to_string(body_line) + " of its body";
    auto unparsed = [&](const std::string& why) {
      Change c;
      c.kind = ChangeKind::kUnparsed;
      c.routine = label;
      c.detail = where.empty() ? why : "in " + where + ": " + why;
      return c;
    };
    auto dynamic = [&]() {
      Change c = unparsed("");
      c.detail = "dynamic SQL" + (where.empty() ? "" : " in " + where + ",") + " cannot be resolved: " + Shorten(text);
      return c;
    };
    if (kw == "SET") {
      // SET v = value, ...: what a later PREPARE ... FROM v reads.
      size_t i = 1;
      const size_t end = toks.size() - 1;
      while (i < end) {
        size_t j = i;
        for (int depth = 0; j < end && !(depth == 0 && (IsPunctTok(toks[j], ',') || IsPunctTok(toks[j], ';'))); ++j) {
          if (IsPunctTok(toks[j], '(')) ++depth;
          if (IsPunctTok(toks[j], ')')) --depth;
        }
        size_t k = i;
        const std::string scope = UpperWord(toks[k]);
        if (scope == "GLOBAL" || scope == "SESSION" || scope == "LOCAL" || scope == "PERSIST") ++k;
        if (k + 1 < j && toks[k].type == Token::Type::kWord) {
          size_t v = k + 1;
          if (IsPunctTok(toks[v], ':')) ++v;
          if (v < j && IsPunctTok(toks[v], '=')) {
            auto value = Value(toks, v + 1, j, vars);
            if (value) {
              vars[Lower(toks[k].text)] = *value;
            } else {
              vars.erase(Lower(toks[k].text));
            }
          }
        }
        i = j + 1;
      }
    } else if (kw == "PREPARE" && toks.size() > 4 && UpperWord(toks[2]) == "FROM") {
      Prepared p;
      const Token& from = toks[3];
      const bool alone = toks[4].type == Token::Type::kEnd || IsPunctTok(toks[4], ';');
      if (alone && from.type == Token::Type::kString) {
        p.sql = from.text;
      } else if (alone && from.type == Token::Type::kWord && vars.count(Lower(from.text))) {
        p.sql = vars.at(Lower(from.text));
      } else {
        p.dynamic = true;
        out = {dynamic()};
      }
      prepared_[Lower(toks[1].text)] = p;
      return out;
    } else if (kw == "EXECUTE") {
      std::string sql;
      if (UpperWord(toks[1]) == "IMMEDIATE") {  // MariaDB
        if (toks[2].type != Token::Type::kString) return {dynamic()};
        sql = toks[2].text;
      } else {
        auto it = prepared_.find(Lower(toks[1].text));
        if (it == prepared_.end()) {
          return {unparsed("EXECUTE " + toks[1].text + " runs a statement no earlier PREPARE made")};
        }
        if (it->second.dynamic) return out;  // reported at its PREPARE
        sql = it->second.sql;
      }
      return Analyse(sql, model, label, body_line, stack, vars);
    } else if (kw == "DEALLOCATE" || (kw == "DROP" && UpperWord(toks[1]) == "PREPARE")) {
      prepared_.erase(Lower(toks[2].text));
    } else if (kw == "CALL" && !routines_.empty()) {
      std::string schema, name = toks[1].text;
      if (IsPunctTok(toks[2], '.')) {
        schema = name;
        name = toks[3].text;
      }
      const std::string key = model.Key(schema, name);
      auto it = routines_.find(key);
      // The CALL changes what its body changes; the data it writes is the body's DML, if any. A
      // recursive CALL runs a body that is being analysed already.
      if (it != routines_.end()) {
        for (auto& c : out) {
          if (c.kind == ChangeKind::kDml) c.kind = ChangeKind::kOther;
        }
      }
      if (it != routines_.end() && std::find(stack.begin(), stack.end(), key) == stack.end()) {
        stack.push_back(key);
        const Routine r = it->second;  // a body may redefine it
        // The arguments that are literals (or known variables) bind the parameters.
        // User variables (@name) are the session's; the caller's are current.
        Variables local;
        for (const auto& [name, value] : vars) {
          if (name[0] == '@') local[name] = value;
        }
        size_t a = IsPunctTok(toks[2], '.') ? 4 : 2;
        if (IsPunctTok(toks[a], '(')) {
          size_t from = a + 1, n = 0;
          for (size_t k = from, depth = 0; k + 1 < toks.size(); ++k) {
            if (IsPunctTok(toks[k], '(')) ++depth;
            const bool close = IsPunctTok(toks[k], ')') && depth-- == 0;
            if (close || (depth == 0 && IsPunctTok(toks[k], ','))) {
              if (n < r.params.size()) {
                auto value = Value(toks, from, k, vars);
                if (value) {
                  local[r.params[n]] = *value;
                } else {
                  local.erase(r.params[n]);
                }
              }
              ++n;
              from = k + 1;
            }
            if (close) break;
          }
        }
        for (const auto& s : r.body) {
          for (auto& c : Analyse(s.sql, model, r.label, s.line, stack, local)) {
            // What the body computes or controls leaves the schema as it is.
            if (c.kind == ChangeKind::kOther || c.kind == ChangeKind::kBegin || c.kind == ChangeKind::kCommit ||
                (c.kind == ChangeKind::kDml && c.detail == "SELECT")) {
              continue;
            }
            if (c.routine.empty()) c.routine = r.label;
            if (c.kind == ChangeKind::kUnparsed && c.detail.rfind("in the ", 0) != 0 &&
                c.detail.rfind("dynamic SQL in the ", 0) != 0) {
              c.detail = "in the " + r.label + ", line " + std::to_string(s.line) + " of its body: " + c.detail;
            }
            out.push_back(std::move(c));
          }
        }
        stack.pop_back();
        // What the body set in user variables is what the caller sees next.
        std::erase_if(vars, [](const auto& kv) { return kv.first[0] == '@'; });
        for (const auto& [name, value] : local) {
          if (name[0] == '@') vars[name] = value;
        }
      }
    }
    if (kw == "CALL") {
      // An OUT parameter sets the user variable passed for it.
      for (size_t i = 1; i + 1 < toks.size(); ++i) {
        if (toks[i].type == Token::Type::kWord && toks[i].text[0] == '@') vars.erase(Lower(toks[i].text));
      }
    }
    return out;
  }

  static std::string Shorten(const std::string& sql) {
    std::string one;
    for (char ch : sql) one += (ch == '\n' || ch == '\r' || ch == '\t') ? ' ' : ch;
    return one.size() > 80 ? one.substr(0, 77) + "..." : one;
  }

  ServerVersion server_;
  std::map<std::string, Routine> routines_;           ///< by model key
  std::map<std::string, std::string> variables_;      ///< user and local variables set to a literal
  std::map<std::string, Prepared> prepared_;          ///< by lowercase statement name
};

}  // namespace

ServerVersion ParseServerVersion(std::string_view text) {
  ServerVersion v;
  long part[3] = {0, 0, 0};
  int n = 0;
  size_t i = 0;
  while (n < 3 && i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    long x = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && x < 100000) x = x * 10 + (text[i++] - '0');
    part[n++] = x;
    if (i < text.size() && text[i] == '.') ++i;
    else break;
  }
  if (n == 0) return v;
  v.number = part[0] * 10000 + part[1] * 100 + part[2];
  v.mariadb = part[0] >= 10 || text.find("MariaDB") != std::string_view::npos ||
              text.find("mariadb") != std::string_view::npos;
  return v;
}

std::vector<Change> ParseMysql(std::string_view text, const Model& model, bool sqlite_quoting,
                               const ServerVersion& server) {
  try {
    // A data load (a multi-row INSERT of many megabytes) changes nothing the model holds, and its
    // tokens would take several times its size: it is told by its first word alone, which is what
    // Parse() would decide from too.
    constexpr size_t kLarge = 1 << 20, kPrefix = 1 << 16;
    if (text.size() > kLarge) {
      const std::vector<Token> head = Tokenize(text.substr(0, kPrefix), sqlite_quoting);
      if (!head.empty() && head[0].type == Token::Type::kWord && head[0].end < kPrefix) {
        std::string kw = head[0].text;
        for (char& ch : kw) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (kw == "INSERT" || kw == "REPLACE" || kw == "UPDATE" || kw == "DELETE") {
          Change c;
          c.kind = ChangeKind::kDml;
          c.detail = kw;
          return {c};
        }
      }
    }
    MysqlParser p(text, model, sqlite_quoting, server);
    return p.Parse();
  } catch (const std::exception& e) {
    Change c;
    c.kind = ChangeKind::kUnparsed;
    c.detail = std::string("parser error: ") + e.what();
    return {c};
  }
}

std::unique_ptr<Frontend> MakeMysqlFrontend() { return std::make_unique<MysqlFrontend>(); }

}  // namespace shiftway::schema
