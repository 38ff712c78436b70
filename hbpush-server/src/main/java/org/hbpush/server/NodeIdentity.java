package org.hbpush.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This process's node id: readable (host and pid) and unique among the nodes sharing a backend,
 * even for two processes that reuse a pid after a restart (a random suffix).
 */
final class NodeIdentity {
    private NodeIdentity() {
    }

    static String newNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            host = "localhost";
        }
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return host + ":" + ProcessHandle.current().pid() + ":" + suffix;
    }
}
