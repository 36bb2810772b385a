// The command table: one row per command, in the order `--help` lists them.
#include "cli/cli.h"

namespace shiftway::cli {

Command MigrateCommand();
Command InfoCommand();
Command ValidateCommand();
Command BaselineCommand();
Command RepairCommand();
Command CleanCommand();
Command UndoCommand();
Command NewCommand();
Command LintCommand();
Command ExplainCommand();
Command SplitCommand();
Command PromoteCommand();
Command VerifyCommand();
Command CheckCommand();
Command StatsCommand();
Command QueriesCommand();

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      MigrateCommand(), InfoCommand(),  ValidateCommand(), BaselineCommand(),
      RepairCommand(),  CleanCommand(), UndoCommand(),     LintCommand(),   VerifyCommand(),   QueriesCommand(),
      SplitCommand(),   PromoteCommand(), NewCommand(),  ExplainCommand(),
      CheckCommand(),   StatsCommand(),
  };
  return commands;
}

}  // namespace shiftway::cli
