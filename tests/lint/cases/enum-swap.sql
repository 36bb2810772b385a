-- case: an enum swapped for a new type that loses a value
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE person (id int primary key, m mood NOT NULL);
-- new V2__swap.sql
CREATE TYPE mood_new AS ENUM ('happy', 'sad');
ALTER TABLE person ALTER COLUMN m TYPE mood_new USING m::text::mood_new;
DROP TYPE mood;
ALTER TYPE mood_new RENAME TO mood;
-- expect
V2__swap.sql:2:1 table-rewrite
V2__swap.sql:3:1 change-enum [error] ~ replacing enum mood with a type of the same name drops value 'ok', which the running release still reads and writes

-- case: an enum swapped for a new type that keeps every value and appends one: only the rewrite
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE person (id int primary key, m mood NOT NULL);
-- new V2__swap.sql
CREATE TYPE mood_new AS ENUM ('happy', 'sad', 'ok', 'calm');
ALTER TABLE person ALTER COLUMN m TYPE mood_new USING m::text::mood_new;
DROP TYPE mood;
ALTER TYPE mood_new RENAME TO mood;
-- expect
V2__swap.sql:2:1 table-rewrite ~ rewrites the table

-- case: the swap spread over two files of the release is judged the same
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE app.mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE app.person (id int primary key, m app.mood NOT NULL);
-- new V2__new_type.sql
CREATE TYPE app.mood_new AS ENUM ('sad', 'happy');
ALTER TABLE app.person ALTER COLUMN m TYPE app.mood_new USING m::text::app.mood_new;
-- new V3__drop_old.sql
DROP TYPE app.mood;
ALTER TYPE app.mood_new RENAME TO mood;
-- expect
V2__new_type.sql:2:1 table-rewrite
V3__drop_old.sql:1:1 change-enum ~ replacing enum app.mood with a type of the same name drops value 'ok'

-- case: a column moved to a new enum that lacks a value, the old type kept
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE person (id int primary key, m mood NOT NULL);
-- new V2__move.sql
CREATE TYPE feeling AS ENUM ('happy', 'sad');
ALTER TABLE person ALTER COLUMN m TYPE feeling USING m::text::feeling;
-- expect
V2__move.sql:2:1 change-enum ~ changing person.m from enum mood to feeling drops value 'ok', which the running release still writes
V2__move.sql:2:1 table-rewrite

-- case: a column moved to a new enum and the old type dropped without taking its name back
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE person (id int primary key, m mood NOT NULL);
-- new V2__move.sql
CREATE TYPE feeling AS ENUM ('happy', 'sad', 'calm');
ALTER TABLE person ALTER COLUMN m TYPE feeling USING m::text::feeling;
DROP TYPE mood;
-- expect
V2__move.sql:2:1 table-rewrite
V2__move.sql:3:1 change-enum ~ dropping enum mood removes all of its values

-- case: MySQL: CHANGE of an enum column that loses a value
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE ticket (id int primary key, state enum('open','closed','archived') NOT NULL DEFAULT 'open');
-- new V2__enum.sql
ALTER TABLE ticket CHANGE state state enum('open','archived') NOT NULL DEFAULT 'open';
-- expect
V2__enum.sql:1:1 change-enum ~ removes or reorders values
V2__enum.sql:1:1 table-rewrite

-- case: MySQL: MODIFY of an enum column that keeps every value and appends one is silent
-- dialect: mysql
-- released V1__init.sql
CREATE TABLE ticket (id int primary key, state enum('open','closed') NOT NULL DEFAULT 'open');
-- new V2__enum.sql
ALTER TABLE ticket MODIFY COLUMN state enum('open','closed','archived') NOT NULL DEFAULT 'open';
-- expect

-- case: the swap that renames the released type away first and drops it last (Lemmy 271, 274)
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE visibility AS ENUM ('Public', 'LocalOnly');
CREATE TABLE community (id int primary key, v visibility NOT NULL);
-- new V2__swap.sql
ALTER TYPE visibility RENAME TO visibility__;
CREATE TYPE visibility AS ENUM ('Public', 'LocalOnly', 'Private');
ALTER TABLE community ALTER COLUMN v TYPE visibility USING v::text::visibility;
DROP TYPE visibility__;
ALTER TYPE visibility RENAME VALUE 'LocalOnly' TO 'LocalOnlyPrivate';
-- expect
V2__swap.sql:3:1 table-rewrite
V2__swap.sql:4:1 change-enum ~ replacing enum visibility with a type of the same name drops value 'LocalOnly'

-- case: the rename-first swap that keeps every value is only the rewrite
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE visibility AS ENUM ('Public', 'LocalOnly');
CREATE TABLE community (id int primary key, v visibility NOT NULL);
-- new V2__swap.sql
ALTER TYPE visibility RENAME TO visibility__;
CREATE TYPE visibility AS ENUM ('Public', 'LocalOnly', 'Private');
ALTER TABLE community ALTER COLUMN v TYPE visibility USING v::text::visibility;
DROP TYPE visibility__;
-- expect
V2__swap.sql:3:1 table-rewrite

-- case: a released enum renamed away and dropped, never re-created, is named by its released name
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE person (id int primary key, m mood NOT NULL);
-- new V2__x.sql
ALTER TYPE mood RENAME TO mood_old;
ALTER TABLE person ALTER COLUMN m TYPE text USING m::text;
DROP TYPE mood_old;
-- expect
V2__x.sql:2:1 change-column-type ~ changing person.m from mood to text breaks the running release, which still reads and writes mood values
V2__x.sql:2:1 table-rewrite
V2__x.sql:3:1 change-enum [error] ~ dropping enum mood (renamed mood_old by this release) removes all of its values

-- case: an enum of this release renamed and dropped is silent
-- dialect: postgres
-- released V1__init.sql
CREATE TABLE person (id int primary key);
-- new V2__x.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
ALTER TYPE mood RENAME TO mood_old;
DROP TYPE mood_old;
-- expect

-- case: a value renamed in a released enum renamed away first is named by the released enum
-- dialect: postgres
-- released V1__init.sql
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE person (id int primary key, m mood NOT NULL);
-- new V2__x.sql
ALTER TYPE mood RENAME TO mood_old;
ALTER TYPE mood_old RENAME VALUE 'sad' TO 'blue';
ALTER TYPE mood_old ADD VALUE 'calm';
-- expect
V2__x.sql:1:1 change-enum ~ renaming enum mood to mood_old breaks the running release
V2__x.sql:2:1 change-enum [error] ~ renaming value 'sad' of enum mood (renamed mood_old by this release) to 'blue'
