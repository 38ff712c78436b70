package com.example.base;

import java.util.List;

import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

/** A base class from a "library" that a broken plugin forgets to bundle. */
public abstract class BaseStoreProvider implements StoreProvider {
    @Override
    public List<StoreOption> options() {
        return List.of();
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        throw new UnsupportedOperationException();
    }
}
