package dev.twinops.console.simulator;

import dev.twinops.simulator.faults.FaultProfile;
import javafx.util.StringConverter;

/** Shows a fault profile by the name the simulator's command line and docs use ("flaky"), not its enum constant. */
public final class FaultProfileConverter extends StringConverter<FaultProfile> {

    @Override
    public String toString(FaultProfile profile) {
        return profile == null ? "" : profile.cliName();
    }

    @Override
    public FaultProfile fromString(String text) {
        return FaultProfile.fromName(text).orElse(FaultProfile.NONE);
    }
}
