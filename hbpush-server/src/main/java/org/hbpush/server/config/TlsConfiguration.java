package org.hbpush.server.config;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A listener's {@code tls:} section: it serves HTTPS (HTTP/2 and HTTP/1.1, chosen by ALPN) with the
 * private key and certificate chain of a PKCS#12 keystore.
 *
 * <pre>
 * tls:
 *   keystore: hbpush.p12                 # PKCS#12 file, relative to the configuration file (required)
 *   password: ${HBPUSH_TLS_PASSWORD}     # the keystore's password; ${NAME} reads the environment (required)
 *   key_password: ${HBPUSH_KEY_PASSWORD} # the private key's own password, when it differs (default: password)
 * </pre>
 *
 * <p>{@link #toString()} never shows the passwords.
 *
 * @param keystore    the keystore file, already resolved against the configuration file's directory
 * @param password    the keystore's password
 * @param keyPassword the private key's password when it is not {@code password}
 */
public record TlsConfiguration(Path keystore, String password, Optional<String> keyPassword) {
    public TlsConfiguration {
        requireNonNull(keystore, "keystore is null");
        requireNonNull(password, "password is null");
        requireNonNull(keyPassword, "keyPassword is null");
    }

    /** The password that unlocks the private key. */
    public String effectiveKeyPassword() {
        return keyPassword.orElse(password);
    }

    @Override
    public String toString() {
        return "TlsConfiguration[keystore=" + keystore + "]";
    }
}
