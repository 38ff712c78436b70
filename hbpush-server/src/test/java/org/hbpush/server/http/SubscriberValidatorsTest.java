package org.hbpush.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.hbpush.api.MessageId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriberValidatorsTest {
    private static final long JUNE_7_2010 = 1275927710L;

    @Test
    void noHeadersAskForTheOldestMessage() throws BadRequestException {
        assertThat(SubscriberValidators.lastMessageId(HttpFields.build())).isEqualTo(MessageId.BEFORE_ALL);
    }

    @Test
    void theTagIsAcceptedBareQuotedAndWeak() throws BadRequestException {
        for (String tag : new String[] {"3", "\"3\"", "W/\"3\"", " 3 "}) {
            HttpFields headers = HttpFields.build()
                    .put("If-Modified-Since", "Mon, 07 Jun 2010 16:21:50 GMT")
                    .put("If-None-Match", tag);
            assertThat(SubscriberValidators.lastMessageId(headers)).as(tag).isEqualTo(new MessageId(JUNE_7_2010, 3));
        }
    }

    @Test
    void theObsoleteDateFormsAreAccepted() throws BadRequestException {
        for (String date : new String[] {"Monday, 07-Jun-10 16:21:50 GMT", "Mon Jun  7 16:21:50 2010"}) {
            HttpFields headers = HttpFields.build().put("If-Modified-Since", date);
            assertThat(SubscriberValidators.lastMessageId(headers)).as(date).isEqualTo(new MessageId(JUNE_7_2010, -1));
        }
    }

    @Test
    void unparsableValuesAreBadRequests() {
        assertThatThrownBy(() -> SubscriberValidators.lastMessageId(HttpFields.build().put("If-None-Match", "abcd")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("If-None-Match \"abcd\" is not a message tag (a whole number, -1 or more)");
        assertThatThrownBy(() -> SubscriberValidators.lastMessageId(HttpFields.build().put("If-None-Match", "-2")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> SubscriberValidators.lastMessageId(HttpFields.build().put("If-Modified-Since", "abcd")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("If-Modified-Since \"abcd\" is not an HTTP date");
    }

    @Test
    void datesAreWrittenInTheImfFixdateForm() {
        assertThat(HttpDates.format(JUNE_7_2010)).isEqualTo("Mon, 07 Jun 2010 16:21:50 GMT");
    }

    @Test
    void aDateReadTwiceOrAfterAnotherReadsTheSame() {
        // The parser keeps the last date it read: the cache must never answer for another text.
        assertThat(HttpDates.parseEpochSeconds("Mon, 07 Jun 2010 16:21:50 GMT")).contains(JUNE_7_2010);
        assertThat(HttpDates.parseEpochSeconds("Mon, 07 Jun 2010 16:21:50 GMT")).contains(JUNE_7_2010);
        assertThat(HttpDates.parseEpochSeconds("Mon, 07 Jun 2010 16:21:51 GMT")).contains(JUNE_7_2010 + 1);
        assertThat(HttpDates.parseEpochSeconds("not a date")).isEmpty();
        assertThat(HttpDates.parseEpochSeconds("Mon, 07 Jun 2010 16:21:51 GMT")).contains(JUNE_7_2010 + 1);
        assertThat(HttpDates.parseEpochSeconds("Mon, 07 Jun 2010 16:21:50 GMT")).contains(JUNE_7_2010);
    }
}
