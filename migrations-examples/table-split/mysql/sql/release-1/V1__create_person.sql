-- Release 1: app v1 keeps a person's address in person itself.
CREATE TABLE person (
  id integer PRIMARY KEY,
  name varchar(100),
  street varchar(100),
  city varchar(100)
);

INSERT INTO person (id, name, street, city) VALUES (1, 'Ada', '12 St James''s Square', 'London');
INSERT INTO person (id, name, street, city) VALUES (2, 'Grace', '1 Navy Way', 'Arlington');
