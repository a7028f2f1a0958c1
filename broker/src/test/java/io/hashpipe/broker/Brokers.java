package io.hashpipe.broker;

/** Test helper: a started broker, for try-with-resources. */
final class Brokers {

    private Brokers() {
    }

    static EmbeddedBroker started(EmbeddedBrokerConfig config) {
        EmbeddedBroker broker = new EmbeddedBroker(config);
        broker.start();
        return broker;
    }
}
