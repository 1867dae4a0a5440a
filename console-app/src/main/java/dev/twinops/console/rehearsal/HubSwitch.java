package dev.twinops.console.rehearsal;

import dev.twinops.console.connection.HubConnection;

/** How the rehearsal workflow moves the console between the rehearsal hub and the source (FX thread). */
public interface HubSwitch {

    /** True for the console's embedded local hub, where rehearsals run. */
    boolean isRehearsalHub(HubConnection hub);

    void toRehearsalHub();

    /** Switches to the saved hub of that selector name; false when there is none. */
    boolean toHub(String name);
}
