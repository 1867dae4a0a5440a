package dev.twinops.console.fx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * The one FXML controller factory: controllers are built by the composition root with their collaborators
 * passed to their constructors, so FXML never instantiates a controller through a no-arg constructor.
 */
public final class ControllerFactory {

    private final Map<Class<?>, Supplier<?>> controllers = new HashMap<>();

    public <T> ControllerFactory register(Class<T> type, Supplier<? extends T> supplier) {
        controllers.put(type, supplier);
        return this;
    }

    /** Loads an FXML file next to {@code anchor}'s package, e.g. {@code load(MainWindowController.class, "MainWindow.fxml")}. */
    public Parent load(Class<?> anchor, String fxmlName) {
        URL location = Objects.requireNonNull(anchor.getResource(fxmlName), () -> "no FXML resource " + fxmlName);
        FXMLLoader loader = new FXMLLoader(location);
        loader.setControllerFactory(this::controllerFor);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + fxmlName, e);
        }
    }

    private Object controllerFor(Class<?> type) {
        Supplier<?> supplier = controllers.get(type);
        if (supplier == null) {
            throw new IllegalStateException("no controller registered for " + type.getName());
        }
        return supplier.get();
    }
}
