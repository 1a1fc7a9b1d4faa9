package org.cryograd.nn.train;

import java.nio.file.Path;

/**
 * What a {@link TrainingListener} hears when an epoch ends.
 *
 * @param epoch      the epoch, from 0
 * @param mean       the mean of each loss term over the epoch's steps run by this process
 * @param checkpoint the checkpoint written at the end of the epoch, or null if none was
 */
public record EpochReport(long epoch, LossTerms mean, Path checkpoint) {}
