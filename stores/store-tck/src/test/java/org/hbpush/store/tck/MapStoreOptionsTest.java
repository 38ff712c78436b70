package org.hbpush.store.tck;

import java.util.List;
import java.util.Map;

import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapStoreOptionsTest {
    private static final StoreProvider ACME = new StoreProvider() {
        @Override
        public String type() {
            return "acme";
        }

        @Override
        public List<StoreOption> options() {
            return List.of(
                    StoreOption.of("host", "localhost", "the Acme server's host"),
                    StoreOption.of("port", "7000", "the Acme server's port"),
                    StoreOption.optional("password", "the password"));
        }

        @Override
        public Store create(StoreOptions options, StoreContext context) {
            throw new UnsupportedOperationException("not needed here");
        }
    };

    @Test
    void declaredDefaultsFillAbsentKeys() {
        StoreOptions options = new MapStoreOptions(ACME, Map.of("port", "7001"));

        assertThat(options.string("host")).isEqualTo("localhost");
        assertThat(options.integer("port")).isEqualTo(7001);
        assertThat(options.optionalString("password")).isEmpty();
        assertThat(options.configuredKeys()).containsExactly("port");
    }

    @Test
    void undeclaredKeysAreRejected() {
        assertThatThrownBy(() -> new MapStoreOptions(ACME, Map.of("prot", "7001", "host", "acme.test")))
                .isInstanceOf(InvalidStoreOptionException.class)
                .hasMessage("prot: is not an option of store type acme, which has the options host, password, port");
    }

    @Test
    void aStoreWithoutOptionsSaysSo() {
        StoreProvider bare = new StoreProvider() {
            @Override
            public String type() {
                return "bare";
            }

            @Override
            public List<StoreOption> options() {
                return List.of();
            }

            @Override
            public Store create(StoreOptions options, StoreContext context) {
                throw new UnsupportedOperationException("not needed here");
            }
        };

        assertThatThrownBy(() -> new MapStoreOptions(bare, Map.of("size", "1")))
                .isInstanceOf(InvalidStoreOptionException.class)
                .hasMessage("size: is not an option of store type bare, which has no options");
    }

    @Test
    void askingForAnUndeclaredKeyIsAStoreBug() {
        StoreOptions options = new MapStoreOptions(ACME, Map.of());

        assertThatThrownBy(() -> options.optionalString("database"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store type acme asked for option \"database\", which its provider's options() does not declare");
    }

    @Test
    void badValuesNameTheKey() {
        StoreOptions options = new MapStoreOptions(ACME, Map.of("port", "seven"));

        assertThatThrownBy(() -> options.integer("port"))
                .isInstanceOf(InvalidStoreOptionException.class)
                .hasMessage("port: must be a whole number, not \"seven\"");
    }
}
