package dev.twinops.rollout.engine;

/** An operator command's fate: carried out, or refused with the reason (e.g. "nothing to approve"). */
public record CommandResult(boolean accepted, String message) {

    static CommandResult done(String message) {
        return new CommandResult(true, message);
    }

    static CommandResult refused(String message) {
        return new CommandResult(false, message);
    }
}
