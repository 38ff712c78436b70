package org.hbpush.server;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may use a location: allow / deny address ranges (403) and a publisher's bearer token or JWT (401). */
class AccessTest {
    private static final String TOKEN = "s3cret-publisher-token";
    private static final String JWT_SECRET = "a-jwt-secret-of-at-least-32-bytes-long";

    @Nested
    @DisplayName("allow and deny")
    class AddressLists {
        @Test
        @DisplayName("an allowed address is served; deny wins over allow; an address outside allow is 403 naming it")
        void allowAndDeny() {
            try (RunningServer server = RunningServer.withYaml("""
                    store:
                      type: memory
                    locations:
                      - type: publisher
                        prefix: /open/
                        allow: [127.0.0.1, "::1"]
                      - type: publisher
                        prefix: /denied/
                        allow: 127.0.0.0/8
                        deny: [127.0.0.0/24]
                      - type: publisher
                        prefix: /internal/
                        allow: [10.0.0.0/8, "fd00::/8"]
                      - type: stats
                        prefix: /stats
                        deny: 0.0.0.0/0
                    """)) {
                TestHttp http = server.http();
                assertThat(http.post("/open/a", "text/plain", "m").statusCode()).isEqualTo(202);

                HttpResponse<String> denied = http.post("/denied/a", "text/plain", "m");
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(denied.body()).isEqualTo("address 127.0.0.1 is not allowed to use this location\n");

                assertThat(http.get("/internal/a").statusCode()).isEqualTo(403);
                assertThat(http.get("/stats").statusCode()).as("any location type").isEqualTo(403);
            }
        }
    }

    @Nested
    @DisplayName("a shared bearer token")
    class SharedToken {
        @Test
        @DisplayName("the token from the environment lets in; none or another is 401 with a Bearer challenge")
        void token() {
            try (RunningServer server = RunningServer.withYaml("""
                    store:
                      type: memory
                    locations:
                      - type: publisher
                        prefix: /pub/
                        auth:
                          token: ${HBPUSH_PUBLISH_TOKEN}
                      - type: subscriber
                        prefix: /sub/
                        polling: interval
                    """, Map.of("HBPUSH_PUBLISH_TOKEN", TOKEN))) {
                TestHttp http = server.http();

                HttpResponse<String> none = http.sendWithHeaders("PUT", "/pub/a");
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"hbpush\"");
                assertThat(none.body()).isEqualTo("this location needs Authorization: Bearer <credential>\n");

                HttpResponse<String> wrong = http.sendWithHeaders("PUT", "/pub/a", "Authorization", "Bearer " + TOKEN + "x");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.body()).isEqualTo("the bearer token is not this location's token\n").doesNotContain(TOKEN);

                HttpResponse<String> basic = http.sendWithHeaders("PUT", "/pub/a", "Authorization", "Basic " + TOKEN);
                assertThat(basic.statusCode()).isEqualTo(401);

                assertThat(http.sendWithHeaders("PUT", "/pub/a", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
                assertThat(http.get("/sub/a").statusCode()).as("subscribers need no token").isEqualTo(304);
            }
        }
    }

    @Nested
    @DisplayName("an HS256 JWT")
    class Jwt {
        @Test
        @DisplayName("a valid token lets in; a bad signature, another algorithm, exp passed or nbf to come is 401")
        void jwt() {
            try (RunningServer server = RunningServer.withYaml("""
                    store:
                      type: memory
                    locations:
                      - type: publisher
                        prefix: /pub/
                        auth:
                          jwt_secret: ${HBPUSH_JWT_SECRET}
                    """, Map.of("HBPUSH_JWT_SECRET", JWT_SECRET))) {
                TestHttp http = server.http();
                long now = Instant.now().getEpochSecond();

                assertThat(put(http, jwt("HS256", "{\"sub\":\"app\",\"exp\":" + (now + 60) + "}", JWT_SECRET)).statusCode()).isEqualTo(200);
                assertThat(put(http, jwt("HS256", "{\"sub\":\"app\"}", JWT_SECRET)).statusCode()).as("exp is optional").isEqualTo(200);

                assertRefused(put(http, jwt("HS256", "{\"sub\":\"app\"}", JWT_SECRET + "!")),
                        "the JWT's signature does not match this location's jwt_secret");
                assertRefused(put(http, jwt("HS384", "{\"sub\":\"app\"}", JWT_SECRET)), "the JWT must be signed with HS256");
                String unsigned = base64("{\"alg\":\"none\"}") + "." + base64("{\"sub\":\"app\"}") + ".";
                assertRefused(put(http, unsigned), "the JWT must be signed with HS256");
                assertRefused(put(http, jwt("HS256", "{\"exp\":" + (now - 10) + "}", JWT_SECRET)),
                        "the JWT expired at " + Instant.ofEpochSecond(now - 10));
                assertRefused(put(http, jwt("HS256", "{\"nbf\":" + (now + 600) + "}", JWT_SECRET)),
                        "the JWT is not valid before " + Instant.ofEpochSecond(now + 600));
                assertRefused(put(http, "not-a-jwt"), "the bearer token is not a JWT (three base64url parts separated by dots)");
            }
        }

        private HttpResponse<String> put(TestHttp http, String token) {
            return http.sendWithHeaders("PUT", "/pub/a", "Authorization", "Bearer " + token);
        }

        private void assertRefused(HttpResponse<String> answer, String reason) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"hbpush\"");
            assertThat(answer.body()).isEqualTo(reason + "\n");
        }

        private String jwt(String algorithm, String claims, String secret) {
            String signingInput = base64("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}") + "." + base64(claims);
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            }
            catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private String base64(String json) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
