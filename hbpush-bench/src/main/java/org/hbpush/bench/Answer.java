package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the tool keeps of one HTTP answer: the status, the validators a subscriber sends back, the
 * gap mark and the body as ISO-8859-1 text (every body the tool posts is ASCII).
 *
 * @param status the HTTP status code
 * @param validators {@code Last-Modified} and {@code Etag}, when the answer carries both
 * @param gap whether the server marked a gap ({@code X-Hbpush-Gap: true}): messages were missed
 * @param closes whether the server closes the connection after this answer ({@code Connection: close})
 * @param body the body
 */
record Answer(int status, Optional<Validators> validators, boolean gap, boolean closes, String body) {
    Answer {
        requireNonNull(validators, "validators is null");
        requireNonNull(body, "body is null");
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
