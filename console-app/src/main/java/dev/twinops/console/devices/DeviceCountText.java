package dev.twinops.console.devices;

import java.util.Locale;

/** The device list's status line: how many rows are loaded, shown, and counted by the hub. */
final class DeviceCountText {

    private DeviceCountText() {
    }

    /**
     * "10,000 devices", "Loading… 3,000 of 10,000 devices", "12 of 10,000 devices shown", or past the row cap
     * "First 100,000 of 250,000 devices (the list stops at 100,000; refine the query to list the rest)".
     *
     * @param total  the hub's count, -1 until known
     * @param failed the query failed (the count then says nothing about the rows)
     */
    static String describe(int loaded, int shown, long total, boolean loading, boolean failed, int rowCap) {
        if (loading) {
            return total >= 0
                    ? "Loading… " + number(loaded) + " of " + devices(total)
                    : "Loading… " + devices(loaded);
        }
        if (loaded >= rowCap && total > loaded && !failed) {
            String first = number(loaded) + " of " + devices(total);
            return (shown == loaded ? "First " + first : number(shown) + " shown of the first " + first)
                    + " (the list stops at " + number(rowCap) + "; refine the query to list the rest)";
        }
        String text = shown == loaded ? devices(loaded) : number(shown) + " of " + devices(loaded) + " shown";
        if (total >= 0 && total != loaded && !failed) {
            text += " (the hub counts " + number(total) + ")";
        }
        return text;
    }

    private static String devices(long n) {
        return number(n) + (n == 1 ? " device" : " devices");
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
