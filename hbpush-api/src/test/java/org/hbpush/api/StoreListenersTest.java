package org.hbpush.api;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreListenersTest {
    private final List<String> failures = new ArrayList<>();
    private final StoreListeners listeners = new StoreListeners((listener, event, failure) -> failures.add(event + ": " + failure.getMessage()));
    private final ChannelId channel = ChannelId.of("news");

    @Test
    void aListenerThatThrowsIsReportedAndTheOthersStillHear() {
        List<String> heard = new ArrayList<>();
        listeners.add(new StoreListener() {
            @Override
            public void messagePosted(ChannelId channel, PostedMessage posted) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void channelDeleted(ChannelId channel) {
            }
        });
        listeners.add(recording(heard));

        listeners.channelDeleted(channel);
        listeners.messagePosted(channel, new PostedMessage(new MessageId(1, 0), MessageId.BEFORE_ALL, java.util.Optional.empty(), true));
        listeners.channelClaimed(channel, "claimant");
        listeners.eventsMayHaveBeenMissed();

        assertThat(heard).containsExactly("deleted news", "posted 1:0", "claimed by claimant", "missed");
        assertThat(failures).containsExactly("message 1:0 of channel news: broken");
    }

    @Test
    void closingARegistrationStopsItsEventsOnceEvenIfClosedTwice() {
        List<String> heard = new ArrayList<>();
        StoreListener listener = recording(heard);
        Registration first = listeners.add(listener);
        listeners.add(listener);
        first.close();
        first.close();
        listeners.channelDeleted(channel);
        assertThat(heard).as("the second registration still hears").containsExactly("deleted news");
        listeners.clear();
        listeners.channelDeleted(channel);
        assertThat(heard).hasSize(1);
    }

    private static StoreListener recording(List<String> heard) {
        return new StoreListener() {
            @Override
            public void messagePosted(ChannelId channel, PostedMessage posted) {
                heard.add("posted " + posted.id());
            }

            @Override
            public void channelDeleted(ChannelId channel) {
                heard.add("deleted " + channel);
            }

            @Override
            public void channelClaimed(ChannelId channel, String claimant) {
                heard.add("claimed by " + claimant);
            }

            @Override
            public void eventsMayHaveBeenMissed() {
                heard.add("missed");
            }
        };
    }
}
