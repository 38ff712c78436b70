package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The bodies the tool posts, the validators it reads back, and how chain spreads its messages. */
class WireFormatsTest {
    @Test
    void aSequenceBodyHasTheAskedSizeAndReadsBack() {
        byte[] body = new SequenceBody(7, 3, 12345).toBytes(64);

        assertThat(body).hasSize(64);
        assertThat(SequenceBody.parse(new String(body, ISO_8859_1))).contains(new SequenceBody(7, 3, 12345));
        assertThat(SequenceBody.parse("Hello world!")).isEmpty();
    }

    @Test
    void validatorsNameAMessageIdWhateverTheEtagQuoting() {
        String date = "Fri, 27 Nov 2026 02:49:58 GMT";

        assertThat(new Validators(date, "3").messageId()).contains(new MessageId(1795747798, 3));
        assertThat(new Validators(date, "\"3\"").messageId()).contains(new MessageId(1795747798, 3));
        assertThat(new Validators(date, "W/\"3\"").messageId()).contains(new MessageId(1795747798, 3));
        assertThat(new Validators("yesterday", "3").messageId()).isEqualTo(Optional.empty());
    }

    @Test
    void chainSpreadsEachPublishersMessagesOverTheChannels() {
        // publisher 1 posts 7 messages over 3 channels: j = 0..6 to channel (1 + j) mod 3
        assertThat(ChainScenario.messagesTo(1, 1, 7, 3)).isEqualTo(3); // j = 0, 3, 6
        assertThat(ChainScenario.messagesTo(2, 1, 7, 3)).isEqualTo(2); // j = 1, 4
        assertThat(ChainScenario.messagesTo(0, 1, 7, 3)).isEqualTo(2); // j = 2, 5
        assertThat(ChainScenario.messagesTo(0, 0, 0, 3)).isZero();
    }
}
