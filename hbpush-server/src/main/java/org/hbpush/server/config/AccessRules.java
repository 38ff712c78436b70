package org.hbpush.server.config;

import java.net.InetAddress;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A location's {@code allow} and {@code deny} lists: an address in a denied range is refused
 * (deny wins); otherwise, when {@code allow} lists ranges, only addresses in one of them are let in.
 *
 * <pre>
 * allow: [10.0.0.0/8, "::1"]   # only these (default: every address)
 * deny: [10.9.0.0/16]          # never these, even when allowed (default: none)
 * </pre>
 */
public record AccessRules(List<AddressRange> allow, List<AddressRange> deny) {
    /** Every address is let in. */
    public static final AccessRules ANYONE = new AccessRules(List.of(), List.of());

    public AccessRules {
        allow = List.copyOf(requireNonNull(allow, "allow is null"));
        deny = List.copyOf(requireNonNull(deny, "deny is null"));
    }

    public boolean permits(InetAddress address) {
        requireNonNull(address, "address is null");
        for (AddressRange range : deny) {
            if (range.contains(address)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (AddressRange range : allow) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this lets every address in, so the check can be skipped. */
    public boolean isOpen() {
        return allow.isEmpty() && deny.isEmpty();
    }
}
