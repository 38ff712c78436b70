package org.hbpush.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Opens a listener's PKCS#12 keystore the way the server will, so that a missing file, a wrong
 * password or a keystore without a private key is a configuration error at startup (and with
 * {@code --check}), not a TLS failure on the first connection. Messages never show a password.
 */
final class KeystoreCheck {
    private static final String TYPE = "PKCS12";
    private static final String HOW_TO_MAKE_ONE =
            "keytool -genkeypair -storetype PKCS12 -keystore FILE -alias hbpush -keyalg EC -dname CN=HOST makes one";

    private final ConfigurationProblems problems;

    KeystoreCheck(ConfigurationProblems problems) {
        this.problems = requireNonNull(problems, "problems is null");
    }

    /** @param path the key path of the {@code tls:} section ({@code listen[1].tls}) */
    void check(TlsConfiguration tls, String path) {
        requireNonNull(tls, "tls is null");
        requireNonNull(path, "path is null");
        String keystorePath = path + "." + ListenersBinder.KEYSTORE;
        if (Files.isDirectory(tls.keystore())) {
            problems.add(keystorePath, "cannot read " + tls.keystore() + ": it is a directory");
            return;
        }
        KeyStore keystore;
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            keystore = KeyStore.getInstance(TYPE);
            keystore.load(in, tls.password().toCharArray());
        }
        catch (NoSuchFileException e) {
            problems.add(keystorePath, "cannot read " + tls.keystore() + ": it does not exist");
            return;
        }
        catch (AccessDeniedException e) {
            problems.add(keystorePath, "cannot read " + tls.keystore() + ": permission denied");
            return;
        }
        catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                problems.add(path + "." + ListenersBinder.PASSWORD, "does not open the keystore " + tls.keystore() + " (wrong password)");
            }
            else {
                problems.add(keystorePath, "cannot read " + tls.keystore() + " as a PKCS#12 keystore: " + e.getMessage());
            }
            return;
        }
        catch (GeneralSecurityException e) {
            problems.add(keystorePath, "cannot read " + tls.keystore() + " as a PKCS#12 keystore: " + e.getMessage());
            return;
        }
        checkPrivateKey(keystore, tls, path, keystorePath);
    }

    private void checkPrivateKey(KeyStore keystore, TlsConfiguration tls, String path, String keystorePath) {
        Optional<String> alias;
        try {
            alias = Collections.list(keystore.aliases()).stream().filter(name -> isKeyEntry(keystore, name)).findFirst();
        }
        catch (GeneralSecurityException e) {
            problems.add(keystorePath, "cannot list the entries of " + tls.keystore() + ": " + e.getMessage());
            return;
        }
        if (alias.isEmpty()) {
            problems.add(keystorePath, tls.keystore() + " holds no private key with its certificate (" + HOW_TO_MAKE_ONE + ")");
            return;
        }
        try {
            keystore.getKey(alias.get(), tls.effectiveKeyPassword().toCharArray());
        }
        catch (UnrecoverableKeyException e) {
            String key = tls.keyPassword().isPresent() ? ListenersBinder.KEY_PASSWORD : ListenersBinder.PASSWORD;
            problems.add(path + "." + key, "does not unlock the private key " + Wording.quote(alias.get()) + " of " + tls.keystore()
                    + (tls.keyPassword().isPresent() ? "" : " (give its own password as key_password)"));
        }
        catch (GeneralSecurityException e) {
            problems.add(keystorePath, "cannot read the private key " + Wording.quote(alias.get()) + " of " + tls.keystore() + ": " + e.getMessage());
        }
    }

    private static boolean isKeyEntry(KeyStore keystore, String alias) {
        try {
            return keystore.isKeyEntry(alias);
        }
        catch (GeneralSecurityException e) {
            return false;
        }
    }
}
