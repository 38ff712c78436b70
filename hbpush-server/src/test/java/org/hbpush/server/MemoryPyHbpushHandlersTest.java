package org.hbpush.server;

/** py-hbpush's handler tests on the memory store. */
class MemoryPyHbpushHandlersTest extends PyHbpushHandlers {
    @Override
    protected RunningServer startServer() {
        return RunningServer.withYaml("store:\n  type: memory\n" + LOCATIONS);
    }
}
