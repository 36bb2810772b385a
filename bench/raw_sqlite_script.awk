# Turns the manifest written by gen_migrations.awk into one SQL script for the sqlite3 client:
# the history table, then every file wrapped in BEGIN ... COMMIT with its history row inserted
# inside the same transaction -- what a hand-rolled runner does with no discovery, no checksum,
# no parsing and no history read.
#   awk -F'\t' -f raw_sqlite_script.awk manifest.tsv > apply.sql
BEGIN {
  print "CREATE TABLE \"flyway_schema_history\" ("
  print "    \"installed_rank\" INT NOT NULL PRIMARY KEY,"
  print "    \"version\" VARCHAR(50),"
  print "    \"description\" VARCHAR(200) NOT NULL,"
  print "    \"type\" VARCHAR(20) NOT NULL,"
  print "    \"script\" VARCHAR(1000) NOT NULL,"
  print "    \"checksum\" INT,"
  print "    \"installed_by\" VARCHAR(100) NOT NULL,"
  print "    \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),"
  print "    \"execution_time\" INT NOT NULL,"
  print "    \"success\" BOOLEAN NOT NULL"
  print ");"
  print "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" (\"success\");"
}
{
  path = $1; version = $2; desc = $3; script = $4
  print "BEGIN;"
  while ((getline line < path) > 0) print line
  close(path)
  printf "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", " \
         "\"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES " \
         "(%d, %s, '%s', 'SQL', '%s', 0, '', 0, 1);\n", NR, version == "" ? "NULL" : "'" version "'", desc, script
  print "COMMIT;"
}
