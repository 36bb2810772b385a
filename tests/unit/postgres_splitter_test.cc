// PostgreSQL splitting: statement boundaries, positions and COPY data.
#include <gtest/gtest.h>

#include "core/sql/statement.h"

namespace shiftway::sql {
namespace {

TEST(PostgresSplitterTest, SplitsAndPointsAtFirstToken) {
  auto st =
      SplitPostgres("CREATE TABLE a (id int);\n  -- note; not a statement\n  /* c */ SELECT 1;\nSELECT 2");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("CREATE TABLE a (id int)", st[0].text);
  EXPECT_EQ(1, st[0].line);
  EXPECT_EQ(1, st[0].column);
  EXPECT_EQ(0u, st[0].offset);
  EXPECT_EQ("SELECT 1", st[1].text);
  EXPECT_EQ(3, st[1].line);
  EXPECT_EQ(11, st[1].column);
  EXPECT_EQ(62u, st[1].offset);
  EXPECT_EQ("SELECT 2", st[2].text);  // no final semicolon
  EXPECT_EQ(4, st[2].line);
  EXPECT_EQ(1, st[2].column);
  EXPECT_FALSE(st[2].has_copy_data);
}

TEST(PostgresSplitterTest, DropsEmptyStatementsAndCommentTails) {
  auto st = SplitPostgres(";;\n ; SELECT 1;;  ;\n-- done; really\n/* tail; */\n  \n");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT 1", st[0].text);
  EXPECT_EQ(2, st[0].line);
  EXPECT_EQ(4, st[0].column);
}

TEST(PostgresSplitterTest, EmptyAndBlankInputs) {
  EXPECT_TRUE(SplitPostgres("").empty());
  EXPECT_TRUE(SplitPostgres(" \r\n\t").empty());
  EXPECT_TRUE(SplitPostgres("-- only a comment").empty());
  EXPECT_TRUE(SplitPostgres("/* unterminated comment; SELECT 1;").empty());
}

TEST(PostgresSplitterTest, KeepsInnerCommentsAndTrailingComment) {
  auto st = SplitPostgres("SELECT 1 /* ; */ + 2 -- it's; fine\n;\nSELECT 3");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT 1 /* ; */ + 2 -- it's; fine", st[0].text);
  EXPECT_EQ("SELECT 3", st[1].text);
  EXPECT_EQ(3, st[1].line);
}

TEST(PostgresSplitterTest, SingleQuotedStringsWithDoubledQuotes) {
  auto st = SplitPostgres("INSERT INTO t VALUES ('it''s; here', ';');SELECT ''';''';");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("INSERT INTO t VALUES ('it''s; here', ';')", st[0].text);
  EXPECT_EQ("SELECT ''';'''", st[1].text);
  EXPECT_EQ(1, st[1].line);
  EXPECT_EQ(43, st[1].column);
}

TEST(PostgresSplitterTest, BackslashIsOrdinaryInStandardStrings) {
  // standard_conforming_strings: 'C:\' is a complete string, so the ';' after it ends the statement.
  auto st = SplitPostgres("SELECT 'C:\\';SELECT 2;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT 'C:\\'", st[0].text);
  EXPECT_EQ("SELECT 2", st[1].text);
}

TEST(PostgresSplitterTest, EscapeStringsUseBackslashes) {
  auto st = SplitPostgres("SELECT E'it\\'s; \\\\', e'\\';';SELECT 2;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT E'it\\'s; \\\\', e'\\';'", st[0].text);
  EXPECT_EQ("SELECT 2", st[1].text);
}

TEST(PostgresSplitterTest, IdentifierEndingInEIsNotAnEscapeString) {
  // "type" ends in e, but type'\' is an identifier followed by a standard string.
  auto st = SplitPostgres("SELECT type'\\';SELECT 2;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT type'\\'", st[0].text);
}

TEST(PostgresSplitterTest, DoubleQuotedIdentifiers) {
  auto st = SplitPostgres("CREATE TABLE \"a;b\"\"c\" (\"x'\" int);SELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("CREATE TABLE \"a;b\"\"c\" (\"x'\" int)", st[0].text);
  EXPECT_EQ("SELECT 1", st[1].text);
}

TEST(PostgresSplitterTest, NestedBlockComments) {
  auto st = SplitPostgres("/* outer /* inner; */ still comment; */ SELECT /* a /* b */ ; */ 1; SELECT 2;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT /* a /* b */ ; */ 1", st[0].text);
  EXPECT_EQ(41, st[0].column);
  EXPECT_EQ("SELECT 2", st[1].text);
}

TEST(PostgresSplitterTest, CommentsContainingQuotes) {
  auto st = SplitPostgres("-- don't stop\nSELECT 1; /* it's \" $$ */ SELECT 2; -- ' \nSELECT 3;");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("SELECT 1", st[0].text);
  EXPECT_EQ(2, st[0].line);
  EXPECT_EQ("SELECT 2", st[1].text);
  EXPECT_EQ("SELECT 3", st[2].text);
  EXPECT_EQ(3, st[2].line);
}

TEST(PostgresSplitterTest, DollarQuotedFunctionBody) {
  const char* sql =
      "CREATE FUNCTION f() RETURNS trigger AS $$\n"
      "BEGIN\n"
      "  RAISE NOTICE 'x; y';\n"
      "  RETURN NEW;\n"
      "END;\n"
      "$$ LANGUAGE plpgsql;\n"
      "SELECT 1;";
  auto st = SplitPostgres(sql);
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ(
      "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE NOTICE 'x; y';\n  RETURN NEW;\nEND;\n$$ "
      "LANGUAGE plpgsql",
      st[0].text);
  EXPECT_EQ("SELECT 1", st[1].text);
  EXPECT_EQ(7, st[1].line);
}

TEST(PostgresSplitterTest, TaggedDollarQuotesNest) {
  auto st = SplitPostgres(
      "DO $outer$ BEGIN EXECUTE $q$ SELECT ';' $q$; PERFORM $$;$$; END $outer$;\nSELECT $a_1$ $$ ; $a_1$;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("DO $outer$ BEGIN EXECUTE $q$ SELECT ';' $q$; PERFORM $$;$$; END $outer$", st[0].text);
  EXPECT_EQ("SELECT $a_1$ $$ ; $a_1$", st[1].text);
  EXPECT_EQ(2, st[1].line);
}

TEST(PostgresSplitterTest, PositionalParametersAreNotDollarQuotes) {
  auto st = SplitPostgres("PREPARE p AS SELECT $1 + $2;EXECUTE p(1, 2);");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("PREPARE p AS SELECT $1 + $2", st[0].text);
  EXPECT_EQ("EXECUTE p(1, 2)", st[1].text);
}

TEST(PostgresSplitterTest, DollarInsideIdentifierIsNotAQuote) {
  auto st = SplitPostgres("SELECT a$$b; SELECT 2;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT a$$b", st[0].text);
}

TEST(PostgresSplitterTest, BeginAtomicBodyStaysWhole) {
  const char* sql =
      "CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int\n"
      "LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  INSERT INTO log VALUES (CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END);\n"
      "  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + b;\n"
      "END;\n"
      "CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
      "SELECT 3;";
  auto st = SplitPostgres(sql);
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ(
      "CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int\nLANGUAGE sql\nBEGIN ATOMIC\n"
      "  INSERT INTO log VALUES (CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END);\n"
      "  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + b;\nEND",
      st[0].text);
  EXPECT_EQ("CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; SELECT 2; END", st[1].text);
  EXPECT_EQ(7, st[1].line);
  EXPECT_EQ("SELECT 3", st[2].text);
  EXPECT_EQ(8, st[2].line);
}

TEST(PostgresSplitterTest, TransactionBeginIsNotABody) {
  auto st = SplitPostgres("BEGIN;\nCREATE TABLE t (a int);\nSELECT CASE WHEN true THEN 1 END;\nCOMMIT;");
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ("BEGIN", st[0].text);
  EXPECT_EQ("CREATE TABLE t (a int)", st[1].text);
  EXPECT_EQ("SELECT CASE WHEN true THEN 1 END", st[2].text);
  EXPECT_EQ("COMMIT", st[3].text);
}

TEST(PostgresSplitterTest, CopyFromStdinTakesDataVerbatim) {
  const char* sql =
      "COPY users (id, name) FROM stdin;\n"
      "1\tan;na\t'x\n"
      "2\t\\N\t$$\n"
      "\\.\n"
      "SELECT setval('users_id_seq', 2);\n";
  auto st = SplitPostgres(sql);
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("COPY users (id, name) FROM stdin", st[0].text);
  EXPECT_TRUE(st[0].has_copy_data);
  EXPECT_EQ("1\tan;na\t'x\n2\t\\N\t$$\n", st[0].copy_data);
  EXPECT_EQ("SELECT setval('users_id_seq', 2)", st[1].text);
  EXPECT_EQ(5, st[1].line);
  EXPECT_EQ(1, st[1].column);
  EXPECT_FALSE(st[1].has_copy_data);
  EXPECT_EQ("", st[1].copy_data);
}

TEST(PostgresSplitterTest, CopyWithOptionsAndEmptyData) {
  auto st = SplitPostgres("COPY t FROM STDIN WITH (FORMAT csv, DELIMITER ';');\n\\.\nSELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("COPY t FROM STDIN WITH (FORMAT csv, DELIMITER ';')", st[0].text);
  EXPECT_TRUE(st[0].has_copy_data);
  EXPECT_EQ("", st[0].copy_data);
  EXPECT_EQ("SELECT 1", st[1].text);
  EXPECT_EQ(3, st[1].line);
}

TEST(PostgresSplitterTest, CopyTerminatorMustBeAloneOnItsLine) {
  auto st = SplitPostgres("COPY t FROM stdin;\na\\.\n \\.\n\\.x\n\\.\r\nSELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("a\\.\n \\.\n\\.x\n", st[0].copy_data);
  EXPECT_EQ("SELECT 1", st[1].text);
  EXPECT_EQ(6, st[1].line);
}

TEST(PostgresSplitterTest, CopyDataStartsOnTheNextLine) {
  // Like psql, the data is read from the lines after the statement; a comment after the ';' is not data.
  auto st = SplitPostgres("COPY t FROM stdin; -- load\n1\t;\n\\.\nSELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("COPY t FROM stdin", st[0].text);
  EXPECT_EQ("1\t;\n", st[0].copy_data);
  EXPECT_EQ("SELECT 1", st[1].text);
  EXPECT_EQ(4, st[1].line);
}

TEST(PostgresSplitterTest, CopyDataRunsToEndWithoutTerminator) {
  auto st = SplitPostgres("COPY t FROM stdin;\n1;2\n3;4");
  ASSERT_EQ(1u, st.size());
  EXPECT_TRUE(st[0].has_copy_data);
  EXPECT_EQ("1;2\n3;4", st[0].copy_data);
}

TEST(PostgresSplitterTest, CopyToStdoutAndFromFileHaveNoData) {
  auto st = SplitPostgres(
      "COPY t TO STDOUT;\nCOPY t FROM '/tmp/stdin';\nCOPY (SELECT 1 FROM stdin) TO STDOUT;\nSELECT 1;");
  ASSERT_EQ(4u, st.size());
  for (const auto& s : st) EXPECT_FALSE(s.has_copy_data) << s.text;
}

TEST(PostgresSplitterTest, CrlfLineEndings) {
  const char* sql =
      "CREATE TABLE a (x text);\r\n"
      "\r\n"
      "   INSERT INTO a VALUES ('l1\r\nl2');\r\n"
      "COPY a FROM stdin;\r\n"
      "v;1\r\n"
      "\\.\r\n"
      "\tSELECT 1;\r\n";
  auto st = SplitPostgres(sql);
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ("CREATE TABLE a (x text)", st[0].text);
  EXPECT_EQ("INSERT INTO a VALUES ('l1\r\nl2')", st[1].text);
  EXPECT_EQ(3, st[1].line);
  EXPECT_EQ(4, st[1].column);
  EXPECT_EQ("COPY a FROM stdin", st[2].text);
  EXPECT_EQ(5, st[2].line);
  EXPECT_EQ("v;1\r\n", st[2].copy_data);
  EXPECT_EQ("SELECT 1", st[3].text);
  EXPECT_EQ(8, st[3].line);
  EXPECT_EQ(2, st[3].column);
}

TEST(PostgresSplitterTest, UnterminatedStringTakesTheRest) {
  auto st = SplitPostgres("SELECT 1;\nSELECT 'oops;\nSELECT 2;\n");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT 'oops;\nSELECT 2;", st[1].text);
  EXPECT_EQ(2, st[1].line);
}

TEST(PostgresSplitterTest, UnterminatedDollarQuoteAndIdentifierTakeTheRest) {
  auto st = SplitPostgres("SELECT $x$ ;; ");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT $x$ ;;", st[0].text);
  st = SplitPostgres("SELECT \"a;");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT \"a;", st[0].text);
  st = SplitPostgres("SELECT E'\\");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT E'\\", st[0].text);
}

TEST(PostgresSplitterTest, StringsThatLookLikeStatements) {
  auto st = SplitPostgres("INSERT INTO m VALUES ('DROP TABLE x; COPY y FROM stdin;');\nSELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_FALSE(st[0].has_copy_data);
  EXPECT_EQ("SELECT 1", st[1].text);
}

// What PostgreSQL would refuse is reported at its opening, so that migrate runs none of the file.
TEST(PostgresSplitterTest, ReportsTheFirstUnterminatedToken) {
  std::optional<SplitProblem> problem;
  auto st = SplitPostgres("SELECT 1;\n/* a /* nested */ still open\nSELECT 2;\n", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated block comment: no */ closes this /*", problem->message);
  EXPECT_EQ(2, problem->line);
  EXPECT_EQ(1, problem->column);
  ASSERT_EQ(1u, st.size());  // the scan itself is unchanged: the comment runs to the end

  SplitPostgres("SELECT 1;\nSELECT 'it''s;\n", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated string: no ' closes this one", problem->message);
  EXPECT_EQ(8, problem->column);
  SplitPostgres("SELECT E'a\\';", &problem);
  ASSERT_TRUE(problem.has_value());
  SplitPostgres("SELECT \"a;", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated quoted identifier: no \" closes this one", problem->message);
  SplitPostgres("DO $fn$ BEGIN END $$;", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated dollar-quoted string: no $fn$ closes this one", problem->message);
  EXPECT_EQ(4, problem->column);

  SplitPostgres("SELECT 'a', $$b$$, E'c\\'', \"d\" /* e */; -- f", &problem);
  EXPECT_FALSE(problem.has_value());
}

TEST(PostgresSplitterTest, ReportsANulByte) {
  std::optional<SplitProblem> problem;
  SplitPostgres(std::string_view("SELECT 1;\nSELECT '\0';\n", 21), &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(2, problem->line);
  EXPECT_EQ(9, problem->column);
}

// PostgreSQL's scanner ends a -- comment at \r as well as \n.
TEST(PostgresSplitterTest, CarriageReturnEndsALineComment) {
  auto st = SplitPostgres("-- a\rCREATE TABLE a (id int);\r-- b\rCREATE TABLE b (id int);\r");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("CREATE TABLE a (id int)", st[0].text);
  EXPECT_EQ("CREATE TABLE b (id int)", st[1].text);
}

// Like psql and Flyway, a ';' inside parentheses does not end the statement.
TEST(PostgresSplitterTest, SemicolonInsideParenthesesDoesNotSplit) {
  auto st = SplitPostgres("SELECT (1;\nSELECT 2);\nSELECT 3;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT (1;\nSELECT 2)", st[0].text);
  EXPECT_EQ("SELECT 3", st[1].text);
}

TEST(PostgresValuesRowsTest, FindsEachRowAndTheTail) {
  const std::string sql =
      "INSERT INTO t (a, \"values\") VALUES (1, 'x), (y'), /* (c), */ (2, $q$)$q$) -- (3)\n"
      ", (E'\\'(', (3 + (4))) ON CONFLICT DO NOTHING";
  auto rows = PostgresValuesRows(sql);
  ASSERT_TRUE(rows);
  EXPECT_EQ(sql.find(" (1"), rows->rows_start);
  std::vector<std::string> found;
  for (const auto& [from, to] : rows->rows) found.push_back(sql.substr(from, to - from));
  EXPECT_EQ((std::vector<std::string>{"(1, 'x), (y')", "(2, $q$)$q$)", "(E'\\'(', (3 + (4)))"}), found);
  EXPECT_EQ("ON CONFLICT DO NOTHING", sql.substr(rows->tail_start));
}

TEST(PostgresValuesRowsTest, RefusesWhatIsNotAListOfRows) {
  EXPECT_FALSE(PostgresValuesRows("INSERT INTO t SELECT * FROM u"));
  EXPECT_FALSE(PostgresValuesRows("INSERT INTO t VALUES"));
  EXPECT_FALSE(PostgresValuesRows("INSERT INTO t VALUES (1),, (2)"));
  EXPECT_FALSE(PostgresValuesRows("INSERT INTO t VALUES (1), "));
  EXPECT_FALSE(PostgresValuesRows("INSERT INTO t VALUES (1))"));
  EXPECT_FALSE(PostgresValuesRows("INSERT INTO t VALUES ((1)"));
  // Two rows without a comma: the second starts the tail, which the parser then rejects.
  auto rows = PostgresValuesRows("INSERT INTO t VALUES (1) (2)");
  ASSERT_TRUE(rows);
  EXPECT_EQ(1u, rows->rows.size());
}

}  // namespace
}  // namespace shiftway::sql
