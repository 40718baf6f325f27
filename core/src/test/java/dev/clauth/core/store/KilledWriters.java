package dev.clauth.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writers of one credentials file ({@link StoreWriterMain}, each in its own JVM) killed with SIGKILL at
 * random moments, one kill at a time, and what each kill left behind. {@link KilledWriterTest} makes a few
 * dozen kills; the soak in {@code bench/} ({@code bin/bench soak}) a thousand.
 */
public final class KilledWriters implements AutoCloseable {

    /** Longest pause between a writer being at work and its kill: the moment is random within it. */
    private static final int MAX_PAUSE_MS = 40;

    /** What one kill left: what is wrong with the file (empty when nothing) and how many temp files lie next to it. */
    public record AfterKill(int kill, Optional<String> problem, int tempFiles) {
    }

    private final Path file;
    private final List<Process> writers = new ArrayList<>();
    private int kills;

    /** Starts {@code count} writers of {@code file}. */
    public KilledWriters(Path file, int count) throws IOException {
        this.file = file;
        for (int i = 0; i < count; i++) {
            writers.add(ChildJava.start(StoreWriterMain.class, file.toString()));
        }
    }

    /**
     * The next writer in turn: once it is writing, after a random pause of up to {@value #MAX_PAUSE_MS} ms,
     * it is killed with SIGKILL and a new writer takes its place; then the store is looked at, while the
     * other writers go on writing.
     */
    public AfterKill killOne() throws IOException, InterruptedException {
        int slot = kills % writers.size();
        Process victim = writers.get(slot);
        ChildJava.awaitLine(victim, StoreWriterMain.WRITING);
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, MAX_PAUSE_MS));
        ChildJava.kill9(victim);
        writers.set(slot, ChildJava.start(StoreWriterMain.class, file.toString()));
        kills++;
        return new AfterKill(kills, problem(file), tempFiles(file.getParent()));
    }

    /**
     * Empty when {@code file} is complete, valid JSON holding a login whose access and refresh tokens come
     * from one and the same write, which {@link CredentialStore} reads; else what is wrong with it.
     */
    public static Optional<String> problem(Path file) {
        byte[] bytes;
        JsonNode login;
        try {
            bytes = Files.readAllBytes(file);
            login = JsonFile.MAPPER.readTree(bytes).path(CredentialStore.KEY);
        } catch (NoSuchFileException e) {
            return Optional.of("the file is gone");
        } catch (IOException e) {
            return Optional.of("not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        String access = login.path("accessToken").asText();
        String refresh = login.path("refreshToken").asText();
        if (!refresh.startsWith(StoreWriterMain.REFRESH_PREFIX)) {
            return Optional.of("no refresh token of a writer: '" + shorten(refresh) + "'");
        }
        String n = refresh.substring(StoreWriterMain.REFRESH_PREFIX.length());
        if (!access.equals(StoreWriterMain.ACCESS_PREFIX + n + "_" + StoreWriterMain.PADDING)) {
            return Optional.of("the access token '" + shorten(access) + "' is not write " + n + "'s whole one");
        }
        try {
            if (new CredentialStore(file).read().isEmpty()) {
                return Optional.of("the store reads no login");
            }
        } catch (RuntimeException e) {
            return Optional.of("the store cannot read it: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String shorten(String token) {
        return token.length() > 40 ? token.substring(0, 40) + "…" : token;
    }

    /** The credentials file's temp files in {@code dir}. */
    public static int tempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().startsWith(".credentials.json.tmp.")).count();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : writers) {
            ChildJava.kill9(p);
        }
    }
}
