package org.cryograd.api;

import java.util.concurrent.CancellationException;

/** Thrown by an API call that stopped because its {@link Cancellation} was cancelled; no result was produced. */
public final class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was stopped, e.g. {@code "reconstruct: cancelled"}
     */
    public CancelledException(String message) {
        super(message);
    }
}
