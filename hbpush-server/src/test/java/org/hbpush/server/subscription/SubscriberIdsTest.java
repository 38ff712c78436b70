package org.hbpush.server.subscription;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberIdsTest {
    @Test
    void idsAreFifteenDigitsOfMillisecondsThenSixteenHexDigits() {
        long before = System.currentTimeMillis();
        String id = SubscriberIds.next();
        long after = System.currentTimeMillis();

        assertThat(id).matches("\\d{15}-[0-9a-f]{16}");
        assertThat(Long.parseLong(id.substring(0, 15))).isBetween(before, after);
    }

    @Test
    void laterIdsCompareGreaterAsTextAndNoTwoAreEqual() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(SubscriberIds.next());
            Thread.sleep(2);
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(SubscriberIds.next()).isNotEqualTo(SubscriberIds.next());
    }

    @Test
    void anIdWrittenOutLaterIsTheOneOfWhenItsPartsWereTaken() {
        long heldAt = System.currentTimeMillis();

        String id = SubscriberIds.of(heldAt, 0xabcL);

        assertThat(id).isEqualTo("%015d-0000000000000abc".formatted(heldAt));
        assertThat(SubscriberIds.of(heldAt, -1L)).isEqualTo("%015d-ffffffffffffffff".formatted(heldAt));
        assertThat(id).isLessThan(SubscriberIds.of(heldAt + 1, 0L));
    }
}
