package io.hashpipe.management;

import io.hashpipe.common.Service;

/**
 * What a service reports on {@code /health}: its {@link Service.State}, read on each request from the service it
 * follows ({@link #follow}). Ready exactly while the service is RUNNING; live until it has FAILED.
 *
 * <p>The answer keeps the fields it had before the services shared a lifecycle, and adds {@code state}:
 * {@code status} is {@code UP} while RUNNING, {@code DOWN} once FAILED, {@code STOPPING} while STOPPING or
 * STOPPED, and {@code STARTING} otherwise: CREATED, STARTING and WAITING (started, but not able to do its job
 * now: Kafka unreachable, the API's circuit open, the loop stalled), as a not-ready live service was reported
 * before. {@code state} tells WAITING from STARTING.
 */
public final class Health {

    private final String service;
    private volatile Service followed;
    /** Set when the endpoint closes: not ready from then on, whatever the service says. */
    private volatile boolean stopping;

    public Health(String service) {
        this.service = service;
    }

    /** Reports {@code followed}'s state from now on. */
    public void follow(Service followed) {
        this.followed = followed;
    }

    /** The endpoint is closing: no longer ready, still live. */
    void stopping() {
        stopping = true;
    }

    /** The followed service's state; CREATED while none is followed. */
    public Service.State state() {
        Service current = followed;
        return current == null ? Service.State.CREATED : current.state();
    }

    /** Live until the service has failed. */
    public boolean live() {
        return state() != Service.State.FAILED;
    }

    /** Ready exactly while the service is RUNNING (and the endpoint is not closing). */
    public boolean isReady() {
        return !stopping && state() == Service.State.RUNNING;
    }

    /** The answer's body: {@code {"service":"hasher","status":"UP","live":true,"ready":true,"state":"RUNNING"}}. */
    public String json() {
        Service.State state = state();
        boolean live = state != Service.State.FAILED;
        boolean ready = !stopping && state == Service.State.RUNNING;
        String status = !live ? "DOWN" : ready ? "UP"
                : stopping || state == Service.State.STOPPING || state == Service.State.STOPPED ? "STOPPING" : "STARTING";
        return "{\"service\":\"" + service + "\",\"status\":\"" + status + "\",\"live\":" + live
                + ",\"ready\":" + ready + ",\"state\":\"" + state + "\"}";
    }
}
