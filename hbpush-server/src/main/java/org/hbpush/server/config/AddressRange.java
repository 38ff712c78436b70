package org.hbpush.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A CIDR range of IPv4 or IPv6 addresses ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare
 * address is the range of that one address. Bits past the prefix length are ignored, as nginx does.
 *
 * <pre>{@code
 * AddressRange internal = AddressRange.parse("10.0.0.0/8").orElseThrow();
 * internal.contains(InetAddress.getByName("10.1.2.3"));   // true
 * }</pre>
 *
 * @param network      the range's first address, as bytes (4 or 16)
 * @param prefixLength how many leading bits an address must share with it
 * @param text         the range as written, for messages
 */
public record AddressRange(byte[] network, int prefixLength, String text) {
    public AddressRange {
        requireNonNull(network, "network is null");
        requireNonNull(text, "text is null");
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    /** The range written as {@code address} or {@code address/length}; empty when it is not one. */
    public static Optional<AddressRange> parse(String text) {
        requireNonNull(text, "text is null");
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2 || !isLiteral(parts[0])) {
            return Optional.empty();
        }
        byte[] address;
        try {
            // a literal never causes a DNS lookup
            address = InetAddress.getByName(parts[0]).getAddress();
        }
        catch (UnknownHostException e) {
            return Optional.empty();
        }
        int length = address.length * 8;
        if (parts.length == 2) {
            if (!parts[1].matches("[0-9]{1,3}") || Integer.parseInt(parts[1]) > length) {
                return Optional.empty();
            }
            length = Integer.parseInt(parts[1]);
        }
        return Optional.of(new AddressRange(address, length, text.trim()));
    }

    /** Whether the address is in the range; an IPv4 address is never in an IPv6 range and the other way round. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int index = 0; index < whole; index++) {
            if (candidate[index] != network[index]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefixLength == prefixLength
                && java.util.Arrays.equals(range.network, network) && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isLiteral(String address) {
        return address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (address.contains(":") && address.matches("[0-9A-Fa-f:.]+"));
    }
}
