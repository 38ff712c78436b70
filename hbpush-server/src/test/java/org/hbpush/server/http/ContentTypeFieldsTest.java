package org.hbpush.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypeFieldsTest {
    private final ContentTypeFields fields = new ContentTypeFields();

    @Test
    @DisplayName("the answers of one message share one Content-Type field, its value as the publisher sent it")
    void shared() {
        String type = "application/json; charset=utf-8";

        assertThat(fields.of(new String(type))).isSameAs(fields.of(new String(type)));
        assertThat(fields.of(type).getHeader()).isEqualTo(HttpHeader.CONTENT_TYPE);
        assertThat(fields.of(type).getValue()).isEqualTo(type);
    }

    @Test
    @DisplayName("many types in turn, sharing slots: each gets a field of its own value")
    void manyTypes() {
        for (int round = 0; round < 3; round++) {
            for (int index = 0; index < 100; index++) {
                assertThat(fields.of("text/x-" + index).getValue()).isEqualTo("text/x-" + index);
            }
        }
    }
}
