package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every scenario shares during one run: the options, the client, the outcome counters, the
 * channel names and the deadline after which the run gives up.
 */
final class BenchRun {
    // hbpushd and Nchan both answer a publisher GET with this line among the channel information
    private static final Pattern ACTIVE_SUBSCRIBERS = Pattern.compile("active subscribers: (\\d+)");
    private static final long POLL_MILLIS = 50;
    private static final long STABLE_MILLIS = 2000;

    private final BenchOptions options;
    private final BenchClient client;
    private final Outcomes outcomes;
    private final PrintStream err;
    private final String runTag;
    private final long deadlineNanos;

    BenchRun(BenchOptions options, BenchClient client, Outcomes outcomes, PrintStream err) {
        this.options = requireNonNull(options, "options is null");
        this.client = requireNonNull(client, "client is null");
        this.outcomes = requireNonNull(outcomes, "outcomes is null");
        this.err = requireNonNull(err, "err is null");
        // fresh channels on every run: a server keeps the messages of earlier runs
        this.runTag = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    }

    BenchOptions options() {
        return options;
    }

    BenchClient client() {
        return client;
    }

    Outcomes outcomes() {
        return outcomes;
    }

    PrintStream err() {
        return err;
    }

    String publisherPath(int channel) {
        return options.publisherPrefix() + runTag + "-" + channel;
    }

    String subscriberPath(int channel) {
        return options.subscriberPrefix() + runTag + "-" + channel;
    }

    boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Creates the run's {@code channels} with PUT, unless told not to (Nchan creates them on first use). */
    void createChannels(int channels) throws BenchException {
        if (!options.createChannels()) {
            return;
        }
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int channel = 0; channel < channels; channel++) {
            answers.add(client.send(client.put(publisherPath(channel))));
        }
        for (int channel = 0; channel < channels; channel++) {
            Answer answer = await(answers.get(channel), "PUT " + publisherPath(channel));
            if (!answer.isSuccess()) {
                outcomes.unexpected("PUT " + publisherPath(channel), answer);
                throw new BenchException("could not create channel " + publisherPath(channel) + ": " + answer.status());
            }
        }
    }

    /**
     * Waits until the server's channel information counts at least {@code expected} waiting
     * subscribers over the run's first {@code channels} channels: only then are long polls known to
     * be held, not still on their way. Nchan with several workers counts fewer than it holds (its
     * workers share counts lazily, and the sum over channels flickers), so when the highest count
     * seen has not grown for {@link #STABLE_MILLIS} the tool goes on, with a warning. Going on early
     * loses nothing: a subscriber that arrives after a message was posted gets it from the store.
     */
    void awaitWaitingSubscribers(int channels, long expected) throws BenchException {
        long highest = -1;
        long highestSince = System.nanoTime();
        while (!pastDeadline()) {
            if (outcomes.unexpected() + outcomes.failed() > 0) {
                // a subscriber that got an error is not waiting and never will
                throw new BenchException("subscribers were refused before they were all held");
            }
            long count = waitingSubscribers(channels);
            if (count >= expected) {
                return;
            }
            if (count > highest) {
                highest = count;
                highestSince = System.nanoTime();
            }
            else if (highest > 0 && System.nanoTime() - highestSince > TimeUnit.MILLISECONDS.toNanos(STABLE_MILLIS)) {
                err.println("hbpush-bench: the server counts at most " + highest + " waiting subscribers of " + expected
                        + ", no more for " + STABLE_MILLIS + " ms; going on");
                return;
            }
            sleep(POLL_MILLIS);
        }
        throw new BenchException("the server counted at most " + highest + " waiting subscribers, not " + expected + ", before --timeout");
    }

    private long waitingSubscribers(int channels) throws BenchException {
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int channel = 0; channel < channels; channel++) {
            answers.add(client.send(client.channelInfo(publisherPath(channel))));
        }
        long total = 0;
        for (int channel = 0; channel < channels; channel++) {
            Answer answer = await(answers.get(channel), "GET " + publisherPath(channel));
            Matcher matcher = ACTIVE_SUBSCRIBERS.matcher(answer.body());
            // 404: nobody has reached this channel yet (Nchan creates it with its first subscriber)
            if (answer.isSuccess() && matcher.find()) {
                total += Long.parseLong(matcher.group(1));
            }
            else if (answer.status() != 404) {
                outcomes.unexpected("GET " + publisherPath(channel), answer);
                throw new BenchException("could not read the channel information of " + publisherPath(channel));
            }
        }
        return total;
    }

    /** The value of {@code future}, waiting at most until the deadline. */
    <T> T await(CompletableFuture<T> future, String what) throws BenchException {
        try {
            return future.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            throw new BenchException(what + ": no answer before --timeout");
        }
        catch (ExecutionException e) {
            throw new BenchException(what + ": " + e.getCause(), e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException(what + ": interrupted", e);
        }
    }

    /** Waits for {@code future} until the deadline; false when the deadline came first. */
    boolean awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (TimeoutException | ExecutionException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) throws BenchException {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
