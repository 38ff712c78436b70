package org.hbpush.server;

/**
 * The HTTP/1 wire contract ({@link Http1WireTest}) with {@code http1_connection: jetty}: Jetty's own
 * HttpConnection for every request on plain listeners, the fallback to the lean connection that
 * {@link Http1WireTest} runs on by default.
 */
class JettyHttp1WireTest extends Http1WireTest {
    @Override
    String rootKeys() {
        return "http1_connection: jetty\n";
    }
}
