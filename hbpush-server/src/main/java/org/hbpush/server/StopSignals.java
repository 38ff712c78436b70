package org.hbpush.server;

import sun.misc.Signal;

/**
 * Routes SIGTERM and SIGINT to a clean stop. Handling the signals ourselves, rather than through a
 * shutdown hook, lets the process finish its stop and exit with status 0 instead of 143.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void install(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stop.run());
        }
    }
}
