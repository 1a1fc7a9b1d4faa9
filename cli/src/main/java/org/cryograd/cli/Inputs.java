package org.cryograd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.cryograd.io.FileFormatException;
import org.cryograd.io.MrcFile;
import org.cryograd.io.MrcHeader;
import org.cryograd.io.MrcReader;
import org.cryograd.io.NonFiniteVoxels;
import org.cryograd.io.TiltAngles;
import org.cryograd.nn.io.SafeTensors;
import org.cryograd.nn.io.SafeTensorsFile;

/**
 * Reading the user's input files, with one-line errors that name the option and the file. MRC data with a NaN or
 * infinite value are refused here (count and first x,y,z or x,y,section), so no command turns one bad voxel into a
 * silently ruined result; {@code info} alone reports them instead ({@link #nonFinite}).
 */
final class Inputs {
    private Inputs() {}

    /** Checks that {@code path} is a readable regular file. */
    static Path file(Path path, String option) {
        String what = label(option, path);
        if (!Files.exists(path)) throw new CliError(what + ": no such file");
        if (Files.isDirectory(path)) throw new CliError(what + ": is a directory, not a file");
        if (!Files.isReadable(path)) throw new CliError(what + ": cannot be read (permissions)");
        return path;
    }

    /** Reads an MRC file and refuses it when a value is NaN or infinite. */
    static MrcFile mrc(Path path, String option) {
        file(path, option);
        MrcFile f;
        try {
            f = MrcFile.read(path);
        } catch (FileFormatException e) {
            throw new CliError(prefix(option) + "not a valid MRC file: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new CliError(label(option, path) + ": no such file", e);
        } catch (IOException e) {
            throw new CliError(label(option, path) + ": cannot read: " + e.getMessage(), e);
        }
        refuse(option, NonFiniteVoxels.scan(path, f.header(), f.data()));
        return f;
    }

    /**
     * Reads an MRC header and checks, in one pass over the data that keeps nothing, that every value is finite: for
     * commands whose library call reads the file itself.
     */
    static MrcHeader mrcHeader(Path path, String option) {
        file(path, option);
        try (MrcReader r = MrcReader.open(path)) {
            refuse(option, NonFiniteVoxels.scan(r));
            return r.header();
        } catch (FileFormatException e) {
            throw new CliError(prefix(option) + "not a valid MRC file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError(label(option, path) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Where the NaN/infinite values of an MRC file are, or null when there are none (for {@code info}). */
    static NonFiniteVoxels.Found nonFinite(Path path, String option) {
        file(path, option);
        try {
            return NonFiniteVoxels.scan(path);
        } catch (FileFormatException e) {
            throw new CliError(prefix(option) + "not a valid MRC file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError(label(option, path) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The one-line error for non-finite data. */
    static String nonFiniteMessage(String option, NonFiniteVoxels.Found f) {
        return prefix(option) + f.message() + "; the data must be finite";
    }

    private static void refuse(String option, NonFiniteVoxels.Found f) {
        if (f != null) throw new CliError(nonFiniteMessage(option, f));
    }

    /** Reads only an MRC header (the data are not looked at). */
    static MrcHeader mrcHeaderOnly(Path path, String option) {
        file(path, option);
        try {
            return MrcFile.readHeader(path);
        } catch (FileFormatException e) {
            throw new CliError(prefix(option) + "not a valid MRC file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError(label(option, path) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that every tensor of a safetensors model file is finite (one pass), for commands whose library call
     * loads the model itself; the error names the file and the tensor.
     */
    static void finiteWeights(Path weights, String option) {
        try (SafeTensorsFile f = SafeTensors.read(weights)) {
            SafeTensors.requireFinite(weights, f.tensors(), "the model is unusable");
        } catch (IOException e) {
            throw new CliError(prefix(option) + e.getMessage(), e);
        }
    }

    /** Reads a .tlt/.rawtlt file. */
    static double[] angles(Path path, String option) {
        file(path, option);
        try {
            return TiltAngles.read(path);
        } catch (FileFormatException e) {
            throw new CliError(prefix(option) + "bad tilt-angle file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError(label(option, path) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Checks that a tilt series has one angle per view. */
    static void checkViews(double[] angles, Path anglesPath, int views, Path tiltsPath) {
        if (angles.length != views)
            throw new CliError(anglesPath + " has " + angles.length + " tilt angle" + (angles.length == 1 ? "" : "s") + " but " + tiltsPath + " has "
                    + views + " view" + (views == 1 ? "" : "s") + " (sections); they must match");
    }

    /**
     * Logs what a user should know about an input's header: a big-endian file (read and converted), and, when
     * {@code uses} is not null, voxel sizes that differ between x, y and z by more than 1 % (the command, which
     * {@code uses} names, takes x's).
     */
    static void noteHeader(Ui ui, String option, Path path, MrcHeader h, String uses) {
        if (h.byteOrder() == java.nio.ByteOrder.BIG_ENDIAN)
            ui.log("note: %s is big-endian (machine stamp 0x11 0x11); read and converted", label(option, path));
        if (uses == null) return;
        double[] v = h.voxelSize();
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double x : v)
            if (x > 0 && Double.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        if (hi > 0 && hi > lo * 1.01)
            ui.log("warning: %s has anisotropic voxels (x %s, y %s, z %s Å); %s uses x's %s Å for all three axes", label(option, path),
                    Reconstruction.plain(v[0]), Reconstruction.plain(v[1]), Reconstruction.plain(v[2]), uses, Reconstruction.plain(v[0]));
    }

    /** The x voxel size in Å from a header, or 0 when unknown. */
    static double voxelSize(MrcHeader h) {
        double v = h.voxelSize()[0];
        return v > 0 && Double.isFinite(v) ? v : 0;
    }

    private static String label(String option, Path path) {
        return prefix(option) + path;
    }

    private static String prefix(String option) {
        return option == null ? "" : option + " ";
    }
}
