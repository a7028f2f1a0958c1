package io.hashpipe.common;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps two live processes from using one static member id ({@code group.instance.id}, for a hasher also its
 * transactional id): the second would fence the first. {@link #claim} looks at the group's members before the
 * clients are opened and refuses when another live process holds the id, naming it and the flag to change.
 *
 * <p>A member that held the id and is gone (SIGKILLed, then restarted at once) is still listed until its session
 * times out; it must not stop its own restart. Its client id carries its process id ({@link #clientId}), so on
 * this machine a listed member whose process is gone is a former self and the claim goes on at once. A member on
 * another machine cannot be checked that way: the claim waits for its session to time out, and refuses if it
 * is still there after that.
 */
public final class GroupMembers {

    private static final Logger log = LoggerFactory.getLogger(GroupMembers.class);
    /** The ids claimed by members running in this JVM (the local pipeline runs several). */
    private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();
    private static final String PID_MARK = "-p";
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

    private GroupMembers() {
    }

    /** This host's name, reduced to the characters a member or transactional id may hold: part of the derived ids. */
    public static String hostname() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "localhost" : safe;
    }

    /** The consumer's client id for {@code instanceId}: the id and this process's pid, which {@link #claim} reads. */
    public static String clientId(String instanceId) {
        return instanceId + PID_MARK + ProcessHandle.current().pid();
    }

    /** A claimed id; closing it lets another member in this JVM claim it. */
    public interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Claims {@code instanceId} in {@code group} for this process.
     *
     * @param role     what the member is, for the message ({@code "hasher"})
     * @param flag     the flag that changes the id, for the message ({@code "--instance (hasher.instance)"})
     * @throws DuplicateMemberException when another live process holds it
     */
    public static Claim claim(Admin admin, String group, String instanceId, String role, String flag) {
        if (!CLAIMED.add(instanceId)) {
            throw new DuplicateMemberException(role, group, instanceId, "another " + role + " in this process", flag);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KafkaClients.SESSION_TIMEOUT_MS + 3_000L);
            for (Optional<MemberDescription> holder = holder(admin, group, instanceId); holder.isPresent();
                 holder = holder(admin, group, instanceId)) {
                MemberDescription member = holder.get();
                Optional<Boolean> alive = aliveHere(member);
                if (alive.isPresent() && !alive.get()) {
                    log.info("{} {} of group {} was held by {} on {}, a process that is gone: taking it over", role, instanceId,
                            group, member.clientId(), member.host());
                    break;
                }
                if (alive.isPresent() || System.nanoTime() - deadline >= 0) {
                    throw new DuplicateMemberException(role, group, instanceId, "client " + member.clientId() + " on " + member.host(), flag);
                }
                log.info("{} {} of group {} is held by {} on {}, another machine: waiting up to {} s for its session to end",
                        role, instanceId, group, member.clientId(), member.host(), KafkaClients.SESSION_TIMEOUT_MS / 1000);
                Thread.sleep(1_000);
            }
        } catch (RuntimeException e) {
            CLAIMED.remove(instanceId);
            throw e;
        } catch (InterruptedException e) {
            CLAIMED.remove(instanceId);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the members of group " + group, e);
        }
        return () -> CLAIMED.remove(instanceId);
    }

    /** The member of {@code group} holding {@code instanceId}, if any; empty too when the group cannot be described. */
    private static Optional<MemberDescription> holder(Admin admin, String group, String instanceId) throws InterruptedException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(Set.of(group)).describedGroups().get(group)
                    .get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty(); // a new group: nobody holds anything
            }
            FatalKafkaException fatal = FatalKafkaException.of(e.getCause(), "Describing group " + group);
            if (fatal != null) {
                throw fatal;
            }
            log.warn("Could not describe group {} to check that no other member runs as {}: {}", group, instanceId, String.valueOf(e.getCause()));
            return Optional.empty();
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("Could not describe group {} within {} s to check that no other member runs as {}", group,
                    DESCRIBE_TIMEOUT.toSeconds(), instanceId);
            return Optional.empty();
        }
        return description.members().stream()
                .filter(m -> m.groupInstanceId().map(instanceId::equals).orElse(false) || m.clientId().startsWith(instanceId + PID_MARK))
                .findFirst();
    }

    /** Whether {@code member}'s process is alive, when it ran on this machine and its client id says its pid. */
    static Optional<Boolean> aliveHere(MemberDescription member) {
        String clientId = member.clientId();
        int mark = clientId.lastIndexOf(PID_MARK);
        if (mark < 0 || !isThisMachine(member.host())) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(clientId.substring(mark + PID_MARK.length()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (pid == ProcessHandle.current().pid()) {
            return Optional.of(false); // not claimed in this JVM (checked first): a member of ours that was closed
        }
        return Optional.of(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static boolean isThisMachine(String host) {
        String address = host.startsWith("/") ? host.substring(1) : host;
        try {
            InetAddress inet = InetAddress.getByName(address);
            return inet.isLoopbackAddress() || inet.isAnyLocalAddress() || NetworkInterface.getByInetAddress(inet) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
