package org.hbpush.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRangeTest {
    @Test
    void ipv4RangesMatchTheirPrefix() throws UnknownHostException {
        AddressRange range = AddressRange.parse("10.1.0.0/15").orElseThrow();

        assertThat(range.contains(InetAddress.getByName("10.0.255.255"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("10.2.0.0"))).isFalse();
        assertThat(range.contains(InetAddress.getByName("::ffff:10.0.0.1"))).as("an IPv4-mapped address is IPv4").isTrue();
        assertThat(range.contains(InetAddress.getByName("::1"))).isFalse();
    }

    @Test
    void ipv6RangesAndSingleAddresses() throws UnknownHostException {
        assertThat(AddressRange.parse("2001:db8::/32").orElseThrow().contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(AddressRange.parse("2001:db8::/32").orElseThrow().contains(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(AddressRange.parse("::1").orElseThrow().contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(AddressRange.parse("0.0.0.0/0").orElseThrow().contains(InetAddress.getByName("192.0.2.1"))).isTrue();
    }

    @Test
    void namesAndBadLengthsAreNotRanges() {
        for (String text : List.of("localhost", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/", "1.2.3.4/8/9", "")) {
            assertThat(AddressRange.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void denyWinsOverAllow() throws UnknownHostException {
        AccessRules rules = new AccessRules(List.of(AddressRange.parse("10.0.0.0/8").orElseThrow()),
                List.of(AddressRange.parse("10.9.0.0/16").orElseThrow()));

        assertThat(rules.permits(InetAddress.getByName("10.1.1.1"))).isTrue();
        assertThat(rules.permits(InetAddress.getByName("10.9.1.1"))).isFalse();
        assertThat(rules.permits(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(AccessRules.ANYONE.permits(InetAddress.getByName("192.0.2.1"))).isTrue();
    }
}
