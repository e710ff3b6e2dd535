package org.lazaret.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lazaret} command. Errors print one line on stderr and exit non-zero: 1 for a failed
 * operation, 2 for a usage error; nothing prints a stack trace unless {@code LAZARET_DEBUG} is set.
 */
@Command(
    name = "lazaret",
    mixinStandardHelpOptions = true,
    version = "lazaret 0.1.0",
    description = "Lazaret: a permissioned ledger for pandemic response.",
    subcommands = {
      DemoCommand.class,
      NodeCommand.class,
      NetworkCommand.class,
      ClusterCommand.class,
      KeysCommand.class,
      GenesisCommand.class,
      TxCommand.class,
      BlockCommand.class,
      StateCommand.class,
      ProofCommand.class,
      BenchCommand.class,
      EpcisCommand.class,
      CertCommand.class,
      DataCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (System.getenv("LAZARET_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
          }
          cmd.getErr().println("error: " + oneLine(e));
          cmd.getErr().flush();
          return e instanceof Failure f ? f.exitCode : 1;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("error: " + e.getMessage());
          err.println("(see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          err.flush();
          return 2;
        });
    return cli;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }

  /** A failure with a chosen exit code and a one-line message. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    Failure(int exitCode, String message) {
      super(message, null, false, false);
      this.exitCode = exitCode;
    }
  }
}
