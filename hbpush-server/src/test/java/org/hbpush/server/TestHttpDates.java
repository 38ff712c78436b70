package org.hbpush.server;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

final class TestHttpDates {
    private TestHttpDates() {
    }

    static long epochSeconds(String httpDate) {
        return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    }
}
