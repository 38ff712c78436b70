package com.example.broken;

import com.example.base.BaseStoreProvider;

public final class NeedsBaseStoreProvider extends BaseStoreProvider {
    @Override
    public String type() {
        return "needs-base";
    }
}
