-- Release 1: the application (app v1) reads and writes person.last_name.
CREATE TABLE person (
  id integer PRIMARY KEY,
  first_name varchar(100),
  last_name varchar(100)
);

INSERT INTO person (id, first_name, last_name) VALUES (1, 'Ada', 'Lovelace');
INSERT INTO person (id, first_name, last_name) VALUES (2, 'Grace', 'Hopper');
