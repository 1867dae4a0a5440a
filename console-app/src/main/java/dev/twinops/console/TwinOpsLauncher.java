package dev.twinops.console;

import javafx.application.Application;

/**
 * Plain entry point. A main class that does not extend {@link Application} lets the console start from the
 * class path without the JavaFX launcher checks for named modules.
 */
public final class TwinOpsLauncher {

    private TwinOpsLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(TwinOpsApp.class, args);
    }
}
