package org.hbpush.bench;

/** A command line hbpush-bench cannot run: the message says which argument and why. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
