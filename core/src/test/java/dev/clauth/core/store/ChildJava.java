package dev.clauth.core.store;

import dev.clauth.core.testing.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts a {@code main} of these test sources in a child JVM, for tests that need real processes. */
public final class ChildJava {

    private ChildJava() {
    }

    public static Process start(Class<?> main, String... args) throws IOException {
        return start(Map.of(), main, args);
    }

    /** As {@link #start(Class, String...)}, with {@code env} added to this process's environment. */
    public static Process start(Map<String, String> env, Class<?> main, String... args) throws IOException {
        return start(env, List.of(), main, args);
    }

    /** As {@link #start(Map, Class, String...)}, with {@code jvmOptions} (system properties) before the class. */
    public static Process start(Map<String, String> env, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmOptions);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Waits until the child prints {@code line}; fails (and kills it) if it exits first, or is still silent
     * after {@link Poll#SAFETY_NET} (the safety net for a hung child; a start takes seconds when the machine is busy).
     */
    public static void awaitLine(Process p, String line) throws InterruptedException {
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String got;
                while ((got = out.readLine()) != null) {
                    if (got.equals(line)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean ok;
        try {
            ok = seen.get(Poll.SAFETY_NET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            p.destroyForcibly();
            throw new AssertionError("the child ended, or " + Poll.hung("it to print " + line));
        }
    }

    /** SIGKILL, as a crash or {@code kill -9} would end it; returns once it has ended. */
    public static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(Poll.SAFETY_NET.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(Poll.hung("a SIGKILLed child to end"));
        }
    }
}
