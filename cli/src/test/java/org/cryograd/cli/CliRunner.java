package org.cryograd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in-process with captured output. */
final class CliRunner {
    /**
     * One run's outcome.
     *
     * @param rc  exit status
     * @param out standard output
     * @param err standard error (progress, logs, errors; library SLF4J output is not captured)
     */
    record Run(int rc, String out, String err) {
        List<String> errLines() {
            return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\\R"));
        }

        @Override
        public String toString() {
            return "rc=" + rc + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private CliRunner() {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        ((Main) cl.getCommand()).terminalOverride = false;
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }
}
