/**
 * The one training loop of cryograd's methods: {@link org.cryograd.nn.train.Trainer} runs the steps a method supplies
 * ({@link org.cryograd.nn.train.TrainingStep}) with the learning-rate schedule applied per step, atomic checkpoints
 * with exact resume, a stop at the first non-finite loss term or gradient, cooperative cancellation, and one progress
 * interface ({@link org.cryograd.nn.train.TrainingListener}).
 */
package org.cryograd.nn.train;
