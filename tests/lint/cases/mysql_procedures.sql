-- case: a procedure the migration creates and CALLs is analysed at the CALL, every IF branch included
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__proc.sql
DELIMITER $$
CREATE PROCEDURE cleanup()
BEGIN
  DECLARE n INT DEFAULT 0;
  SELECT count(*) INTO n FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'last_name';
  IF n > 0 THEN
    ALTER TABLE person DROP COLUMN last_name;
  END IF;
END $$
DELIMITER ;
CALL cleanup();
DROP PROCEDURE cleanup;
-- expect
V2__proc.sql:11:1 drop-column [error] ~ dropping person.last_name (text) breaks the running release

-- case: a procedure written without DELIMITER, with a label and a loop, is analysed at the CALL
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__proc.sql
CREATE PROCEDURE contract() main: BEGIN
  WHILE (SELECT count(*) FROM person WHERE last_name IS NOT NULL) > 0 DO
    UPDATE person SET last_name = NULL LIMIT 1000;
  END WHILE;
  ALTER TABLE person RENAME COLUMN last_name TO surname;
END;
CALL contract();
-- expect
V2__proc.sql:7:1 rename-column ~ renaming person.last_name
V2__proc.sql:7:1 mixed-ddl-dml [warning]

-- case: a procedure that is created and never called changes nothing yet
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__proc.sql
DELIMITER ;;
CREATE PROCEDURE cleanup() BEGIN ALTER TABLE person DROP COLUMN last_name; END;;
DELIMITER ;
-- expect

-- case: a guarded ADD of a nullable column in a called procedure is fine, and the CALL is not a data change
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE access_type (id bigint primary key);
-- new V2__proc.sql
DROP PROCEDURE IF EXISTS add_category;
DELIMITER ;;
CREATE PROCEDURE add_category() BEGIN
IF NOT EXISTS (SELECT * FROM information_schema.columns WHERE table_schema = database() AND table_name = 'access_type' AND column_name = 'category') THEN
  ALTER TABLE access_type ADD category smallint DEFAULT NULL;
END IF;
END;;
DELIMITER ;
CALL add_category();
DROP PROCEDURE IF EXISTS add_category;
-- expect

-- case: PREPARE of CONCAT() over the CALL's literal arguments is resolved and analysed
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE policy_ref (id bigint primary key, create_time datetime, update_time datetime);
-- new V2__proc.sql
DELIMITER ;;
CREATE PROCEDURE drop_table_column(IN tableName varchar(64), IN columnName varchar(64)) BEGIN
  IF EXISTS (SELECT * FROM information_schema.columns WHERE table_name = tableName AND column_name = columnName) THEN
    SET @query = CONCAT('ALTER TABLE `', tableName, '` DROP COLUMN `', columnName, '`');
    PREPARE stmt FROM @query;
    EXECUTE stmt;
    DEALLOCATE PREPARE stmt;
  END IF;
END;;
DELIMITER ;
CALL drop_table_column('policy_ref', 'create_time');
-- expect
V2__proc.sql:11:1 drop-column [error] ~ dropping policy_ref.create_time (datetime)

-- case: PREPARE of SQL that cannot be resolved in a called procedure is a warning naming the procedure and the line
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE policy_ref (id bigint primary key, create_time datetime);
-- new V2__proc.sql
DELIMITER ;;
CREATE PROCEDURE drop_table_column(IN tableName varchar(64), IN columnName varchar(64)) BEGIN
  SET @query = CONCAT('ALTER TABLE ', tableName, ' DROP COLUMN ', columnName);
  PREPARE stmt FROM @query;
  EXECUTE stmt;
END;;
DELIMITER ;
CALL drop_table_column(@target, 'create_time');
-- expect
V2__proc.sql:8:1 unparsed-statement [warning] ~ dynamic SQL in the procedure drop_table_column(), line 3 of its body, cannot be resolved: PREPARE stmt FROM @query

-- case: a procedure that a released migration created is analysed when a new migration CALLs it
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE PROCEDURE drop_last_name() BEGIN ALTER TABLE person DROP COLUMN last_name; END;
-- new V2__call.sql
CALL drop_last_name();
-- expect
V2__call.sql:1:1 drop-column [error] ~ dropping person.last_name (text)

-- case: a procedure that CALLs another procedure is analysed through both
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__proc.sql
CREATE PROCEDURE inner_step(IN col varchar(64)) BEGIN
  SET @s = CONCAT('ALTER TABLE person DROP COLUMN ', col);
  PREPARE st FROM @s;
  EXECUTE st;
END;
CREATE PROCEDURE outer_step() BEGIN CALL inner_step('last_name'); END;
CALL outer_step();
-- expect
V2__proc.sql:7:1 drop-column [error] ~ dropping person.last_name (text)

