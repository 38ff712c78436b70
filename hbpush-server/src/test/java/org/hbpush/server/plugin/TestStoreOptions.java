package org.hbpush.server.plugin;

import java.util.Optional;
import java.util.Set;

import org.hbpush.api.StoreOptions;

/** A store section with nothing configured. */
final class TestStoreOptions implements StoreOptions {
    @Override
    public Set<String> configuredKeys() {
        return Set.of();
    }

    @Override
    public Optional<String> optionalString(String key) {
        return Optional.empty();
    }
}
