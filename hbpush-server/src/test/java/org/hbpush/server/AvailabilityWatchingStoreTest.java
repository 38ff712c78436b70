package org.hbpush.server;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.hbpush.api.Store;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityWatchingStoreTest {
    @Test
    void overridesEveryStoreMethodDefaultMethodsIncluded() throws NoSuchMethodException {
        // A default method left to the interface would hide the store's own answer (its counts, its claims).
        for (Method method : Store.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(AvailabilityWatchingStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes()))
                    .as("AvailabilityWatchingStore overrides " + method.getName())
                    .isNotNull();
        }
    }
}
