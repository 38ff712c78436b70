package org.hbpush.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.hbpush.api.MessageId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorFieldsTest {
    private static final long JUNE_7_2010 = 1275927710L;

    private final ValidatorFields validators = new ValidatorFields();

    @Test
    @DisplayName("the Etag is the message's tag, Last-Modified its time")
    void fieldsOfAMessage() {
        ValidatorFields.Fields fields = validators.of(new MessageId(JUNE_7_2010, 3));

        assertThat(fields.etag().getHeader()).isEqualTo(HttpHeader.ETAG);
        assertThat(fields.etag().getValue()).isEqualTo("3");
        assertThat(fields.lastModified().getHeader()).isEqualTo(HttpHeader.LAST_MODIFIED);
        assertThat(fields.lastModified().getValue()).isEqualTo("Mon, 07 Jun 2010 16:21:50 GMT");
    }

    @Test
    @DisplayName("a message delivered again gets the fields built the first time")
    void builtOncePerMessage() {
        ValidatorFields.Fields first = validators.of(new MessageId(JUNE_7_2010, 0));

        assertThat(validators.of(new MessageId(JUNE_7_2010, 0))).isSameAs(first);
    }

    @Test
    @DisplayName("ids that share a slot, and ids taking turns, each get their own fields")
    void everyIdGetsItsOwnFields() {
        MessageId first = new MessageId(JUNE_7_2010, 0);
        MessageId sharingItsSlot = idSharingTheSlotOf(first);

        for (int turn = 0; turn < 3; turn++) {
            for (MessageId id : new MessageId[] {first, sharingItsSlot, new MessageId(JUNE_7_2010 + 1, 0), new MessageId(JUNE_7_2010, 1)}) {
                ValidatorFields.Fields fields = validators.of(id);
                assertThat(fields.id()).isEqualTo(id);
                assertThat(fields.etag().getValue()).as("Etag of %s", id).isEqualTo(Long.toString(id.tag()));
                assertThat(fields.lastModified().getValue()).as("Last-Modified of %s", id).isEqualTo(HttpDates.format(id.time()));
            }
        }
    }

    private static MessageId idSharingTheSlotOf(MessageId id) {
        for (long tag = id.tag() + 1; ; tag++) {
            MessageId other = new MessageId(id.time() + 7, tag);
            if ((other.hashCode() & 15) == (id.hashCode() & 15)) {
                return other;
            }
        }
    }
}
