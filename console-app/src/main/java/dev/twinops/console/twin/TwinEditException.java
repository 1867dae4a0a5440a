package dev.twinops.console.twin;

/** Edited tags or desired properties that the hub would refuse; the message says where and why. */
public final class TwinEditException extends IllegalArgumentException {

    public TwinEditException(String message) {
        super(message);
    }
}
