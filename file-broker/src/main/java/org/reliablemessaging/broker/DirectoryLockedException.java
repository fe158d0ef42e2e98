package org.reliablemessaging.broker;

import java.nio.file.Path;

/**
 * Another broker, in this process or another, owns the data directory; two brokers writing one log
 * would corrupt it.
 */
public class DirectoryLockedException extends BrokerException {

    public DirectoryLockedException(Path directory, Path lockFile) {
        super("broker directory " + directory + " is owned by another broker (it holds the lock on " + lockFile
                + "); stop that broker first, or give this one another directory");
    }
}
