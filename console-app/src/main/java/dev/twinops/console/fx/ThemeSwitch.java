package dev.twinops.console.fx;

import java.util.function.Consumer;

import atlantafx.base.theme.PrimerDark;
import java.util.function.Consumer;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** Light (Primer Light) or dark (Primer Dark) AtlantaFX theme for the whole application. */
public final class ThemeSwitch {

    private final Consumer<Boolean> onChange;
    private boolean dark;

    public ThemeSwitch(boolean dark) {
        this(dark, choice -> { });
    }

    /** {@code onChange} hears each choice the operator makes (to remember it). */
    public ThemeSwitch(boolean dark, Consumer<Boolean> onChange) {
        this.dark = dark;
        this.onChange = onChange;
    }

    /** Applies the current choice; call on the FX thread before the first window shows. */
    public void apply() {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    public boolean isDark() {
        return dark;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        apply();
        onChange.accept(dark);
    }
}
