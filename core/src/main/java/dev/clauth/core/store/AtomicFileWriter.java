package dev.clauth.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Replaces a file's content so that readers see the old content or the new, never a mix: a temp file
 * in the target's own directory, private (0600) from its creation, flushed to disk, renamed over the
 * target, and the directory flushed. A symlinked target is followed to its real file, so the link stays.
 */
public final class AtomicFileWriter {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final int MAX_LINKS = 40;

    private AtomicFileWriter() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path real = realTarget(target);
        Path dir = real.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        Path temp = Files.createTempFile(dir, real.getFileName() + ".tmp.", "", privateFile());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, real, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes temp files a killed writer of {@code target} left behind ({@code <name>.tmp.*} next to its
     * real file). Only safe while holding the lock every writer of {@code target} takes. Returns how many.
     */
    public static int removeOrphanedTempFiles(Path target) throws IOException {
        Path real = realTarget(target);
        Path dir = real.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (var orphans = Files.newDirectoryStream(dir, real.getFileName() + ".tmp.*")) {
            for (Path orphan : orphans) {
                if (Files.isRegularFile(orphan, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(orphan)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Renames {@code target}'s real file to {@code <name>.corrupt-<UTC timestamp>} in its own directory
     * (a numbered suffix if that name is taken) and returns the new path; nothing is deleted. The file is
     * made owner-only (0600) before it is moved, since it may hold tokens: a bad file that was readable by
     * others is not kept so under a name no one looks at.
     */
    public static Path moveAside(Path target, Instant now) throws IOException {
        Path real = realTarget(target);
        String base = real.getFileName() + ".corrupt-" + STAMP.format(now);
        Path aside = real.resolveSibling(base);
        for (int i = 1; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); i++) {
            aside = real.resolveSibling(base + "-" + i);
        }
        if (POSIX) {
            Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(real, aside, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(real.toAbsolutePath().getParent());
        return aside;
    }

    /**
     * Keeps {@code content} (an unreadable value from an OS secret store) in a new private file
     * {@code <name>-<UTC timestamp>} in {@code dir} (a numbered suffix if taken), so that removing the value
     * from the store loses nothing. Returns the file.
     */
    public static Path keepAside(Path dir, String name, byte[] content, Instant now) throws IOException {
        makePrivateDirectory(dir);
        String base = name + "-" + STAMP.format(now);
        Path aside = dir.resolve(base);
        for (int i = 1; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); i++) {
            aside = dir.resolve(base + "-" + i);
        }
        Files.write(Files.createFile(aside, privateFile()), content, StandardOpenOption.WRITE);
        return aside;
    }

    /** The file a write to {@code path} must replace: the end of its chain of symlinks, if any. */
    public static Path realTarget(Path path) throws IOException {
        Path current = path.toAbsolutePath();
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(current); i++) {
            current = current.getParent().resolve(Files.readSymbolicLink(current)).normalize();
        }
        if (Files.isSymbolicLink(current)) {
            throw new IOException("too many levels of symbolic links at " + path);
        }
        return current;
    }

    /** Creates missing directories as 0700; existing ones are left as they are. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Makes {@code dir} owner-only (0700), creating it if missing. For the config dir only: it holds
     * nothing but this user's own files.
     */
    public static void makePrivateDirectory(Path dir) throws IOException {
        createPrivateDirectories(dir);
        if (POSIX && !Files.isSymbolicLink(dir)) {
            var perms = Files.getPosixFilePermissions(dir);
            if (perms.stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    static FileAttribute<?>[] privateFile() {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }
}
