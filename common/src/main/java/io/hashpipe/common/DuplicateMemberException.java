package io.hashpipe.common;

/**
 * Another live process is a member of the group under the same static id: this one does not start, so that it
 * never fences the original.
 */
public final class DuplicateMemberException extends RuntimeException {

    public DuplicateMemberException(String role, String group, String instanceId, String holder, String flag) {
        super("Another " + role + " is running as " + instanceId + " in group " + group + " (" + holder + "); this one does not"
                + " start, so that the running one is not fenced. Give this one its own " + flag + ".");
    }
}
