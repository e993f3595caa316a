package org.amhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process that an earlier run started and left behind (its launcher was killed) still holds its port and data: the
 * next start stops it first, found through the pid file it wrote and recognised by its command line, so a recycled pid
 * of an unrelated process is never touched.
 */
public final class OrphanProcesses {

    private OrphanProcesses() {
    }

    /**
     * Stops the process named in {@code pidFile} if it is alive and its command line contains {@code marker}
     * (SIGTERM, then SIGKILL after {@code grace}); deletes the pid file.
     *
     * @return whether a process was stopped
     */
    public static boolean stop(Path pidFile, String marker, Duration grace) {
        if (!Files.isRegularFile(pidFile)) {
            return false;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            boolean stopped = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine().orElse("").contains(marker))
                    .map(handle -> {
                        handle.destroy();
                        try {
                            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (Exception e) {
                            handle.destroyForcibly();
                        }
                        return true;
                    })
                    .orElse(false);
            Files.deleteIfExists(pidFile);
            return stopped;
        } catch (IOException | NumberFormatException e) {
            throw new UncheckedIOException(new IOException("Unreadable " + pidFile, e));
        }
    }
}
