package org.hbpush.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.hbpush.server.config.ConfigurationException;
import org.hbpush.server.config.ConfigurationLoader;
import org.hbpush.server.config.ConfigurationValidator;
import org.hbpush.store.memory.MemoryStoreProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A keystore hbpushd cannot use is one configuration error at startup, naming the key, never a password. */
class TlsKeystoreErrorsTest {
    private static final Path PLUGINS = Path.of("target/test-plugins");

    @TempDir
    static Path directory;
    private static SelfSignedKeystore keystore;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = SelfSignedKeystore.create(directory);
    }

    @Test
    @DisplayName("a keystore file that does not exist")
    void missing() throws IOException {
        Path config = config("missing.yml", "keystore: no-such.p12", "password: whatever");

        assertThat(validationFails(config)).isEqualTo("""
                hbpushd: %s has 1 error:
                  * line 6, column 7: listen[0].tls.keystore: cannot read %s: it does not exist"""
                .formatted(config, directory.resolve("no-such.p12")));
    }

    @Test
    @DisplayName("a wrong password, never quoted")
    void wrongPassword() throws IOException {
        Path config = config("wrong-password.yml", "keystore: hbpush.p12", "password: not-the-password");

        assertThat(validationFails(config)).isEqualTo("""
                hbpushd: %s has 1 error:
                  * line 7, column 7: listen[0].tls.password: does not open the keystore %s (wrong password)"""
                .formatted(config, keystore.file()));
    }

    @Test
    @DisplayName("a file that is not a PKCS#12 keystore, and a directory")
    void notAKeystore() throws IOException {
        Files.writeString(directory.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        Path pem = config("pem.yml", "keystore: cert.pem", "password: whatever");
        Path folder = config("folder.yml", "keystore: .", "password: whatever");

        assertThat(validationFails(pem)).startsWith("""
                hbpushd: %s has 1 error:
                  * line 6, column 7: listen[0].tls.keystore: cannot read %s as a PKCS#12 keystore: """
                .formatted(pem, directory.resolve("cert.pem")));
        assertThat(validationFails(folder)).isEqualTo("""
                hbpushd: %s has 1 error:
                  * line 6, column 7: listen[0].tls.keystore: cannot read %s: it is a directory"""
                .formatted(folder, directory));
    }

    @Test
    @DisplayName("a keystore holding certificates only, no private key")
    void noPrivateKey() throws Exception {
        KeyStore withKey = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore.file())) {
            withKey.load(in, SelfSignedKeystore.PASSWORD.toCharArray());
        }
        KeyStore certificatesOnly = KeyStore.getInstance("PKCS12");
        certificatesOnly.load(null, null);
        certificatesOnly.setCertificateEntry("trusted", withKey.getCertificate(SelfSignedKeystore.ALIAS));
        Path file = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            certificatesOnly.store(out, SelfSignedKeystore.PASSWORD.toCharArray());
        }
        Path config = config("trust.yml", "keystore: trust.p12", "password: " + SelfSignedKeystore.PASSWORD);

        assertThat(validationFails(config)).isEqualTo("""
                hbpushd: %s has 1 error:
                  * line 6, column 7: listen[0].tls.keystore: %s holds no private key with its certificate \
                (keytool -genkeypair -storetype PKCS12 -keystore FILE -alias hbpush -keyalg EC -dname CN=HOST makes one)"""
                .formatted(config, file));
    }

    @Test
    @DisplayName("a key_password that does not unlock the private key")
    void wrongKeyPassword() throws IOException {
        Path config = config("wrong-key-password.yml", "keystore: hbpush.p12", "password: " + SelfSignedKeystore.PASSWORD,
                "key_password: not-the-key-password");

        assertThat(validationFails(config)).isEqualTo("""
                hbpushd: %s has 1 error:
                  * line 8, column 7: listen[0].tls.key_password: does not unlock the private key "hbpush" of %s"""
                .formatted(config, keystore.file()));
    }

    @Test
    @DisplayName("hbpushd exits 1 with the one paragraph, no stack trace, with or without --check")
    void mainExitsWithTheMessage() throws IOException {
        Path config = config("main.yml", "keystore: hbpush.p12", "password: not-the-password");

        for (String[] arguments : new String[][] {
                {"--check", "--config", config.toString(), "--plugins-dir", PLUGINS.toString()},
                {"--config", config.toString(), "--plugins-dir", PLUGINS.toString()}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(arguments, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(1), () -> { });

            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
                    hbpushd: %s has 1 error:
                      * line 7, column 7: listen[0].tls.password: does not open the keystore %s (wrong password)
                    """.formatted(config, keystore.file()));
        }
    }

    /** A configuration with one TLS listener whose {@code tls:} section holds {@code tlsLines}. */
    private static Path config(String name, String... tlsLines) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                listen:
                  - name: public
                    address: 127.0.0.1
                    port: 0
                    tls:
                """);
        for (String line : tlsLines) {
            yaml.append("      ").append(line).append('\n');
        }
        yaml.append("store:\n  type: memory\n");
        Path file = directory.resolve(name);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private static String validationFails(Path config) {
        ConfigurationException error = catchThrowableOfType(ConfigurationException.class, () -> ConfigurationValidator.validate(
                new ConfigurationLoader(Map.of()).load(config, Optional.empty()), Map.of("memory", new MemoryStoreProvider())));
        assertThat(error).as("%s must fail validation", config).isNotNull();
        return error.getMessage();
    }
}
