package io.agentsafety.local;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost made for one test run with the JDK's keytool (so no private
 * key lives in the repository): the key and certificate as PEM files for redis-server's {@code tls-key-file} and
 * {@code tls-cert-file}, and a PKCS#12 trust store holding only the certificate, which a client JVM is given with
 * {@code -Djavax.net.ssl.trustStore} (configuration: the client still verifies the peer and its host name).
 */
record SelfSignedTls(Path certificate, Path key, Path trustStore, String trustStorePassword) {

    static SelfSignedTls create(Path dir) throws Exception {
        String password = "test-only-" + Long.toHexString(System.nanoTime());
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
            "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password))
            .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            server.load(in, password.toCharArray());
        }
        PrivateKey privateKey = (PrivateKey) server.getKey("redis", password.toCharArray());
        Certificate certificate = server.getCertificate("redis");
        Path key = Files.writeString(dir.resolve("redis.key"), pem("PRIVATE KEY", privateKey.getEncoded()));
        Path cert = Files.writeString(dir.resolve("redis.crt"), pem("CERTIFICATE", certificate.getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("redis", certificate);
        Path trustStore = dir.resolve("truststore.p12");
        try (var out = Files.newOutputStream(trustStore)) {
            trust.store(out, password.toCharArray());
        }
        return new SelfSignedTls(cert, key, trustStore, password);
    }

    /** The JVM options that make a client trust this certificate (and only it). */
    String clientJvmOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStoreType=PKCS12"
            + " -Djavax.net.ssl.trustStorePassword=" + trustStorePassword;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }
}
