package org.cryograd.tensor.spi;

/**
 * Elementwise functions of two broadcast arguments {@code a}, {@code b}; {@code p0}, {@code p1} are scalar
 * parameters. The {@code *_BACKWARD} entries are fused gradient kernels: {@code a} is the upstream gradient.
 */
public enum BinaryOp {
    /** a + b */ ADD,
    /** a - b */ SUB,
    /** a * b */ MUL,
    /** a / b */ DIV,
    /** a ^ b */ POW,
    /** max(a, b) */ MAXIMUM,
    /** min(a, b) */ MINIMUM,
    /** 1 if a == b else 0 */ EQ,
    /** 1 if a &gt; b else 0 */ GT,
    /** a * (b &gt; 0): ReLU gradient, b = input */ RELU_BACKWARD,
    /** a * (b &gt; 0 ? 1 : p0): leaky ReLU gradient, b = input */ LEAKY_RELU_BACKWARD,
    /** a * (1 - b^2): tanh gradient, b = output */ TANH_BACKWARD,
    /** a * b * (1 - b): sigmoid gradient, b = output */ SIGMOID_BACKWARD,
    /** a * (p0 &lt;= b &lt;= p1): clamp gradient, b = input */ CLAMP_BACKWARD,
    /** a * cos(p0 * b) * p0: gradient of sin(p0 * x), b = input */ SINE_BACKWARD
}
