package io.quorate.ha.runtime;

import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Process guests run by the watchdog supervisor, in process groups of its own, so they die with it
 * and when its watchdog fires. {@code commandFor} gives the command line of each service's guest.
 */
final class SupervisedGuests implements GuestDriver {
    private final SupervisorLink supervisor;
    private final Function<String, List<String>> commandFor;

    SupervisedGuests(SupervisorLink supervisor, Function<String, List<String>> commandFor) {
        this.supervisor = supervisor;
        this.commandFor = commandFor;
    }

    @Override
    public Future<Void> start(String sid) {
        List<String> command = commandFor.apply(sid);
        if (command.stream().anyMatch(word -> word.isEmpty() || word.chars().anyMatch(Character::isWhitespace))) {
            return Future.failedFuture("guest command of " + sid + " has an empty word or one with whitespace: " + command);
        }
        return supervisor.call("START " + sid + " " + String.join(" ", command)).mapEmpty();
    }

    @Override
    public Future<Void> stop(String sid, long graceMs) {
        return supervisor.call("STOP " + sid + " " + graceMs).mapEmpty();
    }

    @Override
    public Future<Set<String>> running() {
        // "OK <armed|disarmed|fired> sid1,sid2"
        return supervisor.call("STATUS").map(answer -> {
            String[] words = answer.split(" ");
            Set<String> sids = new TreeSet<>();
            if (words.length > 2) {
                sids.addAll(Arrays.asList(words[2].split(",")));
            }
            sids.remove("");
            return sids;
        });
    }
}
