package io.hashpipe.dbapi.internals;

import io.hashpipe.common.DbApiContract;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.stream.Collectors;

/** The API's paths with their methods; {@link #tag()} is the path tag of the request metrics. */
public enum Route {
    ADD(DbApiContract.ADD, HttpMethod.POST),
    ADD_BATCH(DbApiContract.ADD_BATCH, HttpMethod.POST),
    COUNT(DbApiContract.COUNT, HttpMethod.GET),
    RESULT(DbApiContract.RESULTS_PREFIX + "{id}", HttpMethod.GET),
    HEALTH(DbApiContract.HEALTH, HttpMethod.GET),
    SETTINGS(DbApiContract.ADMIN_SETTINGS, HttpMethod.GET, HttpMethod.PUT),
    /** Any other path: 404. */
    UNKNOWN("unknown");

    /** The prefix of {@link #RESULT}'s path; the rest is the id. */
    public static final String RESULTS_PREFIX = DbApiContract.RESULTS_PREFIX;

    private final String template;
    private final List<HttpMethod> methods;

    Route(String template, HttpMethod... methods) {
        this.template = template;
        this.methods = List.of(methods);
    }

    /** The route of a decoded request path (without query string). */
    public static Route of(String path) {
        if (path.startsWith(RESULTS_PREFIX) && path.length() > RESULTS_PREFIX.length()) {
            return RESULT;
        }
        for (Route route : values()) {
            if (route.template.equals(path)) {
                return route;
            }
        }
        return UNKNOWN;
    }

    /** The path template, bounded in number as a metric tag should be. */
    public String tag() {
        return template;
    }

    public boolean allows(HttpMethod method) {
        return methods.contains(method);
    }

    /** The value of the Allow header of a 405. */
    public String allowHeader() {
        return methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    }
}
