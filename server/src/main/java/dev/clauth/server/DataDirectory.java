package dev.clauth.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded database's folder ({@code --data DIR}): only its owner may enter it (0700), and the
 * H2 files in it are 0600. A new folder is created 0700 (its missing parents too); an existing one
 * owned by this user is tightened to 0700; one owned by someone else is left alone, with a warning
 * if others can enter it. Files H2 makes inside are out of others' reach because the folder is; once
 * the database is open they are set to 0600 as well.
 */
final class DataDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {
    }

    /** Creates or tightens {@code dir}; a warning, if any, goes to {@code err} as one line. */
    static void prepare(Path dir, PrintStream err) throws IOException {
        if (!posix()) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
        if (now.stream().noneMatch(OTHERS::contains)) {
            return;
        }
        if (ownedByMe(dir)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        } else {
            err.println("clauth server: warning: " + dir + " is " + PosixFilePermissions.toString(now)
                    + " and not yours; others may read the database (make it rwx------)");
        }
    }

    /** Sets the database's files (those named {@code clauth*}) in {@code dir} to 0600. */
    static void tightenFiles(Path dir) throws IOException {
        if (!posix() || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("clauth")
                    && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        }
    }

    private static boolean ownedByMe(Path dir) throws IOException {
        return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
