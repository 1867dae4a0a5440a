package dev.twinops.console.connection;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** Which hub the console talks to and in what state, as the status bar shows it. */
public final class ConnectionViewModel {

    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "No hub connected");

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }
}
