package org.hbpush.store.redis;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.RedisCredentials;
import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.store.tck.MapStoreOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {
    @Test
    void defaultsAreThoseOfTheSeedReadme() {
        RedisSettings settings = settings(Map.of());
        assertThat(settings.uri().getHost()).isEqualTo("localhost");
        assertThat(settings.uri().getPort()).isEqualTo(6379);
        assertThat(settings.uri().getDatabase()).isZero();
        assertThat(settings.uri().isSsl()).isFalse();
        assertThat(settings.keyPrefix()).isEmpty();
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.endpoint()).isEqualTo("redis at localhost:6379");
    }

    @Test
    void partsMakeTheUri() {
        RedisSettings settings = settings(Map.of("host", "redis.internal", "port", "6380", "database", "3", "ssl", "true",
                "username", "hbpush", "password", "secret", "key_prefix", "hb:", "command_timeout", "500ms"));
        assertThat(settings.uri().getHost()).isEqualTo("redis.internal");
        assertThat(settings.uri().getPort()).isEqualTo(6380);
        assertThat(settings.uri().getDatabase()).isEqualTo(3);
        assertThat(settings.uri().isSsl()).isTrue();
        RedisCredentials credentials = settings.uri().getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("hbpush");
        assertThat(credentials.getPassword()).containsExactly("secret".toCharArray());
        assertThat(settings.keyPrefix()).isEqualTo("hb:");
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aUrlReplacesTheParts() {
        RedisSettings settings = settings(Map.of("url", "rediss://user:secret@redis.internal:6390/2"));
        assertThat(settings.uri().getHost()).isEqualTo("redis.internal");
        assertThat(settings.uri().getPort()).isEqualTo(6390);
        assertThat(settings.uri().getDatabase()).isEqualTo(2);
        assertThat(settings.uri().isSsl()).isTrue();
        assertThat(settings.endpoint()).isEqualTo("redis at redis.internal:6390");
    }

    @Test
    void theEndpointAndDescriptionNeverShowThePassword() {
        RedisSettings settings = settings(Map.of("url", "redis://user:secret@redis.internal/1", "password", "other-secret"));
        assertThat(settings.endpoint()).doesNotContain("secret");
        assertThat(settings.toString()).doesNotContain("secret");
    }

    @Test
    void aUrlCannotBeCombinedWithTheKeysItReplaces() {
        assertThatThrownBy(() -> settings(Map.of("url", "redis://localhost", "port", "6380")))
                .isInstanceOfSatisfying(InvalidStoreOptionException.class, e -> assertThat(e.key()).isEqualTo("port"))
                .hasMessage("port: cannot be combined with url, which says it already");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> settings(Map.of("url", "http://localhost")))
                .hasMessage("url: must start with redis:// or rediss://");
        assertThatThrownBy(() -> settings(Map.of("port", "70000")))
                .hasMessage("port: must be between 1 and 65535, not 70000");
        assertThatThrownBy(() -> settings(Map.of("database", "-1")))
                .hasMessage("database: must not be negative, not -1");
        assertThatThrownBy(() -> settings(Map.of("username", "hbpush")))
                .hasMessage("username: needs a password too");
        assertThatThrownBy(() -> settings(Map.of("command_timeout", "0")))
                .hasMessage("command_timeout: must be more than zero");
        assertThatThrownBy(() -> settings(Map.of("host", " ")))
                .hasMessage("host: must not be empty");
    }

    private static RedisSettings settings(Map<String, String> options) {
        return RedisSettings.from(new MapStoreOptions(new RedisStoreProvider(), options));
    }
}
