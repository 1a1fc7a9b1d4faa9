package org.cryograd.tensor.spi;

/** Reductions along one axis. */
public enum ReduceOp {
    /** sum (accumulated in double on the CPU) */ SUM,
    /** maximum (NaN propagates) */ MAX,
    /** minimum (NaN propagates) */ MIN
}
