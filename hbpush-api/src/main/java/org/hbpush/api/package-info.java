/**
 * The hbpush store SPI: what a store plugin implements and compiles against.
 *
 * <p>A plugin is a directory of jars under the server's {@code plugins/} directory. One of the
 * jars names a {@link org.hbpush.api.StoreProvider} in
 * {@code META-INF/services/org.hbpush.api.StoreProvider}. The server gives each plugin its own
 * class loader, which sees only this package, {@code org.slf4j} and the JDK from the server: the
 * plugin bundles every other library it uses, at any version.
 *
 * <p>The server talks to a store only through {@link org.hbpush.api.Store}, whose methods never
 * block and answer with completion stages; the store tells the server about new messages and
 * deleted channels through {@link org.hbpush.api.StoreListener}. The rules every store keeps are
 * written on {@link org.hbpush.api.Store}, and the contract suite {@code hbpush-store-tck} checks
 * them.
 */
package org.hbpush.api;
