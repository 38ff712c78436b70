package org.hbpush.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PKCS#12 keystore with a self-signed certificate for 127.0.0.1 and localhost, made by the JDK's
 * own keytool, and the TLS context of a client that trusts that certificate and nothing else.
 */
final class SelfSignedKeystore {
    static final String PASSWORD = "keystore-secret";
    static final String ALIAS = "hbpush";

    private final Path file;

    private SelfSignedKeystore(Path file) {
        this.file = file;
    }

    /** Makes {@code hbpush.p12} in {@code directory}, protected by {@link #PASSWORD}. */
    static SelfSignedKeystore create(Path directory) throws IOException, InterruptedException {
        Path file = directory.resolve("hbpush.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finishes").isTrue();
        assertThat(process.exitValue()).as("keytool succeeds: %s", output).isZero();
        return new SelfSignedKeystore(file);
    }

    Path file() {
        return file;
    }

    /** A client context that trusts this keystore's certificate only. */
    SSLContext clientContext() throws IOException, GeneralSecurityException {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keystore.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, keystore.getCertificate(ALIAS));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
