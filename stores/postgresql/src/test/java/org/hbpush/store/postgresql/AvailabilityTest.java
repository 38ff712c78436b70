package org.hbpush.store.postgresql;

import java.util.concurrent.atomic.AtomicLong;

import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Availability availability = new Availability(250, now::get);

    @Test
    void whileDownCallsFailAtOnceExceptOneProbePerInterval() {
        assertThat(availability.refusal()).as("up: every call tries").isEmpty();
        long admittedWhileUp = availability.outages();
        availability.connectionFailed(new StoreUnavailableException("db is unreachable: refused"));

        assertThat(availability.refusal()).as("down: fail fast").hasValueSatisfying(refusal -> assertThat(refusal).hasMessage("db is unreachable: refused"));
        assertThat(availability.refusalSince(admittedWhileUp)).as("a call queued before the outage fails fast too").isPresent();
        now.addAndGet(250);
        long probeAdmission = availability.outages();
        assertThat(availability.refusal()).as("the probe goes through").isEmpty();
        assertThat(availability.refusalSince(probeAdmission)).as("the probe is not refused when it runs").isEmpty();
        assertThat(availability.refusal()).as("one probe per interval").isPresent();

        availability.succeeded();
        assertThat(availability.refusal()).as("up again: every call tries").isEmpty();
        assertThat(availability.isDown()).isFalse();
    }
}
