package org.hbpush.server.config;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {
    private static final List<String> REDIS = List.of("host", "port", "database", "key_prefix");

    @Test
    @DisplayName("typos, swapped letters and other spellings find the key")
    void closeWords() {
        assertThat(Suggestions.closest("prot", REDIS)).contains("port");
        assertThat(Suggestions.closest("hots", REDIS)).contains("host");
        assertThat(Suggestions.closest("databse", REDIS)).contains("database");
        assertThat(Suggestions.closest("keyPrefix", REDIS)).contains("key_prefix");
        assertThat(Suggestions.closest("key-prefix", REDIS)).contains("key_prefix");
    }

    @Test
    @DisplayName("unrelated words get no suggestion")
    void farWords() {
        assertThat(Suggestions.closest("password", REDIS)).isEmpty();
        assertThat(Suggestions.closest("db", REDIS)).isEmpty();
        assertThat(Suggestions.closest("anything", List.of())).isEmpty();
    }
}
