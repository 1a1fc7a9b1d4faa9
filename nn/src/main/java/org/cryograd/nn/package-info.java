/**
 * Neural-network building blocks on {@code org.cryograd.tensor}: {@link org.cryograd.nn.Module} (named parameters,
 * buffers and submodules with PyTorch state names), {@link org.cryograd.nn.Sequential}, layers (Linear,
 * Conv1d/2d/3d, ConvTranspose3d, GroupNorm, InstanceNorm3d, BatchNorm, activations, Dropout),
 * {@link org.cryograd.nn.Init} (PyTorch's initializers plus SIREN's) and {@link org.cryograd.nn.Losses} (MSE, L1,
 * BCE-with-logits, Pearson, DUAL's reconstruction loss). Layers compute through the tensor engine's differentiable
 * ops, so every layer runs on any device and gets its backward pass from autograd.
 */
package org.cryograd.nn;
