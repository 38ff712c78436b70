/**
 * Test support shared by hbpush's modules: backend servers (Redis, PostgreSQL) that a test starts
 * privately, on a free loopback port with its data in a temporary directory, and can stop and
 * start again to test recovery. Nothing here touches a server the user runs.
 */
package org.hbpush.testing;