-- case: a recursive procedure is analysed once
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__proc.sql
CREATE PROCEDURE again(IN n int) BEGIN
  IF n > 0 THEN CALL again(n - 1); END IF;
  ALTER TABLE person DROP COLUMN last_name;
END;
CALL again(3);
-- expect
V2__proc.sql:5:1 drop-column [error] ~ dropping person.last_name (text)

-- case: top-level PREPARE of a literal SQL variable is analysed where EXECUTE runs it
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__prepare.sql
SET @q = 'ALTER TABLE person DROP COLUMN nick';
PREPARE s FROM @q;
EXECUTE s;
DEALLOCATE PREPARE s;
-- expect
V2__prepare.sql:3:1 drop-column [error] ~ dropping person.nick (text)

-- case: top-level PREPARE of SQL built at run time is a warning, never silence
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__prepare.sql
SELECT IF(count(*) > 0, 'ALTER TABLE person DROP COLUMN nick', 'SELECT 1') INTO @q FROM information_schema.columns WHERE column_name = 'nick';
PREPARE s FROM @q;
EXECUTE s;
-- expect
V2__prepare.sql:2:1 unparsed-statement [warning] ~ dynamic SQL cannot be resolved: PREPARE s FROM @q

-- case: EXECUTE of a statement no PREPARE made is a warning
-- dialect: mysql
-- new V2__execute.sql
EXECUTE missing;
-- expect
V2__execute.sql:1:1 unparsed-statement [warning] ~ EXECUTE missing runs a statement no earlier PREPARE made

-- case: MariaDB EXECUTE IMMEDIATE of a literal is analysed
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text);
-- new V2__execute.sql
EXECUTE IMMEDIATE 'ALTER TABLE person DROP COLUMN nick';
-- expect
V2__execute.sql:1:1 drop-column [error] ~ dropping person.nick (text)

-- case: a CALL runs the body the procedure has at that point, not one it had before
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
CREATE PROCEDURE tidy() BEGIN ALTER TABLE person DROP COLUMN last_name; END;
-- new V2__call.sql
DROP PROCEDURE tidy;
CREATE PROCEDURE tidy() BEGIN SELECT 1; END;
CALL tidy();
-- expect

-- case: a CALL of a procedure no migration created is a data change, as before
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text);
-- new V2__call.sql
CALL somewhere_else();
ALTER TABLE person ADD COLUMN nick text;
-- expect
V2__call.sql:2:1 mixed-ddl-dml [warning]

-- case: a variable that SELECT ... INTO sets again is no longer known, so its PREPARE is a warning
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text, age int);
-- new V2__prepare.sql
SET @q = 'ALTER TABLE person DROP COLUMN nick';
SELECT 'ALTER TABLE person DROP COLUMN age' INTO @q;
PREPARE s FROM @q;
EXECUTE s;
-- expect
V2__prepare.sql:3:1 unparsed-statement [warning] ~ dynamic SQL cannot be resolved: PREPARE s FROM @q

-- case: a user variable a called procedure sets is what the migration's next PREPARE reads
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, nick text, age int);
-- new V2__prepare.sql
CREATE PROCEDURE pick() BEGIN SET @q = 'ALTER TABLE person DROP COLUMN age'; END;
SET @q = 'ALTER TABLE person DROP COLUMN nick';
CALL pick();
PREPARE s FROM @q;
EXECUTE s;
-- expect
V2__prepare.sql:5:1 drop-column [error] ~ dropping person.age (int)

-- case: dropping a released procedure calls it a procedure
-- dialect: mysql
-- released V1__init.sql
CREATE PROCEDURE audit_log() BEGIN SELECT 1; END;
-- new V2__drop.sql
DROP PROCEDURE audit_log;
-- expect
V2__drop.sql:1:1 drop-routine [warning] ~ dropping procedure audit_log

-- case: a procedure created with a DEFINER, as mysqldump writes it, is analysed at the CALL
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE person (id int primary key, last_name text, nick text);
-- new V2__proc.sql
DELIMITER ;;
CREATE DEFINER=`root`@`localhost` PROCEDURE p1() BEGIN ALTER TABLE person DROP COLUMN last_name; END;;
/*!50003 CREATE*/ /*!50020 DEFINER='app'@'%'*/ /*!50003 PROCEDURE `p2`()
BEGIN ALTER TABLE person DROP COLUMN nick; END */;;
DELIMITER ;
CALL p1();
CALL `p2`();
-- expect
V2__proc.sql:6:1 drop-column [error] ~ dropping person.last_name (text)
V2__proc.sql:7:1 drop-column [error] ~ dropping person.nick (text)

-- case: a view created with a DEFINER is read as a view
-- dialect: mysql
-- new V2__view.sql
CREATE DEFINER=root@localhost SQL SECURITY DEFINER VIEW people AS SELECT 1 AS id;
CREATE DEFINER=CURRENT_USER() VIEW people2 AS SELECT 1 AS id;
-- expect
