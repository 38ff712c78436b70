package org.hbpush.server.config;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationExceptionTest {
    @Test
    @DisplayName("the message of STYLE.md section 7, problems in file order, those without a line last")
    void message() {
        ConfigurationException error = new ConfigurationException("conf/hbpushd.yml", List.of(
                new ConfigurationProblem(Optional.empty(), Optional.of("locations[2].url"),
                        "\"/sub/(.+)/(.+)\" must have exactly one capture group, found 2"),
                new ConfigurationProblem(Optional.of(new SourcePosition(4, 3)), Optional.of("store.redis1.prot"),
                        "unknown key (did you mean \"port\"?)")));

        assertThat(error.getMessage()).isEqualTo("""
                hbpushd: conf/hbpushd.yml has 2 errors:
                  * line 4, column 3: store.redis1.prot: unknown key (did you mean "port"?)
                  * locations[2].url: "/sub/(.+)/(.+)" must have exactly one capture group, found 2""");
    }

    @Test
    @DisplayName("one error is \"1 error\"; a problem of the whole file has no key")
    void singular() {
        ConfigurationException error = new ConfigurationException("x.yml", List.of(
                new ConfigurationProblem(Optional.empty(), Optional.empty(), "cannot read the file: it does not exist")));

        assertThat(error.getMessage()).isEqualTo("hbpushd: x.yml has 1 error:\n  * cannot read the file: it does not exist");
        assertThat(error.getStackTrace()).as("a user's mistake carries no stack trace").isEmpty();
    }

    @Test
    @DisplayName("needs at least one problem")
    void atLeastOneProblem() {
        assertThatThrownBy(() -> new ConfigurationException("x.yml", List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("positions fall back to the nearest written parent, never to the file start")
    void nearestPosition() {
        SourcePositions positions = new SourcePositions(java.util.Map.of(
                "store", new SourcePosition(2, 1),
                "store.redis1", new SourcePosition(3, 3),
                "locations[1]", new SourcePosition(9, 5)));

        assertThat(positions.nearest("store.redis1.port")).contains(new SourcePosition(3, 3));
        assertThat(positions.nearest("locations[1].store")).contains(new SourcePosition(9, 5));
        assertThat(positions.nearest("port")).isEmpty();
        assertThat(positions.without("store").nearest("store.redis1.port")).isEmpty();
    }
}
