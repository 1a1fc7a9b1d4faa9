package org.cryograd.tensor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test that runs once per {@link TestDevices#all() test device}; it takes the {@link Device} as its parameter and
 * starts with {@code TestDevices.use(device)}, which skips it where that device cannot open.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("org.cryograd.tensor.TestDevices#all")
public @interface OnEachDevice {}
