package io.quorate.cli;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record, RFC 3339 time first; Netty's chatter kept to warnings. */
final class LoggingSetup {
    private LoggingSetup() {
    }

    static void forDaemon() {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                String thrown = record.getThrown() == null ? "" : " (" + record.getThrown() + ")";
                return Instant.ofEpochMilli(record.getMillis()) + " " + record.getLevel() + " "
                        + record.getLoggerName().replaceAll(".*\\.", "") + ": " + formatMessage(record) + thrown + "\n";
            }
        });
        handler.setLevel(Level.INFO);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
    }
}
