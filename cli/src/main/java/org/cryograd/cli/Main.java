package org.cryograd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.cryograd.tensor.Threads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code cryograd} command line. {@link #main} is the only place that calls {@code System.exit}; tests run
 * {@link #commandLine} in-process with their own writers.
 *
 * <p>Exit status: 0 success, 1 a problem with the input or a failed job (one line on stderr naming it), 2 a usage
 * error (unknown option, bad value; one line), 130 interrupted.
 */
@Command(name = "cryograd", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Deep learning for cryo-EM and cryo-ET: coordinate-network tomogram reconstruction and friends.",
        footer = {"", "Start with:  cryograd demo --quick", "Options --device, --threads and -v work before or after the command name."},
        subcommands = {DemoCommand.class, InfoCommand.class, SimulateCommand.class, ReconstructCommand.class, MetricsCommand.class,
            FscCommand.class, DualCommands.Train.class, DualCommands.Denoise.class, PickCommand.class, PolarCommands.Train.class,
            PolarCommands.Denoise.class, BenchmarkCommand.class, RescaleCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    String device = "auto";

    @Option(names = "--device", scope = ScopeType.INHERIT, paramLabel = "cpu|cuda[:N]|auto",
            description = "Where tensors live: cpu, cuda, cuda:N, or auto (a working GPU, else the CPU; default).")
    void device(String d) {
        String s = d.trim().toLowerCase(java.util.Locale.ROOT);
        if (!s.matches("cpu|auto|cuda(:\\d+)?"))
            throw new ParameterException(spec.commandLine(), "--device '" + d + "': expected cpu, cuda, cuda:N or auto");
        device = s;
    }

    private Integer threads;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "More log lines; stack traces on errors.")
    boolean verbose;

    /** Set by the tests: pretend stderr is a terminal (progress bars) or not, instead of asking System.console(). */
    Boolean terminalOverride;

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N", description = "CPU threads (default: all cores).")
    void threads(int n) {
        if (n < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + n);
        int cores = Runtime.getRuntime().availableProcessors(), most = maxThreads(cores);
        // more threads than this only adds switching (the work is cut into a fixed number of chunks)
        if (n > most)
            throw new ParameterException(spec.commandLine(), "--threads " + n + " is more than " + most + " (4 per core; this machine has " + cores
                    + " core" + (cores == 1 ? "" : "s") + ")");
        threads = n;
    }

    /** The largest accepted --threads: four per core, at least 8. */
    static int maxThreads(int cores) {
        return Math.max(8, 4 * cores);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "no command given; start with 'cryograd demo --quick'");
    }

    /** The user-interface context of this invocation (writers, terminal, verbosity); applies --threads once. */
    Ui ui() {
        if (threads != null && Threads.count() != threads) Threads.setCount(threads);
        boolean terminal = terminalOverride != null ? terminalOverride : System.console() != null;
        CommandLine cl = spec.commandLine();
        return new Ui(cl.getOut(), cl.getErr(), terminal, verbose);
    }

    /** A fresh command line writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new Errors());
        cl.setParameterExceptionHandler(new UsageErrors());
        return cl;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) System.setProperty("org.slf4j.simpleLogger.log.org.cryograd", "debug");
            if (a.equals("--")) break;
        }
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
        int rc = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /** One line for a message that might span several. */
    static String oneLine(String s) {
        if (s == null || s.isBlank()) return "(no message)";
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static Main root(CommandLine cl) {
        Object o = cl.getCommandSpec().root().userObject();
        return o instanceof Main m ? m : null;
    }

    private static String name(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /** Job failures: one line, exit 1 (stack trace with -v; internal errors say how to get it). */
    static final class Errors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
            Main m = root(cl);
            boolean verbose = m != null && m.verbose;
            PrintWriter err = cl.getErr();
            Throwable t = ex;
            if (t instanceof UncheckedIOException u && u.getCause() != null) t = u.getCause();
            String msg;
            if (t instanceof CliError || t instanceof IllegalArgumentException || t instanceof IOException || t instanceof IllegalStateException) {
                msg = name(cl) + ": error: " + oneLine(t.getMessage());
            } else {
                msg = name(cl) + ": internal error: " + t.getClass().getSimpleName() + ": " + oneLine(t.getMessage())
                        + (verbose ? "" : " (run with -v for the stack trace)");
            }
            err.println(msg);
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return t instanceof InterruptedException ? 130 : 1;
        }
    }

    /** Usage errors: one line naming the problem and where help is, exit 2. */
    static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println(name(cl) + ": " + oneLine(ex.getMessage()) + " (see '" + name(cl) + " --help')");
            Main m = root(cl);
            if (m != null && m.verbose) ex.printStackTrace(err);
            err.flush();
            return 2;
        }
    }

    /** The version from the jar's build properties. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cryograd " + version(), "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }

        static String version() {
            try (InputStream in = Main.class.getResourceAsStream("/cryograd-cli.properties")) {
                if (in == null) return "unknown";
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
