package org.cryograd.tensor.spi;

/** Elementwise functions of one argument; {@code p0}, {@code p1} are the op's scalar parameters. */
public enum UnaryOp {
    /** -x */ NEG,
    /** e^x */ EXP,
    /** ln x */ LOG,
    /** sqrt x */ SQRT,
    /** |x| */ ABS,
    /** sign x (0 at 0) */ SIGN,
    /** sin x */ SIN,
    /** cos x */ COS,
    /** sin(p0 * x): SIREN's activation, one pass */ SINE,
    /** tanh x */ TANH,
    /** 1 / (1 + e^-x) */ SIGMOID,
    /** max(x, 0) */ RELU,
    /** x if x &gt; 0 else p0 * x */ LEAKY_RELU,
    /** min(max(x, p0), p1) (use +-infinity for a missing bound) */ CLAMP,
    /** x * x */ SQUARE,
    /** x ^ p0 */ POW_SCALAR,
    /** x + p0 */ ADD_SCALAR,
    /** x * p0 */ MUL_SCALAR,
    /** 1 / x */ RECIPROCAL
}
