package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared plumbing of the subcommands: the root's global options and the user-interface context. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private Ui ui;
    private PathGuard paths;

    Main root() {
        return (Main) spec.root().userObject();
    }

    /** The writers, terminal flag and verbosity of this invocation (created once; applies --threads). */
    Ui ui() {
        if (ui == null) {
            Ui r = root().ui();
            ui = new Ui(spec.commandLine().getOut(), spec.commandLine().getErr(), r.terminal, r.verbose);
        }
        return ui;
    }

    /**
     * Whether this command does tensor work that {@code --device} places. The commands that only run on the CPU return
     * false: an explicit {@code --device cuda} is then refused rather than silently ignored.
     */
    boolean usesDevice() {
        return true;
    }

    /** This run's output checks: declare inputs and outputs, then {@link PathGuard#check()} before any work. */
    PathGuard paths() {
        if (paths == null) paths = new PathGuard(ui());
        return paths;
    }

    @Override
    public final Integer call() throws Exception {
        if (!usesDevice()) DeviceChoice.cpuOnly(root().device, spec.qualifiedName());
        try {
            execute();
        } catch (FileSystemException e) {
            if (paths != null) paths.failed();
            throw PathGuard.late(e); // the file and the reason, not just a file name
        } catch (IOException | java.io.UncheckedIOException e) {
            if (paths != null) {
                paths.failed();
                CliError named = paths.lateWrite(e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e);
                if (named != null) throw named; // the outputs and the reason, where the OS error named no file
            }
            throw e;
        } catch (OutOfMemoryError e) {
            if (paths != null) paths.failed();
            throw new CliError(Memory.outOfMemory(), e);
        } catch (Exception | Error e) {
            if (paths != null) paths.failed(); // no empty directories left behind by a failed run
            throw e;
        }
        ui().out.flush();
        ui().err.flush();
        return 0;
    }

    /** Does the work; throws {@link CliError} for bad input. */
    abstract void execute() throws Exception;
}
