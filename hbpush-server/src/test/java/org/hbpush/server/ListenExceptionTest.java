package org.hbpush.server;

import java.io.IOException;
import java.net.BindException;

import org.hbpush.server.config.ConfigurationLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What hbpushd says when it cannot listen (the tests run as root, so port 80 cannot be refused for real). */
class ListenExceptionTest {
    @Test
    void aPrivilegedPortSaysWhyAndSuggestsPort() {
        Exception failure = new IOException("Failed to bind to 0.0.0.0/0.0.0.0:80", new BindException("Permission denied"));
        assertThat(HbpushServer.ListenException.from(ConfigurationLoader.defaults(), failure).getMessage())
                .isEqualTo("hbpushd: the default configuration: cannot listen on *:80: permission denied: ports below 1024"
                        + " need root privileges; choose another port with --port (for example --port 8080) or the configuration's port");
    }

    @Test
    void anAddressOfAnotherMachineSaysToCheckTheAddress() {
        Exception failure = new IOException("Failed to bind", new BindException("Cannot assign requested address"));
        assertThat(HbpushServer.ListenException.from(ConfigurationLoader.defaults(), failure).getMessage())
                .endsWith("Cannot assign requested address; check the configuration's address (it must be an address of this machine) and port");
    }
}
