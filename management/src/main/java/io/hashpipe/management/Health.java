package io.hashpipe.management;

import java.util.function.BooleanSupplier;

/**
 * What a service command reports on {@code /health}: live while the command runs and has not failed,
 * ready when the service can do its work (as the command defines it: the HTTP port bound, the consumer
 * created, ...).
 */
public final class Health {

    private final String service;
    private volatile BooleanSupplier readiness = () -> false;
    private volatile boolean stopping;
    private volatile boolean failed;

    public Health(String service) {
        this.service = service;
    }

    /** The service is ready from now on. */
    public void ready() {
        readiness = () -> true;
    }

    /** The service is ready whenever {@code check} says so (read on each request). */
    public void readyWhen(BooleanSupplier check) {
        readiness = check;
    }

    /** The service is stopping: no longer ready, still live. */
    public void stopping() {
        stopping = true;
    }

    /** The service failed: neither live nor ready. */
    public void failed() {
        failed = true;
    }

    public boolean live() {
        return !failed;
    }

    public boolean isReady() {
        if (failed || stopping) {
            return false;
        }
        try {
            return readiness.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The answer's body: {@code {"service":"hasher","status":"UP","live":true,"ready":true}}. */
    public String json() {
        boolean live = live();
        boolean ready = isReady();
        String status = !live ? "DOWN" : ready ? "UP" : stopping ? "STOPPING" : "STARTING";
        return "{\"service\":\"" + service + "\",\"status\":\"" + status + "\",\"live\":" + live
                + ",\"ready\":" + ready + "}";
    }
}
