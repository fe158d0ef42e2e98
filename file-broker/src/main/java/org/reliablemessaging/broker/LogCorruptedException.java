package org.reliablemessaging.broker;

import java.nio.file.Path;

/**
 * The log holds damaged data that is not a torn write at its very end, so the broker refuses to
 * serve it rather than risk serving or losing records silently.
 */
public class LogCorruptedException extends BrokerException {

    public LogCorruptedException(Path file, long position, String reason) {
        super("log file " + file + " is corrupt at byte " + position + " (" + reason + "); it is "
                + "not a torn write at the end of the log that could be cut off; restore the broker directory from a backup, "
                + "or move " + file.getFileName() + " and the files after it aside to start without their data");
    }

    public LogCorruptedException(String message) {
        super(message);
    }
}
