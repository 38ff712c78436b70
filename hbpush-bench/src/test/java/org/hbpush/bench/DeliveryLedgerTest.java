package org.hbpush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {
    @Test
    void aCleanWalkIsCompleteWithNothingLostDuplicatedOrReordered() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {3});
        for (int sequence = 0; sequence < 3; sequence++) {
            assertThat(ledger.record(new SequenceBody(0, 0, sequence), Optional.of(new MessageId(100, sequence))))
                    .isEqualTo(DeliveryLedger.Delivery.NEW);
        }
        assertThat(ledger.isComplete()).isTrue();
        assertThat(ledger.lost()).isZero();
        assertThat(ledger.duplicated()).isZero();
        assertThat(ledger.reordered()).isZero();
    }

    @Test
    void missingRepeatedAndLateMessagesAreEachCounted() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {5});
        ledger.record(new SequenceBody(0, 0, 0), Optional.empty());
        ledger.record(new SequenceBody(0, 0, 2), Optional.empty());
        assertThat(ledger.record(new SequenceBody(0, 0, 2), Optional.empty())).isEqualTo(DeliveryLedger.Delivery.DUPLICATE);
        ledger.record(new SequenceBody(0, 0, 1), Optional.empty());

        assertThat(ledger.duplicated()).isEqualTo(1);
        assertThat(ledger.reordered()).as("1 came after 2").isEqualTo(1);
        assertThat(ledger.lost()).as("3 and 4 never came").isEqualTo(2);
        assertThat(ledger.isComplete()).isFalse();
    }

    @Test
    void idsThatDoNotIncreaseAreReorderingEvenWhenTheBodiesAreInOrder() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {2});
        ledger.record(new SequenceBody(0, 0, 0), Optional.of(new MessageId(100, 1)));
        ledger.record(new SequenceBody(0, 0, 1), Optional.of(new MessageId(100, 1)));

        assertThat(ledger.reordered()).isEqualTo(1);
    }

    @Test
    void eachPublisherHasItsOwnOrder() {
        DeliveryLedger ledger = new DeliveryLedger(new int[] {2, 2});
        ledger.record(new SequenceBody(0, 1, 0), Optional.empty());
        ledger.record(new SequenceBody(0, 0, 0), Optional.empty());
        ledger.record(new SequenceBody(0, 0, 1), Optional.empty());
        ledger.record(new SequenceBody(0, 1, 1), Optional.empty());

        assertThat(ledger.reordered()).isZero();
        assertThat(ledger.isComplete()).isTrue();
        assertThat(ledger.record(new SequenceBody(0, 2, 0), Optional.empty())).isEqualTo(DeliveryLedger.Delivery.FOREIGN);
    }
}
