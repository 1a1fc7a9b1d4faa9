package org.cryograd.tensor;

/** How values outside a tensor are defined when padding. */
public enum PadMode {
    /** zeros outside */ ZERO,
    /** periodic wrap-around */ CIRCULAR
}
