package dev.twinops.console.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** Light (Primer Light) or dark (Primer Dark) AtlantaFX theme for the whole application. */
public final class ThemeSwitch {

    private boolean dark;

    public ThemeSwitch(boolean dark) {
        this.dark = dark;
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
    }
}
