package dev.pairlock.scctl.text;

/**
 * The command printed its result, and that result is a failure: a slot that did not answer
 * ({@code board scan}, {@code spll show}), no heartbeat in the watch. Exit status 1 with one line on
 * stderr saying what failed and where to look, so no non-zero exit is silent; stdout keeps the result
 * (under {@code --json} the command's document, and no second one).
 */
public final class FailedResult extends RuntimeException {
    public FailedResult(String message) {
        super(message);
    }
}
