// MySQL/MariaDB splitting: statement boundaries and positions, DELIMITER and stored program bodies.
#include <gtest/gtest.h>

#include "core/sql/statement.h"

namespace shiftway::sql {
namespace {

TEST(MysqlSplitterTest, SplitsAndPointsAtFirstToken) {
  auto st = SplitMysql("CREATE TABLE a (id int);\n  # note; it's\n  /* c */ SELECT 1;;\nSELECT 2");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("CREATE TABLE a (id int)", st[0].text);
  EXPECT_EQ(1, st[0].line);
  EXPECT_EQ(1, st[0].column);
  EXPECT_EQ("SELECT 1", st[1].text);
  EXPECT_EQ(3, st[1].line);
  EXPECT_EQ(11, st[1].column);
  EXPECT_EQ(50u, st[1].offset);
  EXPECT_EQ("SELECT 2", st[2].text);  // no final semicolon
  EXPECT_EQ(4, st[2].line);
  EXPECT_FALSE(st[2].has_copy_data);
}

TEST(MysqlSplitterTest, DropsEmptyStatementsAndCommentTails) {
  auto st = SplitMysql(";;\n ; SELECT 1;;  ;\n# done;\n-- really; done\n/* tail; */\n  \n");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT 1", st[0].text);
  EXPECT_EQ(2, st[0].line);
  EXPECT_EQ(4, st[0].column);
  EXPECT_TRUE(SplitMysql("").empty());
  EXPECT_TRUE(SplitMysql("/* unterminated; SELECT 1;").empty());
}

TEST(MysqlSplitterTest, BackslashEscapesInStrings) {
  auto st = SplitMysql("SELECT 'it\\'s;', \"a\\\";\", 'b''c;', '\\\\';SELECT 2;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT 'it\\'s;', \"a\\\";\", 'b''c;', '\\\\'", st[0].text);
  EXPECT_EQ("SELECT 2", st[1].text);
}

TEST(MysqlSplitterTest, BacktickIdentifiers) {
  // A backslash is an ordinary character in a backtick identifier; a doubled backtick is one backtick.
  auto st = SplitMysql("CREATE TABLE `a;b``c` (`x\\` int, `'` int);SELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("CREATE TABLE `a;b``c` (`x\\` int, `'` int)", st[0].text);
  EXPECT_EQ("SELECT 1", st[1].text);
}

TEST(MysqlSplitterTest, CommentsContainingQuotesAndSemicolons) {
  auto st = SplitMysql(
      "SELECT 1 # it's; a \"comment\n;\n"
      "SELECT 2 -- don't; stop\n;\n"
      "SELECT 3 /* ' ; \" */ + 4;\n"
      "SELECT 5 --\n;");
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ("SELECT 1 # it's; a \"comment", st[0].text);
  EXPECT_EQ("SELECT 2 -- don't; stop", st[1].text);
  EXPECT_EQ(3, st[1].line);
  EXPECT_EQ("SELECT 3 /* ' ; \" */ + 4", st[2].text);
  EXPECT_EQ("SELECT 5 --", st[3].text);
  EXPECT_EQ(6, st[3].line);
}

TEST(MysqlSplitterTest, DoubleDashNeedsASpaceToStartAComment) {
  auto st = SplitMysql("SELECT 1--1;SELECT '--';");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT 1--1", st[0].text);
  EXPECT_EQ("SELECT '--'", st[1].text);
  EXPECT_EQ(13, st[1].column);
}

TEST(MysqlSplitterTest, ExecutableCommentsAreStatementText) {
  auto st = SplitMysql(
      "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n"
      "/*!40103 SET TIME_ZONE='+00:00' */ ;\n"
      "/*!50003 SET a = 1; SET b = 2 */;\n"
      "/*M!100100 SET x = 1 */;\n"
      "/* plain; comment */ /*!SELECT 1*/;");
  ASSERT_EQ(5u, st.size());
  EXPECT_EQ("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */", st[0].text);
  EXPECT_EQ("/*!40103 SET TIME_ZONE='+00:00' */", st[1].text);
  EXPECT_EQ(2, st[1].line);
  EXPECT_EQ("/*!50003 SET a = 1; SET b = 2 */", st[2].text);
  EXPECT_EQ("/*M!100100 SET x = 1 */", st[3].text);
  EXPECT_EQ("/*!SELECT 1*/", st[4].text);
  EXPECT_EQ(5, st[4].line);
  EXPECT_EQ(22, st[4].column);
}

TEST(MysqlSplitterTest, DelimiterDollarProcedure) {
  const char* sql =
      "DELIMITER $$\n"
      "CREATE PROCEDURE p(IN x INT)\n"
      "BEGIN\n"
      "  SELECT ';$$'; SELECT x;\n"
      "END$$\n"
      "DELIMITER ;\n"
      "CALL p(1);\n";
  auto st = SplitMysql(sql);
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("CREATE PROCEDURE p(IN x INT)\nBEGIN\n  SELECT ';$$'; SELECT x;\nEND", st[0].text);
  EXPECT_EQ(2, st[0].line);
  EXPECT_EQ(1, st[0].column);
  EXPECT_EQ(13u, st[0].offset);
  EXPECT_EQ("CALL p(1)", st[1].text);
  EXPECT_EQ(7, st[1].line);
}

TEST(MysqlSplitterTest, DelimiterSlashTriggerAndSeveralStatements) {
  const char* sql =
      "delimiter //\n"
      "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\n"
      "BEGIN\n"
      "  SET NEW.x = 1;\n"
      "END //\n"
      "SELECT 1; SELECT 2 //  SELECT 3//\n"
      "DELIMITER ;\n"
      "SELECT 4;";
  auto st = SplitMysql(sql);
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ("CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW\nBEGIN\n  SET NEW.x = 1;\nEND", st[0].text);
  EXPECT_EQ("SELECT 1; SELECT 2", st[1].text);
  EXPECT_EQ(6, st[1].line);
  EXPECT_EQ("SELECT 3", st[2].text);
  EXPECT_EQ(6, st[2].line);
  EXPECT_EQ(24, st[2].column);
  EXPECT_EQ("SELECT 4", st[3].text);
  EXPECT_EQ(8, st[3].line);
}

TEST(MysqlSplitterTest, DelimiterCommandForms) {
  // A trailing comment on the command line, a quoted argument, a word as delimiter, and no argument.
  const char* sql =
      "DELIMITER ;; # mysqldump style\n"
      "SELECT 1;;\n"
      "DELIMITER 'GO'\n"
      "SELECT 2 GO\n"
      "DELIMITER\n"
      "SELECT 3 GO\n"
      "DELIMITER ;\n"
      "SELECT 4;";
  auto st = SplitMysql(sql);
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ("SELECT 1", st[0].text);
  EXPECT_EQ("SELECT 2", st[1].text);
  EXPECT_EQ("SELECT 3", st[2].text);
  EXPECT_EQ("SELECT 4", st[3].text);
  EXPECT_EQ(8, st[3].line);
}

TEST(MysqlSplitterTest, MysqldumpTriggerWithExecutableComments) {
  const char* sql =
      "DELIMITER ;;\n"
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR "
      "EACH "
      "ROW BEGIN\n"
      "  SET NEW.a = 1;\n"
      "END */;;\n"
      "DELIMITER ;\n"
      "/*!50003 SET sql_mode = @saved_sql_mode */ ;\n";
  auto st = SplitMysql(sql);
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ(
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR "
      "EACH "
      "ROW BEGIN\n  SET NEW.a = 1;\nEND */",
      st[0].text);
  EXPECT_EQ("/*!50003 SET sql_mode = @saved_sql_mode */", st[1].text);
  EXPECT_EQ(6, st[1].line);
}

TEST(MysqlSplitterTest, ExecutableCommentTriggerWithoutDelimiter) {
  auto st = SplitMysql(
      "/*!50003 CREATE*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END */;\n"
      "SELECT 1;");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ(
      "/*!50003 CREATE*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END */",
      st[0].text);
  EXPECT_EQ("SELECT 1", st[1].text);
}

TEST(MysqlSplitterTest, TriggerBodyWithoutDelimiter) {
  const char* sql =
      "CREATE TRIGGER clamp BEFORE INSERT ON t\n"
      "FOR EACH ROW\n"
      "BEGIN\n"
      "  IF NEW.a < 0 THEN\n"
      "    SET NEW.a = 0;\n"
      "  ELSEIF NEW.a > 100 THEN\n"
      "    SET NEW.a = 100;\n"
      "  ELSE\n"
      "    SET NEW.b = 'ok; END';\n"
      "  END IF;\n"
      "END;\n"
      "INSERT INTO t VALUES (1);\n";
  auto st = SplitMysql(sql);
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ(
      "CREATE TRIGGER clamp BEFORE INSERT ON t\nFOR EACH ROW\nBEGIN\n  IF NEW.a < 0 THEN\n    SET NEW.a = "
      "0;\n"
      "  ELSEIF NEW.a > 100 THEN\n    SET NEW.a = 100;\n  ELSE\n    SET NEW.b = 'ok; END';\n  END IF;\nEND",
      st[0].text);
  EXPECT_EQ("INSERT INTO t VALUES (1)", st[1].text);
  EXPECT_EQ(12, st[1].line);
}

TEST(MysqlSplitterTest, TriggerBodiesWithoutBegin) {
  auto st = SplitMysql(
      "CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW SET NEW.x = IF(NEW.x > 0, NEW.x, 0);\n"
      "CREATE TRIGGER b BEFORE UPDATE ON t FOR EACH ROW IF NEW.x IS NULL THEN SET NEW.x = 0; END IF;\n"
      "SELECT 1;");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW SET NEW.x = IF(NEW.x > 0, NEW.x, 0)",
            st[0].text);
  EXPECT_EQ("CREATE TRIGGER b BEFORE UPDATE ON t FOR EACH ROW IF NEW.x IS NULL THEN SET NEW.x = 0; END IF",
            st[1].text);
  EXPECT_EQ("SELECT 1", st[2].text);
}

TEST(MysqlSplitterTest, ProcedureWithNestedControlFlowWithoutDelimiter) {
  const char* body =
      "CREATE DEFINER=`root`@`%` PROCEDURE fill(IN n INT)\n"
      "BEGIN\n"
      "  DECLARE i INT DEFAULT 0;\n"
      "  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SET @err = 1; END;\n"
      "  DROP TEMPORARY TABLE IF EXISTS tmp;\n"
      "  outer_loop: LOOP\n"
      "    SET i = i + 1;\n"
      "    IF i > n THEN LEAVE outer_loop; END IF;\n"
      "    WHILE i < 3 DO SET i = i + 1; END WHILE;\n"
      "    REPEAT SET i = i + 1; UNTIL i > 5 END REPEAT;\n"
      "    CASE i WHEN 1 THEN SELECT 1; ELSE SELECT CASE WHEN i > 9 THEN 'big' ELSE 'small' END; END CASE;\n"
      "    SELECT IF(i > 2, 'a', 'b'), REPEAT('x', 2), r.end, `end` FROM ranges r;\n"
      "  END LOOP outer_loop;\n"
      "END";
  auto st = SplitMysql(std::string(body) + ";\nCALL fill(3);");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ(body, st[0].text);
  EXPECT_EQ("CALL fill(3)", st[1].text);
  EXPECT_EQ(15, st[1].line);
}

TEST(MysqlSplitterTest, FunctionAndEventWithoutDelimiter) {
  auto st = SplitMysql(
      "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN DECLARE y INT; SET y = x * 2; RETURN y; "
      "END;\n"
      "CREATE EVENT IF NOT EXISTS purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log; DELETE FROM tmp; "
      "END;\n"
      "CREATE EVENT e2 ON SCHEDULE EVERY 1 HOUR DO DELETE FROM log;\n"
      "SELECT f(1);");
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ(
      "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN DECLARE y INT; SET y = x * 2; RETURN y; END",
      st[0].text);
  EXPECT_EQ(
      "CREATE EVENT IF NOT EXISTS purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log; DELETE FROM tmp; "
      "END",
      st[1].text);
  EXPECT_EQ("CREATE EVENT e2 ON SCHEDULE EVERY 1 HOUR DO DELETE FROM log", st[2].text);
  EXPECT_EQ("SELECT f(1)", st[3].text);
  EXPECT_EQ(4, st[3].line);
}

TEST(MysqlSplitterTest, TransactionControlIsNotABody) {
  auto st = SplitMysql(
      "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN WORK;\nSELECT CASE WHEN 1 THEN 2 END;\nROLLBACK;\n"
      "START TRANSACTION;\nSELECT 1;");
  ASSERT_EQ(8u, st.size());
  EXPECT_EQ("BEGIN", st[0].text);
  EXPECT_EQ("INSERT INTO t VALUES (1)", st[1].text);
  EXPECT_EQ("BEGIN WORK", st[3].text);
  EXPECT_EQ("SELECT CASE WHEN 1 THEN 2 END", st[4].text);
  EXPECT_EQ("START TRANSACTION", st[6].text);
  EXPECT_EQ("SELECT 1", st[7].text);
}

TEST(MysqlSplitterTest, RoutineWordsInOtherStatementsDoNotOpenBodies) {
  auto st = SplitMysql(
      "CREATE TABLE event (`begin` int, trigger_name text, begin int);\n"
      "CREATE VIEW procedure_v AS SELECT 1;\n"
      "CREATE INDEX function_idx ON t (a);\n"
      "SELECT 1;");
  ASSERT_EQ(4u, st.size());
  EXPECT_EQ("CREATE TABLE event (`begin` int, trigger_name text, begin int)", st[0].text);
  EXPECT_EQ("SELECT 1", st[3].text);
}

TEST(MysqlSplitterTest, MariadbCompoundStatements) {
  auto st = SplitMysql(
      "BEGIN NOT ATOMIC\n  DECLARE x INT DEFAULT 1;\n  SELECT x;\nEND;\n"
      "IF @a > 1 THEN SELECT 1; ELSE SELECT 2; END IF;\n"
      "SELECT 3;");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("BEGIN NOT ATOMIC\n  DECLARE x INT DEFAULT 1;\n  SELECT x;\nEND", st[0].text);
  EXPECT_EQ("IF @a > 1 THEN SELECT 1; ELSE SELECT 2; END IF", st[1].text);
  EXPECT_EQ(5, st[1].line);
  EXPECT_EQ("SELECT 3", st[2].text);
}

TEST(MysqlSplitterTest, CrlfLineEndings) {
  const char* sql =
      "CREATE TABLE a (x text);\r\n"
      "\r\n"
      "DELIMITER $$\r\n"
      "  CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 'l1\r\nl2';\r\nEND $$\r\n"
      "DELIMITER ;\r\n"
      "\tSELECT 1; -- done\r\n";
  auto st = SplitMysql(sql);
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("CREATE TABLE a (x text)", st[0].text);
  EXPECT_EQ("CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 'l1\r\nl2';\r\nEND", st[1].text);
  EXPECT_EQ(4, st[1].line);
  EXPECT_EQ(3, st[1].column);
  EXPECT_EQ("SELECT 1", st[2].text);
  EXPECT_EQ(10, st[2].line);
  EXPECT_EQ(2, st[2].column);
}

TEST(MysqlSplitterTest, UnterminatedStringTakesTheRest) {
  auto st = SplitMysql("SELECT 1;\nSELECT 'oops\\';\nSELECT 2;\n");
  ASSERT_EQ(2u, st.size());
  EXPECT_EQ("SELECT 'oops\\';\nSELECT 2;", st[1].text);
  EXPECT_EQ(2, st[1].line);
  st = SplitMysql("SELECT `a;");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT `a;", st[0].text);
  st = SplitMysql("SELECT 'a\\");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("SELECT 'a\\", st[0].text);
}

TEST(MysqlSplitterTest, UnclosedBodyTakesTheRest) {
  auto st = SplitMysql("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;\n");
  ASSERT_EQ(1u, st.size());
  EXPECT_EQ("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2;", st[0].text);
}

TEST(MysqlSplitterTest, StringsThatLookLikeStatements) {
  auto st = SplitMysql(
      "INSERT INTO m VALUES ('DELIMITER $$', 'CREATE PROCEDURE p() BEGIN');\n"
      "INSERT INTO m VALUES (\"END; BEGIN\");\nSELECT 1;");
  ASSERT_EQ(3u, st.size());
  EXPECT_EQ("INSERT INTO m VALUES (\"END; BEGIN\")", st[1].text);
  EXPECT_EQ("SELECT 1", st[2].text);
  EXPECT_EQ(3, st[2].line);
}

TEST(MysqlSplitterTest, ReportsTheFirstUnterminatedToken) {
  std::optional<SplitProblem> problem;
  SplitMysql("SELECT 1;\n  /* open; SELECT 2;", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated block comment: no */ closes this /*", problem->message);
  EXPECT_EQ(2, problem->line);
  EXPECT_EQ(3, problem->column);
  SplitMysql("SELECT 'oops\\';", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated string: no ' closes this one", problem->message);
  SplitMysql("SELECT `a;", &problem);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ("unterminated quoted identifier: no ` closes this one", problem->message);
  SplitMysql("SELECT 'a\\'b', \"c\", `d` /* e */; # f", &problem);
  EXPECT_FALSE(problem.has_value());
}

}  // namespace
}  // namespace shiftway::sql
