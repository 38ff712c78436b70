package org.hbpush.server;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptQueueCeilingTest {
    @TempDir
    Path directory;

    private Path somaxconn(String content) throws Exception {
        return Files.writeString(directory.resolve("somaxconn"), content);
    }

    @Test
    @DisplayName("a listen_backlog above the kernel's ceiling gets a warning that says what the queue holds and how to raise it")
    void aboveTheCeiling() throws Exception {
        assertThat(AcceptQueueCeiling.warning(8192, somaxconn("4096\n"))).hasValue(
                "listen_backlog 8192 is above the kernel's net.core.somaxconn (4096): each listener's accept queue holds 4096 "
                        + "connections; raise net.core.somaxconn (sysctl -w net.core.somaxconn=8192, and in /etc/sysctl.d to keep it) for more");
    }

    @Test
    @DisplayName("nothing is said within the ceiling, or when the ceiling cannot be read")
    void withinOrUnknown() throws Exception {
        assertThat(AcceptQueueCeiling.warning(4096, somaxconn("4096\n"))).isEmpty();
        assertThat(AcceptQueueCeiling.warning(128, somaxconn("4096\n"))).isEmpty();
        assertThat(AcceptQueueCeiling.warning(8192, directory.resolve("absent"))).isEmpty();
        assertThat(AcceptQueueCeiling.warning(8192, somaxconn("many\n"))).isEmpty();
        assertThat(AcceptQueueCeiling.warning(8192, somaxconn(""))).isEmpty();
    }
}
