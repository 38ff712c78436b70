package org.hbpush.bench;

import java.util.List;

/** Sums the ledgers of a run's subscribers into the result line's lost/duplicated/reordered fields. */
final class Verdicts {
    private final long lost;
    private final long duplicated;
    private final long reordered;

    private Verdicts(long lost, long duplicated, long reordered) {
        this.lost = lost;
        this.duplicated = duplicated;
        this.reordered = reordered;
    }

    static Verdicts of(List<FollowingSubscriber> subscribers) {
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        for (FollowingSubscriber subscriber : subscribers) {
            lost += subscriber.ledger().lost();
            duplicated += subscriber.ledger().duplicated();
            reordered += subscriber.ledger().reordered();
        }
        return new Verdicts(lost, duplicated, reordered);
    }

    boolean clean() {
        return lost == 0 && duplicated == 0 && reordered == 0;
    }

    void addTo(ResultLine line) {
        line.add("lost", lost).add("duplicated", duplicated).add("reordered", reordered);
    }
}
