package dev.twinops.console.rollouts;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A rollout in the list: its id, and a line updated in place as it moves on. */
public final class RolloutItem {

    private final String id;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");

    RolloutItem(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** "firmware 2.0.0 · paused · wave 1/3". */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    void setText(String line) {
        text.set(line);
    }

    @Override
    public String toString() {
        return text.get();
    }
}
