/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) for the local run
 * command and for integration tests.
 *
 * <p>The broker runs in a child JVM started from the Kafka jars of the local Maven repository, so its
 * dependencies (Scala, the server jars, log4j) never reach the classpath of our services. Its settings come
 * from one template, {@code kafka/server.properties}, copied into this module's jar.
 *
 * <ul>
 *   <li>{@link dev.facet.kafka.KafkaBroker}: start, stop, kill and restart one broker; create topics.
 *   <li>{@link dev.facet.kafka.SharedTestBroker}: one broker per test JVM, started on first use.
 *   <li>{@link dev.facet.kafka.BrokerMain}: the command that runs a broker until Ctrl-C.
 *   <li>{@link dev.facet.kafka.Topics}: the project's topic names and partition counts.
 * </ul>
 */
package dev.facet.kafka;
