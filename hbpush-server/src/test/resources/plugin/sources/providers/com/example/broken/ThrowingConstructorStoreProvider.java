package com.example.broken;

import java.util.List;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

public final class ThrowingConstructorStoreProvider implements StoreProvider {
    public ThrowingConstructorStoreProvider() {
        throw new IllegalStateException("license file missing");
    }

    @Override
    public String type() {
        return "throwing-constructor";
    }

    @Override
    public List<StoreOption> options() {
        return List.of();
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        throw new UnsupportedOperationException();
    }
}
