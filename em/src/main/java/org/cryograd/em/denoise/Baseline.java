package org.cryograd.em.denoise;

import java.util.List;

/**
 * A classical denoiser as a benchmark baseline: its name (the benchmark's method label and file-name part), a
 * one-line description, the parameter grid it is tuned over ({@link ParameterSearch}) and how a tuned member of the
 * grid is written in a results table. Every baseline is listed once in {@link Baselines#ALL}; the benchmark, its tests
 * and the command line loop over that list.
 *
 * @param <D> the denoiser type the grid holds
 */
public interface Baseline<D extends VolumeDenoiser> {

    /** Method label: lower case letters, digits and '_' (used in CSV rows and file names such as {@code test_<name>.mrc}). */
    String name();

    /** One line for help texts and READMEs. */
    String description();

    /**
     * The candidates tuning chooses from, in the order they are tried (the first wins ties).
     *
     * @param std the input's standard deviation: grids in intensity units scale with it (the benchmark passes 1 for
     *            standardised volumes)
     */
    List<D> grid(double std);

    /** The tuned denoiser's parameters as one text cell (e.g. {@code sigma=1.5}). */
    String parameters(D chosen);
}
